using System.Globalization;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Tests.Registry;

public sealed class BotAutomationsTests
{
    private static AutomationEntry Step(IReadOnlyList<AutomationEntry> entries, string key) => Assert.Single(entries, e => e.BuiltInKey == key);

    private static string Everything(AutomationEntry entry) => string.Join('\n', RegistryText.German.Explain(entry));

    [Fact]
    public void TheBotListsItsSixOwnStepsEachExplainedAndOwnedByAPerson()
    {
        var entries = BotAutomations.Describe(SampleRegistry.Config(), RegistryText.German);

        Assert.Equal(
            [BotAutomations.Prompts, BotAutomations.Patterns, BotAutomations.Assessment, BotAutomations.Pulses, BotAutomations.Nudges, BotAutomations.Retention],
            entries.Select(e => e.BuiltInKey));
        Assert.All(entries, e =>
        {
            Assert.True(e.IsExplained, e.Name);
            Assert.True(e.HasOwner, e.Name);
            Assert.Equal("Petra Schulz", e.OwnerName);
            Assert.False(string.IsNullOrWhiteSpace(e.Trigger), e.Name);
            Assert.False(string.IsNullOrWhiteSpace(e.DataUsed), e.Name);
            Assert.Equal(SampleRegistry.Installed, e.Since);
        });
        Assert.Equal(entries.Count, entries.Select(e => e.Name).Distinct().Count());
    }

    [Fact]
    public void ChangingThePromptTimeChangesThePromptEntry()
    {
        var afternoon = Step(BotAutomations.Describe(SampleRegistry.Config(), RegistryText.German), BotAutomations.Prompts);
        var morning = Step(BotAutomations.Describe(SampleRegistry.Config(c => c with { PromptTime = new TimeOnly(8, 45) }), RegistryText.German), BotAutomations.Prompts);

        Assert.Contains("15:30 Uhr", afternoon.Steps[0]);
        Assert.Contains("15:30 Uhr", afternoon.Trigger);
        Assert.Contains("08:45 Uhr", morning.Steps[0]);
        Assert.Contains("08:45 Uhr", morning.Trigger);
        Assert.DoesNotContain("15:30", Everything(morning));
    }

    [Fact]
    public void TheEnglishEntrySaysTheTimeTheEnglishWay()
    {
        var prompts = Step(BotAutomations.Describe(SampleRegistry.Config(c => c with { PromptTime = new TimeOnly(16, 0) }), RegistryText.English), BotAutomations.Prompts);

        Assert.Equal("Daily friction prompt", prompts.Name);
        Assert.StartsWith("Monday to Friday at 4:00 PM", prompts.Steps[0]);
    }

    [Theory]
    [InlineData(WorkDays.Monday | WorkDays.Tuesday | WorkDays.Wednesday | WorkDays.Thursday, "Montag bis Donnerstag")]
    [InlineData(WorkDays.Monday | WorkDays.Wednesday | WorkDays.Friday, "Montag, Mittwoch und Freitag")]
    [InlineData(WorkDays.Tuesday, "Dienstag")]
    public void TheWorkDaysAndTheTeamsZoneAreThoseConfigured(WorkDays days, string expected)
    {
        var prompts = Step(BotAutomations.Describe(SampleRegistry.Config(c => c with { WorkDays = days, TimeZone = "Europe/Vienna" }), RegistryText.German), BotAutomations.Prompts);

        Assert.StartsWith(expected + " um 15:30 Uhr", prompts.Steps[0]);
        Assert.Contains("Europe/Vienna", prompts.Steps[0]);
    }

    [Fact]
    public void QuietHoursPulseDayAndRetentionComeFromTheConfiguration()
    {
        var entries = BotAutomations.Describe(SampleRegistry.Config(c => c with
        {
            QuietFrom = new TimeOnly(18, 0),
            QuietUntil = new TimeOnly(8, 0),
            PulseDay = DayOfWeek.Tuesday,
            PulseTime = new TimeOnly(10, 15),
            RetentionMonths = 6,
        }), RegistryText.German);

        Assert.Contains("18:00 Uhr bis 08:00 Uhr", Step(entries, BotAutomations.Prompts).DoesNot[0]);
        Assert.Contains("18:00 Uhr bis 08:00 Uhr", Step(entries, BotAutomations.Nudges).DoesNot[0]);
        Assert.StartsWith("Jeden Dienstag um 10:15 Uhr", Step(entries, BotAutomations.Pulses).Steps[0]);
        Assert.Contains("6 Monate", Step(entries, BotAutomations.Retention).Steps[0]);
    }

