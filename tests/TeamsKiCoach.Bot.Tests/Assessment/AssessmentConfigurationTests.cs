using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using OllamaSharp;
using TeamsKiCoach.Ai;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Tests.Assessment;

public sealed class AssessmentConfigurationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("coach-ai-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    private static ServiceProvider Services(IConfiguration configuration) =>
        new ServiceCollection().AddLogging().AddAssessment(configuration).BuildServiceProvider();

    [Fact]
    public void WithoutAProviderOnlyTheOfflineRulesAreUsed()
    {
        using var services = Services(Settings());

        Assert.IsType<RuleAssessmentEngine>(services.GetRequiredService<IAssessmentEngine>());
        Assert.Null(services.GetService<Kernel>());
        Assert.Equal(AiProvider.None, services.GetRequiredService<AiOptions>().Provider);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("")]
    public void ProviderNoneIsTheOfflineRules(string provider)
    {
        using var services = Services(Settings(("Coach:Ai:Provider", provider)));

        Assert.IsType<RuleAssessmentEngine>(services.GetRequiredService<IAssessmentEngine>());
    }

    [Fact]
    public void OllamaIsReachedThroughOllamaSharpsChatClient()
    {
        using var services = Services(Settings(("Coach:Ai:Provider", "Ollama"), ("Coach:Ai:Model", "llama3.2"), ("Coach:Ai:TimeoutSeconds", "5")));

        Assert.IsType<KernelAssessmentEngine>(services.GetRequiredService<IAssessmentEngine>());
        var client = services.GetRequiredService<Kernel>().GetRequiredService<IChatClient>();
        var ollama = Assert.IsType<OllamaApiClient>(client);
        Assert.Equal(new Uri(AiOptions.DefaultOllamaEndpoint), ollama.Uri);
        Assert.Equal("llama3.2", ollama.SelectedModel);
        Assert.Equal(TimeSpan.FromSeconds(5), services.GetRequiredService<AiOptions>().Timeout);
    }

    [Theory]
    [InlineData("openai", null)]
    [InlineData("openai", "http://127.0.0.1:8080/v1")]
    [InlineData("azureopenai", "https://contoso.openai.azure.com/")]
    public void OpenAIAndAzureOpenAIGetAChatClientFromTheKernel(string provider, string? endpoint)
    {
        var values = new List<(string, string)> { ("Coach:Ai:Provider", provider), ("Coach:Ai:Model", "gpt-4o-mini"), ("Coach:Ai:ApiKey", "test-key") };
        if (endpoint is not null)
        {
            values.Add(("Coach:Ai:Endpoint", endpoint));
        }

        using var services = Services(Settings([.. values]));

        Assert.IsType<KernelAssessmentEngine>(services.GetRequiredService<IAssessmentEngine>());
        var client = services.GetRequiredService<Kernel>().GetRequiredService<IChatClient>();
        Assert.IsNotType<OllamaApiClient>(client);
        Assert.Equal(TimeSpan.FromSeconds(20), services.GetRequiredService<AiOptions>().Timeout);
    }

    [Theory]
    [InlineData("Provider=chatgpt", "unknown")]
    [InlineData("Provider=openai", "Model is needed")]
    [InlineData("Provider=openai;Model=gpt-4o-mini", "ApiKey is needed")]
    [InlineData("Provider=azureopenai;Model=gpt-4o-mini;ApiKey=k", "Endpoint is needed")]
    [InlineData("Provider=ollama;Model=llama3.2;Endpoint=localhost", "absolute http(s)")]
    [InlineData("Provider=ollama;Model=llama3.2;TimeoutSeconds=0", "TimeoutSeconds")]
    public void AHalfConfiguredProviderStopsTheStartWithAClearMessage(string settings, string message)
    {
        var values = settings.Split(';').Select(s => s.Split('=', 2)).Select(p => ($"Coach:Ai:{p[0]}", p[1])).ToArray();

        var error = Assert.Throws<InvalidOperationException>(() => AiOptions.Read(Settings(values)));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void AKeyInAnAppsettingsFileIsRefused()
    {
        File.WriteAllText(Path.Combine(folder, "appsettings.json"), """{ "Coach": { "Ai": { "Provider": "openai", "Model": "gpt-4o-mini", "ApiKey": "sk-committed" } } }""");
        var configuration = new ConfigurationBuilder().SetBasePath(folder).AddJsonFile("appsettings.json").Build();

        var error = Assert.Throws<InvalidOperationException>(() => AiOptions.Read(configuration));

        Assert.Contains("user secrets", error.Message);
        Assert.DoesNotContain("sk-committed", error.Message);
    }

    [Fact]
    public void AKeyFromTheEnvironmentOverAnAppsettingsFileIsAccepted()
    {
        File.WriteAllText(Path.Combine(folder, "appsettings.json"), """{ "Coach": { "Ai": { "Provider": "openai", "Model": "gpt-4o-mini" } } }""");
        var configuration = new ConfigurationBuilder()
            .SetBasePath(folder)
            .AddJsonFile("appsettings.json")
            .AddInMemoryCollection([KeyValuePair.Create("Coach:Ai:ApiKey", (string?)"from-the-environment")])
            .Build();

        var options = AiOptions.Read(configuration);

        Assert.Equal(AiProvider.OpenAI, options.Provider);
        Assert.Equal("from-the-environment", options.ApiKey);
    }

    [Fact]
    public async Task AKernelWithAChatCompletionServiceIsBridgedToTheSameEngine()
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<IChatCompletionService>(new FakeChatCompletionService(AssessmentModelAnswers.ValidAnswer()));
        var engine = new KernelAssessmentEngine(builder.Build(), new RuleAssessmentEngine(), TimeSpan.FromSeconds(20));

        var result = await engine.AssessAsync(AssessmentSubjects.Single("Rechnungen abtippen", Frequency.Daily), AssessmentText.German, CancellationToken.None);

        Assert.Equal(AssessmentSource.Ai, result.Source);
        Assert.Equal("Rechnungsdaten erfassen", result.FittingPart);
    }

    private sealed class FakeChatCompletionService(string answer) : IChatCompletionService
    {
        public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>();

        public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ChatMessageContent>>([new ChatMessageContent(AuthorRole.Assistant, answer)]);

        public IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
