using Microsoft.Extensions.DependencyInjection;
using TeamsKiCoach.Ai;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Assessment;

public sealed class AssessmentHostTests
{
    [Fact]
    public async Task TheHostUsesTheOfflineRulesWhenNoProviderIsConfigured()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = CoachHost.Development(database);

        Assert.IsType<RuleAssessmentEngine>(host.Services.GetRequiredService<IAssessmentEngine>());
    }

    [Fact]
    public async Task TheHostUsesTheConfiguredProvider()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = CoachHost.Development(database, ("Coach:Ai:Provider", "ollama"), ("Coach:Ai:Model", "llama3.2"), ("Coach:Ai:Endpoint", "http://127.0.0.1:11434"));

        Assert.IsType<KernelAssessmentEngine>(host.Services.GetRequiredService<IAssessmentEngine>());
    }

    [Fact]
    public async Task AHalfConfiguredProviderStopsTheHostWithAClearMessage()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = CoachHost.Development(database, ("Coach:Ai:Provider", "azureopenai"), ("Coach:Ai:Model", "gpt-4o-mini"));

        var error = Assert.Throws<InvalidOperationException>(() => host.CreateClient());

        Assert.Contains("Coach:Ai:Endpoint is needed for Azure OpenAI", error.Message);
    }
}
