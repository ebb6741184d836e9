using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Stages;

namespace TeamsKiCoach.Tests.Stages;

public sealed class StageAdvisorTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    private static readonly StageOptions Defaults = new();

    private static StageAdvice Suggest(TeamStage current, StageEvidence evidence, StageOptions? options = null, TimeProvider? time = null) =>
        new StageAdvisor(time ?? new FakeTimeProvider(Now)).Suggest(current, evidence, options ?? Defaults);

    private static StageEvidence Patterns(params (string Title, int Mentions, int People)[] patterns) =>
        new() { RecentPatterns = [.. patterns.Select(p => new PatternSpread(p.Title, p.Mentions, p.People))] };

    private static IReadOnlyList<string> Lines(StageAdvice advice, StageText? text = null) =>
        advice.Evidence.Select((text ?? StageText.German).Line).ToList();

    [Fact]
    public void ANewTeamWithTooFewSharedPatternsGetsNoSuggestionButSeesHowFarItIs()
    {
        var advice = Suggest(TeamStage.FrictionVisible, Patterns(("Rechnungen abtippen", 7, 4), ("Urlaubsanträge", 3, 2), ("Druckerstau", 9, 1)));

        Assert.False(advice.HasSuggestion);
        Assert.Equal(
            ["Muster, die mindestens 2 Personen nennen: 2 (nötig für den nächsten Schritt: 3)", "„Rechnungen abtippen“: 7 Nennungen von 4 Personen", "„Urlaubsanträge“: 3 Nennungen von 2 Personen"],
            Lines(advice));
        Assert.Equal("Kein Vorschlag: Das Team bleibt in Stufe 1: Reibung sichtbar machen, solange es passt.", StageText.German.Suggestion(advice));
    }

    [Fact]
    public void ThreePatternsNamedByTwoPeopleEachSuggestStageTwoWithThePatternsAsEvidence()
    {
        var advice = Suggest(TeamStage.FrictionVisible, Patterns(("Rechnungen abtippen", 7, 4), ("Urlaubsanträge", 3, 2), ("Lieferscheine suchen", 2, 2)));

        Assert.Equal(TeamStage.RightQuestion, advice.Suggested);
        Assert.Contains("„Lieferscheine suchen“: 2 Nennungen von 2 Personen", Lines(advice));
        Assert.Equal("Vorschlag: weiter zu Stufe 2: Die richtige Frage stellen. Eine Teamleitung bestätigt oder lehnt ab.", StageText.German.Suggestion(advice));
    }

    [Fact]
    public void TheThresholdsAreTheConfiguredOnes()
    {
        var evidence = Patterns(("Rechnungen abtippen", 7, 3), ("Urlaubsanträge", 3, 2));
        var strict = new StageOptions { PatternsToMoveOn = 1, PeoplePerPattern = 4 };
        var lenient = new StageOptions { PatternsToMoveOn = 1, PeoplePerPattern = 3 };

        Assert.False(Suggest(TeamStage.FrictionVisible, evidence, strict).HasSuggestion);
        Assert.Equal(TeamStage.RightQuestion, Suggest(TeamStage.FrictionVisible, evidence, lenient).Suggested);
        Assert.Equal("Patterns named by at least 3 people: 1 (needed for the next step: 1)", Lines(Suggest(TeamStage.FrictionVisible, evidence, lenient), StageText.English)[0]);
    }

    public static TheoryData<TeamStage, StageEvidence, TeamStage, string> Moves => new()
    {
        { TeamStage.RightQuestion, new() { PatternsConfirmedFit = 1 }, TeamStage.StartSmall, "Als geeignet bestätigte Muster: 1" },
        { TeamStage.StartSmall, new() { PilotsApproved = 1 }, TeamStage.ImpactFirst, "Freigegebene Piloten: 1" },
        { TeamStage.ImpactFirst, new() { PilotsRunning = 1 }, TeamStage.WatchTheUse, "Laufende Piloten: 1" },
        { TeamStage.WatchTheUse, new() { PilotsRunning = 1, PulsesShowingBypasses = 2 }, TeamStage.Iterate, "Wochenabfragen mit Umgehungen: 2" },
        { TeamStage.WatchTheUse, new() { PilotsRunning = 1, PulsesShowingLowRelief = 1 }, TeamStage.Iterate, "Wochenabfragen mit wenig Entlastung: 1" },
        { TeamStage.WatchTheUse, new() { PilotsKept = 1 }, TeamStage.PartOfTheWork, "Beibehaltene Piloten: 1" },
        { TeamStage.Iterate, new() { PilotsKept = 1 }, TeamStage.PartOfTheWork, "Beibehaltene Piloten: 1" },
        { TeamStage.PartOfTheWork, new() { PilotsKept = 1, Automations = 2 }, TeamStage.PeopleDecide, "Automatisierungen im Verzeichnis: 2" },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void EachStageSuggestsTheNextWhenItsEvidenceIsThere(TeamStage current, StageEvidence evidence, TeamStage expected, string line)
    {
        var advice = Suggest(current, evidence);

        Assert.Equal(expected, advice.Suggested);
        Assert.False(advice.SuggestsGoingBack);
        Assert.Contains(line, Lines(advice));
    }

    public static TheoryData<TeamStage, StageEvidence> Stays => new()
    {
        { TeamStage.RightQuestion, new() },
        { TeamStage.StartSmall, new() { PatternsConfirmedFit = 3 } },
        { TeamStage.ImpactFirst, new() { PilotsApproved = 1 } },
        { TeamStage.WatchTheUse, new() { PilotsRunning = 1 } },
        { TeamStage.Iterate, new() { PilotsRunning = 1, PulsesShowingBypasses = 3 } },
        { TeamStage.PartOfTheWork, new() { PilotsKept = 1, Automations = 2, AutomationsWithoutOwner = 1 } },
        { TeamStage.PartOfTheWork, new() { PilotsKept = 1, Automations = 2, AutomationsWithoutExplanation = 1 } },
        { TeamStage.PartOfTheWork, new() { PilotsKept = 1 } },
        { TeamStage.PeopleDecide, new() { PilotsKept = 1, Automations = 3 } },
    };

    [Theory]
    [MemberData(nameof(Stays))]
    public void WithoutTheEvidenceTheTeamStays(TeamStage current, StageEvidence evidence)
    {
        var advice = Suggest(current, evidence);

        Assert.Null(advice.Suggested);
        Assert.NotEmpty(advice.Evidence);
    }

    [Theory]
    [InlineData(TeamStage.ImpactFirst)]
    [InlineData(TeamStage.WatchTheUse)]
    [InlineData(TeamStage.Iterate)]
    public void WhenNoPilotIsLeftTheSuggestionIsToChooseOneAgain(TeamStage current)
    {
        var advice = Suggest(current, new StageEvidence { PatternsConfirmedFit = 2 });

        Assert.Equal(TeamStage.StartSmall, advice.Suggested);
        Assert.True(advice.SuggestsGoingBack);
        Assert.Equal(["Zurzeit ist kein Pilot freigegeben, läuft oder wurde beibehalten."], Lines(advice));
        Assert.StartsWith("Vorschlag: zurück zu Stufe 3: Klein anfangen", StageText.German.Suggestion(advice));
    }

    [Fact]
    public void AnAutomationWithoutAnOwnerSendsStageEightBackToTheRegistry()
    {
        var advice = Suggest(TeamStage.PeopleDecide, new StageEvidence { Automations = 2, AutomationsWithoutOwner = 1 });

        Assert.Equal(TeamStage.PartOfTheWork, advice.Suggested);
        Assert.Contains("Davon ohne verantwortliche Person: 1", Lines(advice));
    }

    [Fact]
    public void ADeclinedMoveIsNotSuggestedAgainUntilItsRestIsOver()
    {
        var time = new FakeTimeProvider(Now);
        var evidence = new StageEvidence { PatternsConfirmedFit = 1, DeclinedStage = TeamStage.StartSmall, DeclinedAt = Now };

        var resting = Suggest(TeamStage.RightQuestion, evidence, time: time);
        time.Advance(Defaults.RestAfterDecline - TimeSpan.FromMinutes(1));
        var stillResting = Suggest(TeamStage.RightQuestion, evidence, time: time);
        time.Advance(TimeSpan.FromMinutes(1));
        var again = Suggest(TeamStage.RightQuestion, evidence, time: time);

        Assert.Null(resting.Suggested);
        Assert.Equal(Now + Defaults.RestAfterDecline, resting.RestingUntil);
        Assert.Equal("Kein neuer Vorschlag bis 13. Juli 2026: Die Teamleitung hat den letzten abgelehnt.", StageText.German.Suggestion(resting));
        Assert.Null(stillResting.Suggested);
        Assert.Equal(TeamStage.StartSmall, again.Suggested);
    }

    [Fact]
    public void EvenWithAllTheEvidenceTheBotSuggestsOneStepAtATime()
    {
        var everything = Patterns(("Rechnungen abtippen", 9, 5), ("Urlaubsanträge", 6, 3), ("Lieferscheine suchen", 5, 3)) with
        {
            PatternsConfirmedFit = 3, PilotsApproved = 1, PilotsRunning = 1, PilotsKept = 1,
            PulsesShowingBypasses = 1, Automations = 1,
        };

        Assert.All(TeamStages.All.SkipLast(1), stage => Assert.Equal(stage + 1, Suggest(stage, everything).Suggested));
        Assert.Null(Suggest(TeamStages.Last, everything).Suggested);
    }

    [Fact]
    public void ADeclineOfAnotherMoveDoesNotHoldThisOneBack()
    {
        var evidence = new StageEvidence { PatternsConfirmedFit = 1, DeclinedStage = TeamStage.FrictionVisible, DeclinedAt = Now };

        Assert.Equal(TeamStage.StartSmall, Suggest(TeamStage.RightQuestion, evidence).Suggested);
    }

    [Fact]
    public void EveryStageHasANameAMeaningAndANextStepInBothLanguages()
    {
        foreach (var text in new[] { StageText.German, StageText.English })
        {
            Assert.Equal(8, TeamStages.All.Select(text.Name).Distinct().Count());
            Assert.Equal(8, TeamStages.All.Select(text.Meaning).Distinct().Count());
            Assert.Equal(8, TeamStages.All.Select(text.NextStep).Distinct().Count());
        }

        Assert.Equal("Nicht: Was kann KI? Sondern: Muss das ein Mensch tun?", StageText.German.Meaning(TeamStage.RightQuestion));
        Assert.Equal("Stage 6: Iterate, don't expand", StageText.English.Title(TeamStage.Iterate));
        Assert.All(TeamStages.All, s => Assert.NotEqual(StageText.German.NextStep(s), StageText.English.NextStep(s)));
    }

    [Fact]
    public void StageTextsExistInBothLanguages()
    {
        var german = StageText.Keys(CultureInfo.GetCultureInfo("de"));
        Assert.Equal(german, StageText.Keys(CultureInfo.GetCultureInfo("en")));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, TeamStage.FrictionVisible)]
    [InlineData(8, TeamStage.PeopleDecide)]
    [InlineData(9, null)]
    public void OnlyOneToEightAreStages(int number, TeamStage? expected)
    {
        Assert.Equal(expected, TeamStages.FromNumber(number));
    }
}
