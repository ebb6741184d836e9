using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Bot.Hosting;

public enum AiProvider
{
    None,
    OpenAI,
    AzureOpenAI,
    Ollama,
}

/// <summary>
/// "Coach:Ai": the AI provider the pattern grouping takes embeddings from. The key comes from user secrets or
/// the environment (Coach__Ai__ApiKey), never from a settings file in the repository.
/// </summary>
public sealed class AiSettings
{
    public AiProvider Provider { get; set; } = AiProvider.None;

    /// <summary>OpenAI: optional (api.openai.com); Azure OpenAI: the resource, https://NAME.openai.azure.com; Ollama: defaults to http://localhost:11434.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The embedding model, or on Azure OpenAI its deployment name.</summary>
    public string EmbeddingModel { get; set; } = "text-embedding-3-small";

    public string? ApiKey { get; set; }

    /// <summary>Blended similarity to join a pattern; calibrate per model (README, grouping quality).</summary>
    public double? SimilarityThreshold { get; set; }

    public double? EmbeddingWeight { get; set; }

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Embeddings longer than this are projected down to it before grouping (0 keeps them as they come).</summary>
    public int EmbeddingDimensions { get; set; } = 256;
}

/// <summary>Chooses the pattern grouper from configuration: lexical offline, embeddings blended in with a provider.</summary>
public static class PatternGrouping
{
    public static IServiceCollection AddPatternGrouping(this IServiceCollection services, AiSettings settings)
    {
        var generator = CreateGenerator(settings);
        if (generator is null)
        {
            services.AddSingleton<IPatternGrouper>(new LexicalPatternGrouper());
            return services;
        }

        var defaults = new EmbeddingGroupingOptions();
        var options = defaults with
        {
            Threshold = settings.SimilarityThreshold ?? defaults.Threshold,
            EmbeddingWeight = settings.EmbeddingWeight ?? defaults.EmbeddingWeight,
            Timeout = TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds)),
            Dimensions = Math.Max(0, settings.EmbeddingDimensions),
        };
        services.AddSingleton<IPatternGrouper>(sp => new EmbeddingPatternGrouper(
            generator,
            sp.GetRequiredService<ILogger<EmbeddingPatternGrouper>>(),
            options,
            time: sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>The provider's embedding generator, or null for none; a provider without what it needs stops the start.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>>? CreateGenerator(AiSettings settings)
    {
        switch (settings.Provider)
        {
            case AiProvider.None:
                return null;
            case AiProvider.OpenAI:
                var openAi = new OpenAIClientOptions();
                if (!string.IsNullOrWhiteSpace(settings.Endpoint))
                {
                    openAi.Endpoint = new Uri(settings.Endpoint);
                }

                return new OpenAIClient(new ApiKeyCredential(RequireKey(settings)), openAi).GetEmbeddingClient(settings.EmbeddingModel).AsIEmbeddingGenerator();
            case AiProvider.AzureOpenAI:
                if (string.IsNullOrWhiteSpace(settings.Endpoint))
                {
                    throw new InvalidOperationException("TeamsKiCoach does not start: Coach:Ai:Endpoint is not set for Azure OpenAI.");
                }

                // Azure OpenAI's v1 API speaks the OpenAI protocol; it takes the key in an api-key header.
                var key = RequireKey(settings);
                var azure = new OpenAIClientOptions { Endpoint = new Uri(settings.Endpoint.TrimEnd('/') + "/openai/v1/") };
                azure.AddPolicy(new ApiKeyHeaderPolicy(key), PipelinePosition.BeforeTransport);
                return new OpenAIClient(new ApiKeyCredential(key), azure).GetEmbeddingClient(settings.EmbeddingModel).AsIEmbeddingGenerator();
            case AiProvider.Ollama:
                // Ollama serves the OpenAI embeddings API under /v1 and ignores the key.
                var ollama = new OpenAIClientOptions { Endpoint = new Uri((settings.Endpoint ?? "http://localhost:11434").TrimEnd('/') + "/v1/") };
                return new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(settings.ApiKey) ? "ollama" : settings.ApiKey), ollama)
                    .GetEmbeddingClient(settings.EmbeddingModel).AsIEmbeddingGenerator();
            default:
                throw new InvalidOperationException($"TeamsKiCoach does not start: Coach:Ai:Provider '{settings.Provider}' is unknown.");
        }
    }

    private static string RequireKey(AiSettings settings) =>
        string.IsNullOrWhiteSpace(settings.ApiKey)
            ? throw new InvalidOperationException($"TeamsKiCoach does not start: Coach:Ai:ApiKey is not set for {settings.Provider} (user secrets or the environment variable Coach__Ai__ApiKey).")
            : settings.ApiKey;

    private sealed class ApiKeyHeaderPolicy(string key) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            SetKey(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            SetKey(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void SetKey(PipelineMessage message)
        {
            message.Request.Headers.Remove("Authorization");
            message.Request.Headers.Set("api-key", key);
        }
    }
}
