using System.ClientModel;
using System.Globalization;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OllamaSharp;
using OpenAI;
using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Ai.Patterns;

/// <summary>
/// Chooses the pattern grouper from "Coach:Ai": offline by words, or with embeddings blended in when a provider
/// and "Coach:Ai:EmbeddingModel" are set. Provider, endpoint and key are the ones the assessment uses
/// (<see cref="AiOptions"/>); the embedding settings are read here.
/// </summary>
public static class PatternGroupingServices
{
    public static IServiceCollection AddPatternGrouping(this IServiceCollection services, IConfiguration configuration)
    {
        var ai = AiOptions.Read(configuration);
        var section = configuration.GetSection(AiOptions.Section);
        var model = section["EmbeddingModel"]?.Trim();
        if (ai.Provider == AiProvider.None || string.IsNullOrEmpty(model))
        {
            services.AddSingleton<IPatternGrouper>(new LexicalPatternGrouper());
            return services;
        }

        var defaults = new EmbeddingGroupingOptions();
        var options = defaults with
        {
            Threshold = Number(section, "SimilarityThreshold", defaults.Threshold, 0, 1),
            EmbeddingWeight = Number(section, "EmbeddingWeight", defaults.EmbeddingWeight, 0, 1),
            Timeout = TimeSpan.FromSeconds(Number(section, "EmbeddingTimeoutSeconds", defaults.Timeout.TotalSeconds, 0.1, 300)),
            Dimensions = (int)Number(section, "EmbeddingDimensions", defaults.Dimensions, 0, 16_384),
        };
        var generator = CreateEmbeddingGenerator(ai, model);
        services.AddSingleton<IPatternGrouper>(sp => new EmbeddingPatternGrouper(
            generator,
            sp.GetRequiredService<ILogger<EmbeddingPatternGrouper>>(),
            options,
            time: sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>The provider's embedding generator; nothing is sent until it is used.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(AiOptions options, string model) => options.Provider switch
    {
        AiProvider.AzureOpenAI => new AzureOpenAIClient(options.Endpoint!, new ApiKeyCredential(options.ApiKey!))
            .GetEmbeddingClient(model).AsIEmbeddingGenerator(),
        AiProvider.OpenAI => new OpenAIClient(new ApiKeyCredential(options.ApiKey!), new OpenAIClientOptions { Endpoint = options.Endpoint })
            .GetEmbeddingClient(model).AsIEmbeddingGenerator(),
        AiProvider.Ollama => new OllamaApiClient(options.Endpoint!, model),
        _ => throw new InvalidOperationException("No AI provider is configured."),
    };

    private static double Number(IConfigurationSection section, string key, double fallback, double min, double max)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{AiOptions.Section}:{key} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
    }
}
