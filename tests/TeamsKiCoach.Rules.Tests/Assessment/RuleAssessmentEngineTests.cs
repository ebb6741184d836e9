using System.Globalization;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using static TeamsKiCoach.Tests.Assessment.AssessmentSubjects;

namespace TeamsKiCoach.Tests.Assessment;

public sealed class RuleAssessmentEngineTests
{
    private static readonly RuleAssessmentEngine Engine = new();

    [Fact]
    public void TheRecurringReasonCitesMentionsPeopleAndTheUsualFrequency()
    {
        var subject = Pattern(
            ("Rechnungen abtippen", Frequency.Daily, "anna"),
            ("Eingangsrechnungen ins ERP tippen", Frequency.Daily, "ben"),
            ("Rechnungsdaten übertragen", Frequency.Weekly, "carla"),
            ("Rechnungen von Hand erfassen", Frequency.Daily, "dave"),
            ("Rechnungen abtippen, jeden Tag", Frequency.Daily, "anna"));

        var result = Engine.Assess(subject, AssessmentText.German);

        Assert.Equal(Verdict.Fit, result.Verdict);
        Assert.Equal(AssessmentSource.Rules, result.Source);
        Assert.Equal(Rating.Yes, result[Criterion.Recurring]);
        Assert.StartsWith("Kommt regelmäßig vor: 5 Nennungen von 4 Personen, meist täglich", result.Rated(Criterion.Recurring).Reason);
        Assert.Contains("„abtippen“", result.Rated(Criterion.Structured).Reason);
    }

    [Fact]
    public void ReasonsAreInTheUsersLanguageWhateverTheEntriesLanguage()
    {
        var result = Engine.Assess(Single("Rechnungen von Hand ins ERP abtippen", Frequency.Daily), AssessmentText.English);

        Assert.Equal("Comes up regularly: 1 mention, daily.", result.Rated(Criterion.Recurring).Reason);
        Assert.Equal("Fixed form: words like “von Hand”, “abtippen”, “Rechnungen”.", result.Rated(Criterion.Structured).Reason);
        Assert.Equal("No conversation or relationship work mentioned.", result.Rated(Criterion.Relationship).Reason);
        Assert.Equal("Fit for automation", AssessmentText.English.VerdictText(result));
    }

    [Fact]
    public void AHumanCoreWithAMechanicalStepIsPartlyFitAndNamesTheStep()
    {
        var result = Engine.Assess(Single("Nach jedem Kundenbesuch schreibe ich den Besuchsbericht und übertrage ihn ins CRM"), AssessmentText.German);

        Assert.Equal(Verdict.PartlyFit, result.Verdict);
        Assert.Equal("übertrage ihn ins CRM", result.FittingPart);
        Assert.Equal(Rating.Yes, result[Criterion.Relationship]);
        Assert.Equal("Teilweise geeignet: übertrage ihn ins CRM", AssessmentText.German.VerdictText(result));
    }

    [Theory]
    [InlineData("Kündigungsgespräche mit Mitarbeitern führen", Criterion.Relationship)]
    [InlineData("Einen Auszubildenden trösten, der einen Fehler gemacht hat", Criterion.Relationship)]
    [InlineData("Deciding whether we take on a risky project with a new client", Criterion.Judgment)]
    [InlineData("Haftungsfragen mit dem Versicherer", Criterion.Responsibility)]
    public void JudgmentResponsibilityOrRelationshipWithoutAMechanicalStepStaysWithPeople(string text, Criterion criterion)
    {
        var result = Engine.Assess(Single(text, Frequency.Rarely), AssessmentText.German);

        Assert.Equal(Verdict.KeepWithPeople, result.Verdict);
        Assert.Null(result.FittingPart);
        Assert.Equal(Rating.Yes, result[criterion]);
        Assert.Equal(Rating.No, result[Criterion.Recurring]);
        Assert.Equal("Bleibt beim Menschen", AssessmentText.German.VerdictText(result));
    }

    [Theory]
    [InlineData("Lieferantenrechnungen abtippen")]
    [InlineData("Lieferantenrechnung abgetippt")]
    [InlineData("Lieferanten-Rechnungen ABTIPPEN")]
    [InlineData("Rechnungsdaten uebertragen")]
    [InlineData("re-typing supplier invoices")]
    public void CuesSurviveInflectionCompoundsAndSpelling(string text)
    {
        var result = Engine.Assess(Single(text), AssessmentText.German);

        Assert.Equal(Verdict.Fit, result.Verdict);
        Assert.Equal(Rating.Yes, result[Criterion.Structured]);
    }

