using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using OllamaSharp;
using TeamsKiCoach.Ai.Pilots;
using TeamsKiCoach.Ai.Registry;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Registry;

namespace TeamsKiCoach.Ai;

public static class AssessmentServices
{
    public static readonly TimeSpan RegistryTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The provider as the registry names it to people: "Azure OpenAI", "OpenAI", "Ollama"; null for none.</summary>
    public static string? ProviderName(AiProvider provider) => provider switch
    {
        AiProvider.AzureOpenAI => "Azure OpenAI",
        AiProvider.OpenAI => "OpenAI",
        AiProvider.Ollama => "Ollama",
        _ => null,
    };

    /// <summary>
    /// Registers the assessment engines: the offline rules always, and as <see cref="IAssessmentEngine"/> the
    /// Semantic Kernel engine when "Coach:Ai:Provider" names a provider, otherwise the rules. The pilot proposal's
    /// drafter follows the same choice.
    /// </summary>
    public static IServiceCollection AddAssessment(this IServiceCollection services, IConfiguration configuration)
    {
        var options = AiOptions.Read(configuration);
        services.AddSingleton(options);
        services.AddSingleton<RuleAssessmentEngine>();
        services.AddSingleton(RulePilotDrafter.Instance);
        services.TryAddSingleton(TimeProvider.System);
        if (options.Provider == AiProvider.None)
        {
            services.AddSingleton<IAssessmentEngine>(sp => sp.GetRequiredService<RuleAssessmentEngine>());
            services.AddSingleton<IPilotDrafter>(RulePilotDrafter.Instance);
            services.AddSingleton<IRegistryQuestions, SearchRegistryQuestions>();
            return services;
        }

        services.AddSingleton(_ => CreateKernel(options));

        // Questions about the registry are answered on the request path of a message: the wait is kept shorter.
        services.AddSingleton<IRegistryQuestions>(sp => new RegistryQuestionAnswerer(
            sp.GetRequiredService<Kernel>(),
            options.Timeout < RegistryTimeout ? options.Timeout : RegistryTimeout,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<RegistryQuestionAnswerer>>()));
        services.AddSingleton<IAssessmentEngine>(sp => new KernelAssessmentEngine(
            sp.GetRequiredService<Kernel>(),
            sp.GetRequiredService<RuleAssessmentEngine>(),
            options.Timeout,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<KernelAssessmentEngine>>()));
        services.AddSingleton<IPilotDrafter>(sp => new KernelPilotDrafter(
            sp.GetRequiredService<Kernel>(),
            sp.GetRequiredService<RulePilotDrafter>(),
            options.Timeout,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<KernelPilotDrafter>>()));
        return services;
    }

    /// <summary>
    /// A kernel whose chat client talks to the configured provider. Nothing is sent until it is used;
    /// <paramref name="http"/> replaces the provider's own HTTP client (a proxy, or a test's loopback handler).
    /// </summary>
    public static Kernel CreateKernel(AiOptions options, HttpClient? http = null)
    {
        var builder = Kernel.CreateBuilder();
        switch (options.Provider)
        {
            case AiProvider.AzureOpenAI:
                builder.AddAzureOpenAIChatClient(deploymentName: options.Model!, endpoint: options.Endpoint!.ToString(), apiKey: options.ApiKey!, httpClient: http);
                break;
            case AiProvider.OpenAI:
                if (options.Endpoint is null)
                {
                    builder.AddOpenAIChatClient(modelId: options.Model!, apiKey: options.ApiKey!, httpClient: http);
                }
                else
                {
                    builder.AddOpenAIChatClient(modelId: options.Model!, endpoint: options.Endpoint, apiKey: options.ApiKey, httpClient: http);
                }

                break;
            case AiProvider.Ollama:
                builder.Services.AddSingleton<IChatClient>(http is null
                    ? new OllamaApiClient(options.Endpoint!, options.Model!)
                    : new OllamaApiClient(WithBase(http, options.Endpoint!), options.Model!));
                break;
            default:
                throw new InvalidOperationException("No AI provider is configured.");
        }

        return builder.Build();
    }

    private static HttpClient WithBase(HttpClient http, Uri endpoint)
    {
        http.BaseAddress ??= endpoint;
        return http;
    }
}
