using System.Globalization;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Pilots;
using static TeamsKiCoach.Tests.Pilots.PilotTeam;

namespace TeamsKiCoach.Tests.Pilots;

public sealed class PilotDraftTests
{
    private static readonly DateTimeOffset Seen = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static FrictionPattern Pattern(int people = 4, int anonymous = 0) =>
        new(7, "Rechnungen von Hand abtippen", [1, 2, 3, 4, 5], 5, people, anonymous, Seen, Seen.AddDays(14), 120);

    private static readonly string[] Entries =
    [
        "Rechnungen von Hand abtippen",
        "rechnungen von hand abtippen.",
        "Lieferscheine mit der Bestellung abgleichen",
        "Mahnungen einzeln raussuchen",
        "Skonto-Fristen im Kalender eintragen",
    ];

    [Fact]
    public void AGermanDraftNamesTheStepWhatStaysManualWhoIsRelievedAndTheProposerAsOwner()
    {
        var draft = PilotDraft.FromPattern(Pattern(), Entries, Anna, PilotText.German);

        Assert.Equal(7, draft.PatternKey);
        Assert.Equal("Rechnungen von Hand abtippen", draft.PatternTitle);
        Assert.Equal("Einen wiederkehrenden Schritt von „Rechnungen von Hand abtippen“ automatisch erledigen lassen.", draft.Step);
        Assert.Equal(
            "Prüfen, Ausnahmen und Rückfragen bei „Rechnungen von Hand abtippen“ bleiben bei den Menschen. "
            + "Auch genannt und vorerst von Hand: „Lieferscheine mit der Bestellung abgleichen“; „Mahnungen einzeln raussuchen“.",
            draft.StaysManual);
        Assert.StartsWith("Die 4 Personen, die das genannt haben;", draft.WhoIsRelieved);
        Assert.Equal(Anna, draft.Owner);
        Assert.Null(draft.ReviewOn);
        Assert.False(draft.AiDrafted);
    }

    [Fact]
    public void AnEnglishDraftSaysTheSameInEnglish()
    {
        var draft = PilotDraft.FromPattern(Pattern(), Entries, Anna, PilotText.For("en-GB"));

        Assert.Equal("Have one recurring step of “Rechnungen von Hand abtippen” done automatically.", draft.Step);
        Assert.Equal(
            "Checking, exceptions and follow-up questions on “Rechnungen von Hand abtippen” stay with people. "
            + "Also mentioned and done by hand for now: “Lieferscheine mit der Bestellung abgleichen”; “Mahnungen einzeln raussuchen”.",
            draft.StaysManual);
        Assert.StartsWith("The 4 people who mentioned it;", draft.WhoIsRelieved);
    }

    [Theory]
    [InlineData("de-DE", 1, 0, "Die Person, die das genannt hat;")]
    [InlineData("de-DE", 1, 3, "Mindestens eine Person, die das genannt hat;")]
    [InlineData("de-DE", 3, 2, "Mindestens 3 Personen, die das genannt haben;")]
    [InlineData("en-US", 1, 0, "The person who mentioned it;")]
    [InlineData("en-US", 1, 3, "At least one person who mentioned it;")]
    [InlineData("en-US", 3, 2, "At least 3 people who mentioned it;")]
    public void TheReliefCountIsALowerBoundWhenSomeMentionedItAnonymously(string locale, int people, int anonymous, string start)
    {
        var draft = PilotDraft.FromPattern(Pattern(people, anonymous), Entries, Anna, PilotText.For(locale));

        Assert.StartsWith(start, draft.WhoIsRelieved);
    }

    [Fact]
    public void APatternWithOneKindOfMentionKeepsOnlyTheGeneralManualPart()
    {
        var draft = PilotDraft.FromPattern(Pattern(), ["Rechnungen von Hand abtippen", "  "], Anna, PilotText.German);

        Assert.Equal("Prüfen, Ausnahmen und Rückfragen bei „Rechnungen von Hand abtippen“ bleiben bei den Menschen.", draft.StaysManual);
    }

    [Fact]
    public void ADraftFromTheLongestTitleCanBeProposedAsItIs()
    {
        var team = new PilotTeam();
        var longTitle = PatternSummary.Title(string.Join(' ', Enumerable.Repeat("Stundenzettel", 20)));
        var pattern = Pattern() with { Title = longTitle };
        var longEntries = Enumerable.Range(0, 5).Select(i => string.Join(' ', Enumerable.Repeat("Reisekosten" + i, 20))).ToList();

        foreach (var text in new[] { PilotText.German, PilotText.English })
        {
            var draft = PilotDraft.FromPattern(pattern, longEntries, Anna, text);
            Assert.IsType<ProposalResult.Proposed>(Pilot.Propose("tenant-1", "team-1", 1, draft, Anna, Berlin, team.Now));
        }
    }

    [Fact]
    public void EveryPilotTextExistsInGermanAndEnglish()
    {
        var german = PilotText.Keys(CultureInfo.InvariantCulture);
        var english = PilotText.Keys(CultureInfo.GetCultureInfo("en"));

        Assert.NotEmpty(german);
        Assert.Equal(german, english);
        Assert.All(Enum.GetValues<PilotState>(), s => Assert.NotEqual(PilotText.German.StateName(s), PilotText.English.StateName(s)));
        Assert.All(Enum.GetValues<Relief>(), r => Assert.NotEqual(PilotText.German.ReliefAnswer(r), PilotText.English.ReliefAnswer(r)));
        Assert.All(Enum.GetValues<FreeAPlace>(), w => Assert.NotEqual(PilotText.German.WayToFree(w), PilotText.English.WayToFree(w)));
        Assert.DoesNotContain(german, k => k != "Draft.Separator" && PilotText.German[k] == PilotText.English[k]);
        Assert.Equal("Bist du durch den Pilot konkret entlastet?", PilotText.For("de-AT").ReliefQuestion);
    }
}