    [Fact]
    public void OneOddEntryDoesNotTurnAWholePattern()
    {
        var subject = Pattern(
            ("Stundenzettel abtippen", Frequency.Weekly, "a"),
            ("Stundenzettel in Excel übertragen", Frequency.Weekly, "b"),
            ("Stundenzettel von Hand nachrechnen", Frequency.Weekly, "c"),
            ("Stundenzettel einsammeln und abtippen", Frequency.Weekly, "d"),
            ("Stundenzettel: Streit mit dem Kollegen, der nie abgibt", Frequency.Weekly, "e"));

        var result = Engine.Assess(subject, AssessmentText.German);

        Assert.Equal(Verdict.PartlyFit, result.Verdict);
        Assert.Equal(Rating.Partly, result[Criterion.Relationship]);
    }

    [Fact]
    public void ARareTaskIsNotFitEvenWhenMechanical()
    {
        var result = Engine.Assess(Single("Einmal im Jahr die Inventurlisten in Excel abtippen", Frequency.Rarely), AssessmentText.German);

        Assert.Equal(Verdict.PartlyFit, result.Verdict);
        Assert.Equal(Rating.No, result[Criterion.Recurring]);
        Assert.StartsWith("Kommt selten vor: 1 Nennung, selten", result.Rated(Criterion.Recurring).Reason);
    }

    [Fact]
    public void EveryCriterionIsRatedOnceWithAOneLineReason()
    {
        var result = Engine.Assess(Single("Angebote kalkulieren: Preise aus der Liste zusammensuchen, den Rabatt entscheidet der Chef"), AssessmentText.German);

        Assert.Equal(Criteria.All, result.Criteria.Select(c => c.Criterion));
        Assert.All(result.Criteria, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Reason));
            Assert.DoesNotContain('\n', c.Reason);
            Assert.True(c.Reason.Length <= 160, c.Reason);
        });
    }

    [Fact]
    public void APatternOfTheTeamBacklogIsAssessedWithItsOwnNumbers()
    {
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        BacklogEntry Entry(int number, string text, string? author, Frequency frequency) => new()
        {
            Id = number, TenantId = "t", TeamId = "team", Number = number, Text = text, AuthorAadObjectId = author,
            Frequency = frequency, MinutesLost = 20, CreatedAt = start.AddDays(number),
        };
        var backlog = TeamBacklog.Group(
            [
                Entry(1, "Rechnungen von Hand abtippen", "anna", Frequency.Daily),
                Entry(2, "Eingangsrechnungen manuell ins ERP tippen", "ben", Frequency.Daily),
                Entry(3, "Rechnungen abtippen dauert ewig", null, Frequency.Weekly),
                Entry(4, "Rechnungen abtippen", "anna", Frequency.Daily),
                Entry(5, "Mitarbeitergespräche vorbereiten und führen", "carla", Frequency.Rarely),
            ],
            new Coaching.Backlog.Patterns.LexicalPatternGrouper());

        var invoices = AssessmentSubject.From(backlog.PatternOf(1)!);
        var result = Engine.Assess(invoices, AssessmentText.German);

        Assert.Equal(4, invoices.Mentions);
        Assert.Equal(3, invoices.People);
        Assert.Equal(Verdict.Fit, result.Verdict);
        Assert.Equal("Kommt regelmäßig vor: 4 Nennungen von 3 Personen, meist täglich.", result.Rated(Criterion.Recurring).Reason);
    }

    [Fact]
    public void ASingleBacklogEntryCanBeAssessed()
    {
        var entry = new BacklogEntry { TenantId = "t", TeamId = "team", Number = 12, Text = "Copying order numbers from emails into the tracking sheet", Frequency = Frequency.Daily, MinutesLost = 15 };

        var subject = AssessmentSubject.From(entry);
        var result = Engine.Assess(subject, AssessmentText.English);

        Assert.Equal(75, subject.MinutesPerWeek);
        Assert.Equal(Verdict.Fit, result.Verdict);
    }

    [Fact]
    public void EveryAssessmentTextExistsInGermanAndEnglishAndDiffers()
    {
        var german = AssessmentText.Keys(CultureInfo.InvariantCulture);
        var english = AssessmentText.Keys(CultureInfo.GetCultureInfo("en"));

        Assert.NotEmpty(german);
        Assert.Equal(german, english);
        Assert.All(german, key => Assert.NotEqual(AssessmentText.German[key], AssessmentText.English[key]));
        Assert.Equal("Vorschlag (Regeln)", AssessmentText.German.SourceLabel(AssessmentSource.Rules));
        Assert.Equal("Vorschlag (KI)", AssessmentText.German.SourceLabel(AssessmentSource.Ai));
        Assert.Same(AssessmentText.English, AssessmentText.For("en-GB"));
        Assert.Same(AssessmentText.German, AssessmentText.For("fr-FR"));
    }
}
