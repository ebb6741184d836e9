using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Tests.Registry;

public sealed class RegistrySearchTests
{
    [Theory]
    [InlineData("Täglicher Reibungs-Impuls", BotAutomations.Prompts)]
    [InlineData("TAGLICHER REIBUNGS-IMPULS", BotAutomations.Prompts)]
    [InlineData("impuls", BotAutomations.Prompts)]
    [InlineData("„Alte Daten löschen“", BotAutomations.Retention)]
    [InlineData("alte daten loschen", BotAutomations.Retention)]
    [InlineData("wochenpuls", BotAutomations.Pulses)]
    public void ExplainFindsTheBotsOwnStepWhateverTheCaseAndAccents(string name, string key)
    {
        Assert.Equal(key, RegistrySearch.Explain(SampleRegistry.Entries(), name)?.BuiltInKey);
    }

    [Theory]
    [InlineData("eingangsrechnungen erfassen")]
    [InlineData("Rechnungen")]
    [InlineData("rechnung")]
    public void ExplainFindsATeamsAutomationByPartOfItsName(string name)
    {
        Assert.Equal("Eingangsrechnungen erfassen", RegistrySearch.Explain(SampleRegistry.Entries(), name)?.Name);
    }

    [Fact]
    public void ExplainWithAnUnknownNameFindsNothing()
    {
        Assert.Null(RegistrySearch.Explain(SampleRegistry.Entries(), "Urlaubsplanung"));
        Assert.Null(RegistrySearch.Explain(SampleRegistry.Entries(), "  "));
    }

    [Fact]
    public void AQuestionAboutAnOwnerFindsTheAutomationItIsAbout()
    {
        var matches = RegistrySearch.Find(SampleRegistry.Entries(), "Wer ist für die Rechnungen verantwortlich?");

        Assert.Equal("Eingangsrechnungen erfassen", matches[0].Entry.Name);
    }

    [Fact]
    public void AQuestionByThePersonsNameFindsWhatTheyOwn()
    {
        var matches = RegistrySearch.Find(SampleRegistry.Entries(), "Was macht Jonas?");

        Assert.Equal("Eingangsrechnungen erfassen", Assert.Single(matches).Entry.Name);
    }

    [Fact]
    public void AQuestionAboutAiFindsOnlyTheStepsThatUseIt()
    {
        IReadOnlyList<AutomationEntry> entries = [.. BotAutomations.Describe(SampleRegistry.Config(c => c with { AiProvider = "Azure OpenAI" }), RegistryText.German), SampleRegistry.Invoices(), SampleRegistry.MeetingNotes()];

        var matches = RegistrySearch.Find(entries, "Wo wird KI eingesetzt?");

        Assert.Equal(["Eingangsrechnungen erfassen", "Vorschlag zu „Muss das ein Mensch tun?“"], matches.Select(m => m.Entry.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AnEnglishQuestionFindsTheEnglishEntry()
    {
        var matches = RegistrySearch.Find(SampleRegistry.Entries(RegistryText.English), "when are old answers deleted?");

        Assert.Equal(BotAutomations.Retention, matches[0].Entry.BuiltInKey);
    }

    [Theory]
    [InlineData("Was ist hier automatisiert?")]
    [InlineData("Quantencomputer Blockchain")]
    [InlineData("")]
    public void QuestionsWithoutAMatchingWordFindNothing(string question)
    {
        Assert.Empty(RegistrySearch.Find(SampleRegistry.Entries(), question));
    }
}