    [Fact]
    public void WithoutAProviderNoStepUsesAi()
    {
        var entries = BotAutomations.Describe(SampleRegistry.Config(), RegistryText.German);

        Assert.All(entries, e => Assert.False(e.UsesAi, e.Name));
        Assert.Contains("ohne KI", Step(entries, BotAutomations.Assessment).Steps[1]);
        Assert.Contains("KI: keine", Everything(Step(entries, BotAutomations.Assessment)));
    }

    [Fact]
    public void WithAProviderTheAssessmentSaysWhichOneAndPatternsOnlyWhenEmbeddingsAreOn()
    {
        var assessmentOnly = BotAutomations.Describe(SampleRegistry.Config(c => c with { AiProvider = "Azure OpenAI" }), RegistryText.German);
        var both = BotAutomations.Describe(SampleRegistry.Config(c => c with { AiProvider = "Ollama", AiGroupsPatterns = true }), RegistryText.German);

        Assert.Equal([BotAutomations.Assessment], assessmentOnly.Where(e => e.UsesAi).Select(e => e.BuiltInKey));
        Assert.Contains("Azure OpenAI", Step(assessmentOnly, BotAutomations.Assessment).AiRole);
        Assert.Contains("Azure OpenAI", Step(assessmentOnly, BotAutomations.Assessment).Steps[1]);
        Assert.Equal([BotAutomations.Patterns, BotAutomations.Assessment], both.Where(e => e.UsesAi).Select(e => e.BuiltInKey));
        Assert.Contains("Ollama", Step(both, BotAutomations.Patterns).Steps[2]);
    }

    [Theory]
    [InlineData(NudgeCadence.Weekly, AutomationStatus.Running, "Einmal pro Woche")]
    [InlineData(NudgeCadence.EveryTwoWeeks, AutomationStatus.Running, "Alle zwei Wochen")]
    [InlineData(NudgeCadence.Off, AutomationStatus.Paused, "Ausgeschaltet")]
    public void TheNudgeEntryFollowsTheTeamsCadence(NudgeCadence cadence, AutomationStatus status, string start)
    {
        var nudges = Step(BotAutomations.Describe(SampleRegistry.Config(c => c with { NudgeCadence = cadence }), RegistryText.German), BotAutomations.Nudges);

        Assert.Equal(status, nudges.Status);
        Assert.StartsWith(start, nudges.Steps[0]);
    }

    [Fact]
    public void NoRetentionPeriodMeansTheDeleteStepIsPaused()
    {
        var retention = Step(BotAutomations.Describe(SampleRegistry.Config(c => c with { RetentionMonths = 0 }), RegistryText.English), BotAutomations.Retention);

        Assert.Equal(AutomationStatus.Paused, retention.Status);
        Assert.StartsWith("Switched off", retention.Steps[0]);
    }

    [Fact]
    public void AnExplanationNumbersTheStepsAndSaysWhatItDoesNotDo()
    {
        var lines = RegistryText.German.Explain(SampleRegistry.Invoices());

        Assert.Equal("„Eingangsrechnungen erfassen“ (läuft, seit 4. Mai 2026)", lines[0]);
        Assert.Contains("1. Liest neue Rechnungen aus dem Postfach buchhaltung@.", lines);
        Assert.Contains("2. Trägt Lieferant, Betrag und Fälligkeit ins ERP ein.", lines);
        Assert.Contains("– Gibt keine Zahlung frei.", lines);
        Assert.Contains("Verantwortlich: Jonas Becker", lines);
        Assert.Contains("Zuletzt überprüft: 1. Juni 2026", lines);
    }

    [Fact]
    public void TheStageEvidenceCountsTheTeamsActiveAutomationsNotTheBotsOwn()
    {
        var retired = SampleRegistry.Invoices();
        retired.Status = AutomationStatus.Retired;
        retired.OwnerAadObjectId = null;
        var unexplained = SampleRegistry.MeetingNotes();
        unexplained.DoesNot = [];

        var evidence = new StageEvidence().WithRegistry([.. BotAutomations.Describe(SampleRegistry.Config(c => c with { OwnerAadObjectId = null }), RegistryText.German), retired, unexplained]);

        Assert.Equal(1, evidence.Automations);
        Assert.Equal(1, evidence.AutomationsWithoutOwner);
        Assert.Equal(1, evidence.AutomationsWithoutExplanation);
    }

    [Fact]
    public void RegistryTextsExistInBothLanguages()
    {
        var german = RegistryText.Keys(CultureInfo.GetCultureInfo("de"));
        Assert.Equal(german, RegistryText.Keys(CultureInfo.GetCultureInfo("en")));
        Assert.All(german, key => Assert.False(string.IsNullOrWhiteSpace(RegistryText.English[key]), key));
    }
}
