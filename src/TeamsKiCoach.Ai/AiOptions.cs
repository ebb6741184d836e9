using Microsoft.Extensions.Configuration;

namespace TeamsKiCoach.Ai;

public enum AiProvider
{
    /// <summary>No language model: the offline rules only.</summary>
    None,
    AzureOpenAI,
    OpenAI,
    Ollama,
}

/// <summary>
/// The "Coach:Ai" configuration section. The key comes from user secrets or the environment
/// (Coach__Ai__ApiKey), never from a committed appsettings file: <see cref="Read"/> refuses one found there.
/// </summary>
public sealed class AiOptions
{
    public const string Section = "Coach:Ai";
    public const string DefaultOllamaEndpoint = "http://localhost:11434";

    public AiProvider Provider { get; init; }

    /// <summary>Azure OpenAI resource, an OpenAI-compatible base address, or the Ollama server.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The model id (OpenAI, Ollama) or the deployment name (Azure OpenAI).</summary>
    public string? Model { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>How long one assessment may wait for the model before the offline result is used.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Reads and checks the section; a half-configured provider is an error at start, not a silent fallback.</summary>
    public static AiOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var provider = section["Provider"]?.Trim() switch
        {
            null or "" => AiProvider.None,
            var name when name.Equals("none", StringComparison.OrdinalIgnoreCase) => AiProvider.None,
            var name when name.Equals("azureopenai", StringComparison.OrdinalIgnoreCase) => AiProvider.AzureOpenAI,
            var name when name.Equals("openai", StringComparison.OrdinalIgnoreCase) => AiProvider.OpenAI,
            var name when name.Equals("ollama", StringComparison.OrdinalIgnoreCase) => AiProvider.Ollama,
            var name => throw new InvalidOperationException($"{Section}:Provider '{name}' is unknown; use azureopenai, openai, ollama or leave it empty for the offline rules."),
        };

        var timeoutText = section["TimeoutSeconds"];
        var timeout = TimeSpan.FromSeconds(20);
        if (!string.IsNullOrWhiteSpace(timeoutText))
        {
            if (!double.TryParse(timeoutText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 300)
            {
                throw new InvalidOperationException($"{Section}:TimeoutSeconds must be a number of seconds between 0 and 300.");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        var endpointText = section["Endpoint"];
        Uri? endpoint = null;
        if (!string.IsNullOrWhiteSpace(endpointText) && (!Uri.TryCreate(endpointText.Trim(), UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("https" or "http")))
        {
            throw new InvalidOperationException($"{Section}:Endpoint must be an absolute http(s) address.");
        }

        var options = new AiOptions
        {
            Provider = provider,
            Endpoint = endpoint ?? (provider == AiProvider.Ollama ? new Uri(DefaultOllamaEndpoint) : null),
            Model = section["Model"]?.Trim() is { Length: > 0 } model ? model : null,
            ApiKey = section["ApiKey"] is { Length: > 0 } key ? key : null,
            Timeout = timeout,
        };

        if (options.ApiKey is not null && KeyFromCommittedFile(configuration) is { } file)
        {
            throw new InvalidOperationException($"{Section}:ApiKey was found in {file}. Keep the key in user secrets or in the environment (Coach__Ai__ApiKey), never in a file in the repository.");
        }

        return options.Check();
    }

    private AiOptions Check()
    {
        if (Provider == AiProvider.None)
        {
            return this;
        }

        if (Model is null)
        {
            throw new InvalidOperationException($"{Section}:Model is needed for {Provider} (the model id, or the deployment name on Azure OpenAI).");
        }

        if (Provider == AiProvider.AzureOpenAI && Endpoint is null)
        {
            throw new InvalidOperationException($"{Section}:Endpoint is needed for Azure OpenAI (https://<resource>.openai.azure.com/).");
        }

        if (Provider is AiProvider.AzureOpenAI or AiProvider.OpenAI && ApiKey is null)
        {
            throw new InvalidOperationException($"{Section}:ApiKey is needed for {Provider}: set it with `dotnet user-secrets set \"{Section}:ApiKey\" …` or the environment variable Coach__Ai__ApiKey.");
        }

        return this;
    }

    /// <summary>The appsettings file that supplies the key, if any: the last provider that has it wins.</summary>
    private static string? KeyFromCommittedFile(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return null;
        }

        foreach (var provider in root.Providers.Reverse())
        {
            if (provider.TryGet($"{Section}:ApiKey", out var value) && !string.IsNullOrEmpty(value))
            {
                return provider is FileConfigurationProvider file
                    && Path.GetFileName(file.Source.Path ?? string.Empty).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
                    ? file.Source.Path
                    : null;
            }
        }

        return null;
    }
}
