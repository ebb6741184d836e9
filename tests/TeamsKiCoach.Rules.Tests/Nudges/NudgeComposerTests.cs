using System.Globalization;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Stages;

namespace TeamsKiCoach.Tests.Nudges;

public sealed class NudgeComposerTests
{
    private static readonly NudgeComposer Composer = new(new NudgeOptions());

    /// <summary>A team with something to say for every stage; each stage must pick its own part.</summary>
    internal static NudgeData Full() => new()
    {
        TopPatterns =
        [
            new("p1", "Rechnungen abtippen", 7, 4),
            new("p2", "Urlaubsanträge", 4, 3),
            new("p3", "Lieferscheine suchen", 3, 2),
            new("p4", "Druckerstau", 2, 1),
        ],
        AnswersThisWeek = 23,
        PatternsAwaitingCheck = [new("p2", "Urlaubsanträge", 4, 3), new("p3", "Lieferscheine suchen", 3, 2)],
        BestCandidate = new("p1", "Rechnungen abtippen", 7, 4),
        Relief = new("pilot-1", "Rechnungen vorerfassen", 5, 4),
        Pulse = new("pilot-1", "Rechnungen vorerfassen", 6, 2, 1, 1, 0),
        Bypasses = [new("pilot-1", "Rechnungen vorerfassen", 2)],
        Automations = [new("a1", "Rechnungen vorerfassen", "Jonas Becker"), new("a2", "Protokollvorlage", null)],
        OpenDecisions =
        [
            new("d2", DecisionKind.StageMove, "Stufe 8", "Maria Lang", new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.Zero)),
            new("d1", DecisionKind.PilotApproval, "Protokollvorlage", "Maria Lang", new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.Zero)),
        ],
    };

    [Theory]
    [InlineData(TeamStage.FrictionVisible, NudgeActions.ShowBacklog, null, "Diese Woche im Backlog")]
    [InlineData(TeamStage.RightQuestion, NudgeActions.CheckPattern, "p2", "Muss das ein Mensch tun?")]
    [InlineData(TeamStage.StartSmall, NudgeActions.ProposePilot, "p1", "Eins auswählen")]
    [InlineData(TeamStage.ImpactFirst, NudgeActions.ShowRelief, "pilot-1", "Wird jemand entlastet?")]
    [InlineData(TeamStage.WatchTheUse, NudgeActions.ShowPulse, "pilot-1", "Aus der Wochenabfrage")]
    [InlineData(TeamStage.Iterate, NudgeActions.ShowBypasses, "pilot-1", "Erst nachjustieren, dann erweitern")]
    [InlineData(TeamStage.PartOfTheWork, NudgeActions.AssignOwner, "a2", "Was hier automatisiert ist")]
    [InlineData(TeamStage.PeopleDecide, NudgeActions.OpenDecision, "d1", "Eine Entscheidung wartet auf eine Person")]
    public void EachStageNudgesAboutItsOwnTopicWithOneAction(TeamStage stage, string action, string? subject, string title)
    {
        var nudge = Composer.Compose(stage, Full(), NudgeText.German)!;

        Assert.Equal(stage, nudge.Stage);
        Assert.Equal(title, nudge.Title);
        Assert.Equal(action, nudge.ActionId);
        Assert.Equal(subject, nudge.ActionSubject);
        Assert.Contains(nudge.ActionId, NudgeActions.All);
        Assert.InRange(nudge.Lines.Count, 1, 6);
        Assert.All(nudge.Lines, line => Assert.InRange(line.Length, 1, 160));
    }

    [Theory]
    [MemberData(nameof(AllStages))]
    public void WithNothingToShowThereIsNoNudge(TeamStage stage)
    {
        Assert.Null(Composer.Compose(stage, new NudgeData(), NudgeText.German));
    }

    public static TheoryData<TeamStage> AllStages => new(TeamStages.All);

    [Fact]
    public void StageOneShowsTheThreeTopPatternsAndThanksTheTeam()
    {
        var nudge = Composer.Compose(TeamStage.FrictionVisible, Full(), NudgeText.German)!;

        Assert.Equal(
            [
                "„Rechnungen abtippen“: 7 Nennungen von 4 Personen",
                "„Urlaubsanträge“: 4 Nennungen von 3 Personen",
                "„Lieferscheine suchen“: 3 Nennungen von 2 Personen",
                "Danke für 23 Antworten diese Woche – auch „heute nichts“ hilft weiter.",
            ],
            nudge.Lines);
        Assert.Equal("Backlog ansehen", nudge.ActionLabel);
    }

    [Fact]
    public void StageTwoNamesThePatternToCheckOnItsButton()
    {
        var nudge = Composer.Compose(TeamStage.RightQuestion, Full(), NudgeText.English)!;

        Assert.Equal("2 patterns are waiting for the question whether a person really must do this.", nudge.Lines[0]);
        Assert.Equal("Check “Urlaubsanträge”", nudge.ActionLabel);
    }

    [Fact]
    public void StageThreeOffersTheBestCandidateAndKeepsItSmall()
    {
        var nudge = Composer.Compose(TeamStage.StartSmall, Full(), NudgeText.German)!;

        Assert.Equal("„Rechnungen abtippen“ ist als geeignet bestätigt und kommt am häufigsten vor: 7 Nennungen von 4 Personen.", nudge.Lines[0]);
        Assert.Contains("Ein Problem, ein Pilot", nudge.Lines[1]);
    }

    [Fact]
    public void StageFourShowsTheReliefResultAndTreatsANoAsASignal()
    {
        var relieved = Composer.Compose(TeamStage.ImpactFirst, Full(), NudgeText.German)!;
        var notRelieved = Composer.Compose(TeamStage.ImpactFirst, Full() with { Relief = new("pilot-1", "Rechnungen vorerfassen", 5, 1) }, NudgeText.German)!;

        Assert.Equal(["„Rechnungen vorerfassen“: 4 von 5 Antworten sagen: ja, konkret entlastet."], relieved.Lines);
        Assert.Equal(2, notRelieved.Lines.Count);
        Assert.Contains("kein Scheitern", notRelieved.Lines[1]);
    }

    [Fact]
    public void BelowTheAnonymityThresholdNoResultIsShownAndTheWaitIsSaidOnce()
    {
        var two = Composer.Compose(TeamStage.ImpactFirst, Full() with { Relief = new("pilot-1", "Rechnungen vorerfassen", 2, 2) }, NudgeText.German)!;
        var one = Composer.Compose(TeamStage.ImpactFirst, Full() with { Relief = new("pilot-1", "Rechnungen vorerfassen", 1, 0) }, NudgeText.German)!;
        var pulse = Composer.Compose(TeamStage.WatchTheUse, Full() with { Pulse = new("pilot-1", "Rechnungen vorerfassen", 2, 2, 0, 0, 0) }, NudgeText.German)!;

        Assert.Equal(NudgeActions.AnswerRelief, two.ActionId);
        Assert.DoesNotContain("2 von", Assert.Single(two.Lines));
        Assert.Equal(one.Fingerprint, two.Fingerprint);
        Assert.Equal(NudgeActions.AnswerPulse, pulse.ActionId);
        Assert.DoesNotContain("Umgangen", string.Join('\n', pulse.Lines));
    }

    [Fact]
    public void StageFiveShowsThePulseInAggregate()
    {
        var nudge = Composer.Compose(TeamStage.WatchTheUse, Full(), NudgeText.German)!;

        Assert.Equal(
            ["„Rechnungen vorerfassen“, 6 Antworten:", "Umgangen: 2", "Neue Rückfragen: 1", "Doch von Hand gemacht: 1", "Wenig entlastet: 0"],
            nudge.Lines.Take(5));
    }

    [Fact]
    public void StageSixAsksToAdjustBeforeExpanding()
    {
        var nudge = Composer.Compose(TeamStage.Iterate, Full(), NudgeText.German)!;

        Assert.Equal("„Rechnungen vorerfassen“: 2 offene Umgehungen", nudge.Lines[0]);
        Assert.StartsWith("Bevor ein neuer Pilot dazukommt", nudge.Lines[^1]);
    }

    [Fact]
    public void StageSevenRemindsWhoOwnsWhatAndAsksForAMissingOwnerFirst()
    {
        var missing = Composer.Compose(TeamStage.PartOfTheWork, Full(), NudgeText.German)!;
        var allOwned = Composer.Compose(TeamStage.PartOfTheWork, Full() with { Automations = [new("a1", "Rechnungen vorerfassen", "Jonas Becker")] }, NudgeText.German)!;

        Assert.Equal(["„Protokollvorlage“ – noch ohne verantwortliche Person", "„Rechnungen vorerfassen“ – verantwortlich: Jonas Becker"], missing.Lines);
        Assert.Equal("Verantwortliche Person für „Protokollvorlage“ eintragen", missing.ActionLabel);
        Assert.Equal(NudgeActions.ShowRegistry, allOwned.ActionId);
    }

    [Fact]
    public void StageEightNamesTheDecisionWaitingLongestAndWhoItWaitsFor()
    {
        var nudge = Composer.Compose(TeamStage.PeopleDecide, Full(), NudgeText.German)!;

        Assert.Equal(["Seit 2. Juni: Freigabe des Piloten „Protokollvorlage“", "Wartet auf: Maria Lang", "Die KI bereitet vor; entscheiden tut ein Mensch."], nudge.Lines);
    }

    [Fact]
    public void TheFingerprintIsAboutTheFactsNotTheLanguage()
    {
        var german = Composer.Compose(TeamStage.FrictionVisible, Full(), NudgeText.German)!;
        var english = Composer.Compose(TeamStage.FrictionVisible, Full(), NudgeText.English)!;
        var moreMentions = Composer.Compose(TeamStage.FrictionVisible, Full() with { TopPatterns = [new("p1", "Rechnungen abtippen", 8, 4)] }, NudgeText.German)!;

        Assert.NotEqual(german.Lines, english.Lines);
        Assert.Equal(german.Fingerprint, english.Fingerprint);
        Assert.NotEqual(german.Fingerprint, moreMentions.Fingerprint);
    }

    [Fact]
    public void NudgeTextsExistInBothLanguages()
    {
        var german = NudgeText.Keys(CultureInfo.GetCultureInfo("de"));
        Assert.Equal(german, NudgeText.Keys(CultureInfo.GetCultureInfo("en")));
        Assert.All(TeamStages.All, s => Assert.NotEqual(NudgeText.German[$"Title.{(int)s}"], NudgeText.English[$"Title.{(int)s}"]));
    }
}
