using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Tests.Backlog;

public sealed class PatternGroupingTests
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(1));

    private static FrictionEntry Entry(long id, string text, string? author = "anna", int day = 0, Frequency frequency = Frequency.Weekly, int? minutes = null) =>
        new(id, text, author, Monday.AddDays(day), frequency, minutes);

    private static readonly FrictionEntry[] Invoices =
    [
        Entry(1, "Rechnungen von Hand abtippen", "anna", 0, Frequency.Daily, 30),
        Entry(2, "Eingangsrechnungen manuell ins ERP tippen", "ben", 1, Frequency.Daily, 20),
        Entry(3, "typing invoices by hand", null, 2, Frequency.Weekly, 60),
        Entry(4, "Rechnugnen abtippen dauert", null, 5, Frequency.Daily, 15),
    ];

    private static readonly FrictionEntry[] Vacation =
    [
        Entry(11, "Urlaubsanträge per Mail hin und her", "carla", 0),
        Entry(12, "Urlaubsantrag per E-Mail an die Chefin", "dirk", 3),
        Entry(13, "vacation requests back and forth by email", "anna", 4),
    ];

    [Fact]
    public void InflectionsCompoundsTyposAndEnglishLandInOnePattern()
    {
        var grouping = new LexicalPatternGrouper().Group([.. Invoices, .. Vacation]);

        Assert.Single(Invoices.Select(e => grouping.PatternOf(e.Id)).Distinct());
        Assert.Single(Vacation.Select(e => grouping.PatternOf(e.Id)).Distinct());
        Assert.NotEqual(grouping.PatternOf(1), grouping.PatternOf(11));
    }

    [Fact]
    public void PatternCountsMentionsPeopleAndTimeWithAnonymousEntriesAsOnePerson()
    {
        var grouping = new LexicalPatternGrouper().Group(Invoices);
        var pattern = Assert.Single(grouping.Patterns());

        Assert.Equal(4, pattern.Mentions);
        Assert.Equal(3, pattern.People);
        Assert.Equal(2, pattern.AnonymousMentions);
        Assert.Equal(Monday, pattern.FirstSeen);
        Assert.Equal(Monday.AddDays(5), pattern.LastSeen);
        Assert.Equal([1L, 2, 3, 4], pattern.EntryIds);

        // anna 30×5 + ben 20×5 + anonymous latest 15×5 (the older anonymous 60 min weekly is the same person).
        Assert.Equal(325, pattern.MinutesPerWeek, 6);
        Assert.Equal("ca. 5,5 Std./Woche", pattern.TimePerWeekText);
    }

    [Fact]
    public void TitleIsAGermanEntryOfThePattern()
    {
        var pattern = Assert.Single(new LexicalPatternGrouper().Group(Invoices).Patterns());

        Assert.Contains(pattern.Title, Invoices.Where(e => e.Text != "typing invoices by hand").Select(e => PatternSummary.Title(e.Text)));
    }

    [Theory]
    [InlineData("  rechnungen   von Hand abtippen. ", "Rechnungen von Hand abtippen")]
    [InlineData("Wir müssen jeden Monat alle Eingangsrechnungen aus dem Postfach von Hand ins ERP übertragen", "Wir müssen jeden Monat alle Eingangsrechnungen aus dem…")]
    [InlineData("Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellungsbetriebsrechnungen", "Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellun…")]
    [InlineData("   ", "(ohne Text)")]
    public void TitleIsTrimmedToSixtyCharactersAtAWord(string text, string title)
    {
        Assert.Equal(title, PatternSummary.Title(text));
        Assert.True(PatternSummary.Title(text).Length <= PatternSummary.MaxTitleLength);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(3.4, "ca. 3 Min./Woche")]
    [InlineData(44, "ca. 45 Min./Woche")]
    [InlineData(60, "ca. 1 Std./Woche")]
    [InlineData(100, "ca. 1,5 Std./Woche")]
    [InlineData(360, "ca. 6 Std./Woche")]
    [InlineData(725, "ca. 12 Std./Woche")]
    public void TimePerWeekReadsNaturallyInGerman(double minutes, string? text) =>
        Assert.Equal(text, PatternSummary.FormatTimePerWeek(minutes));

    [Fact]
    public void FrequenciesCountPerWorkWeek()
    {
        Assert.Equal(5, PatternSummary.TimesPerWeek(Frequency.Daily));
        Assert.Equal(1, PatternSummary.TimesPerWeek(Frequency.Weekly));
        Assert.Equal(12.0 / 52, PatternSummary.TimesPerWeek(Frequency.Monthly));
        Assert.Equal(1.0 / 52, PatternSummary.TimesPerWeek(Frequency.Rarely));
    }

    [Fact]
    public void MergedPatternsStayTogether()
    {
        var decisions = new GroupingDecisions().Merge(Invoices.Select(e => e.Id), Vacation.Select(e => e.Id));
        var grouping = new LexicalPatternGrouper().Group([.. Invoices, .. Vacation], decisions);

        Assert.Single(Invoices.Concat(Vacation).Select(e => grouping.PatternOf(e.Id)).Distinct());
        Assert.Equal(7, Assert.Single(grouping.Patterns()).Mentions);
    }

    [Fact]
    public void AnEntrySplitOutNeverJoinsItsFormerMates()
    {
        var decisions = new GroupingDecisions().SplitOut(3, Invoices.Select(e => e.Id));
        var grouping = new LexicalPatternGrouper().Group([.. Invoices, .. Vacation], decisions);

        Assert.Single(Invoices.Where(e => e.Id != 3).Select(e => grouping.PatternOf(e.Id)).Distinct());
        Assert.NotEqual(grouping.PatternOf(1), grouping.PatternOf(3));

        // The split holds for an entry added later, too: it goes to the invoices, the split entry stays apart.
        var added = grouping.Add(Entry(5, "Rechnungen abtippen", "ben", 6));
        Assert.Equal(grouping.PatternOf(1), added);
        Assert.NotEqual(added, grouping.PatternOf(3));
    }

    [Fact]
    public void TheLaterDecisionWins()
    {
        var decisions = new GroupingDecisions()
            .SplitOut(3, Invoices.Select(e => e.Id))
            .Merge([3], [1]);

        Assert.Empty(decisions.KeptApartFrom(1));
        Assert.Equal([3L, 1], decisions.Together(3));
        Assert.Contains(2L, decisions.KeptApartFrom(3));

        decisions.SplitOut(3, [1, 2, 4]);
        Assert.Equal([3L], decisions.Together(3));
        Assert.Contains(1L, decisions.KeptApartFrom(3));
    }

    [Fact]
    public void AddingAnEntryJoinsTheSimilarPatternAndWithdrawingLeavesIt()
    {
        var grouping = new LexicalPatternGrouper().Group([.. Invoices, .. Vacation]);
        var invoices = grouping.PatternOf(1)!.Value;

        Assert.Equal(invoices, grouping.Add(Entry(20, "Lieferantenrechnungen abtippen", "emil", 7, Frequency.Daily, 10)));
        Assert.NotEqual(invoices, grouping.Add(Entry(21, "Drucker im Flur druckt nicht", "emil", 7)));
        Assert.Equal(5, grouping.Pattern(invoices)!.Mentions);
        Assert.Equal(9, grouping.EntryCount);

        Assert.True(grouping.Remove(20));
        Assert.False(grouping.Remove(20));
        Assert.Null(grouping.PatternOf(20));
        Assert.Equal(4, grouping.Pattern(invoices)!.Mentions);
        Assert.Throws<ArgumentException>(() => grouping.Add(Entry(1, "noch einmal", "anna")));
    }

    [Fact]
    public void AddingAnEntryMovesNoEarlierEntry()
    {
        var entries = LabelledFrictions.Read("friction-labelled.tsv").Select((l, i) => Entry(i + 1, l.Text, day: i)).ToList();
        var grouping = new LexicalPatternGrouper().Group(entries);
        var before = entries.Select(e => grouping.PatternOf(e.Id)).ToList();

        grouping.Add(Entry(1000, "Eingangsrechnungen von Hand ins ERP abtippen", day: 100));

        Assert.Equal(before, entries.Select(e => grouping.PatternOf(e.Id)).ToList());
        Assert.Equal(grouping.PatternOf(1), grouping.PatternOf(1000));
    }

    [Fact]
    public void TextsWithoutWordsStillGetAPattern()
    {
        var grouping = new LexicalPatternGrouper().Group([Entry(1, "", "anna"), Entry(2, "🙄 ${x} <b>!</b>", null), Entry(3, "und die der", "ben")]);

        Assert.Equal(3, grouping.EntryCount);
        Assert.All([1L, 2, 3], id => Assert.NotNull(grouping.PatternOf(id)));
        Assert.All(grouping.Patterns(), p => Assert.False(string.IsNullOrWhiteSpace(p.Title)));
    }

    [Theory]
    [InlineData("Eingangsrechnungen", "eingangsrechnung")]
    [InlineData("Urlaubsanträge", "urlaubsantrag")]
    [InlineData("E-Mails", "email")]
    [InlineData("typing", "typ")]
    [InlineData("Straße", "strass")]
    public void StemsFoldCaseUmlautsAndInflection(string word, string stem) =>
        Assert.Equal([stem], FrictionText.Stems(word));
}
