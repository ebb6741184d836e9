using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Tests.Backlog;

/// <summary>
/// Pairs of statements grouped inside a realistic backlog (the tuned set, for its word frequencies): the same
/// friction in other words, forms, spellings or the other language lands in one pattern; different frictions that
/// share words stay apart.
/// </summary>
public sealed class BilingualRobustnessTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    // inflection
    [InlineData("Die Rechnung vom Großhändler kommt nur auf Papier", "Rechnungen vom Großhändler kommen nur auf Papier")]
    [InlineData("Der Lieferschein fehlt immer", "Lieferscheine fehlen ständig")]
    [InlineData("Mahnung schreiben dauert", "Mahnungen schreiben dauert ewig")]
    // compounds
    [InlineData("Rechnungseingang per Post sortieren", "eingehende Rechnungen sortieren")]
    [InlineData("Urlaubsantrag per Zettel", "Urlaub beantragen nur auf Papier")]
    [InlineData("Schichtplanänderungen per WhatsApp", "Änderungen am Schichtplan per WhatsApp")]
    [InlineData("Zahlungserinnerungen einzeln verschicken", "Erinnerungen an offene Zahlungen verschicken")]
    // typos
    [InlineData("Stundenzettel einsammeln", "Stundenzettle einsamlen")]
    [InlineData("Lieferscheine abgleichen", "Lieferschiene abgleichen")]
    [InlineData("Reklamationen nachhalten", "Reklamatoinen nachhalten")]
    // German and English
    [InlineData("Lieferscheine mit der Bestellung abgleichen", "checking delivery notes against purchase orders")]
    [InlineData("Krankmeldungen einsammeln", "collecting sick notes from staff")]
    [InlineData("Schichtplan jede Woche neu basteln", "building the shift roster every week")]
    [InlineData("Mahnungen einzeln schreiben", "writing payment reminders one by one")]
    [InlineData("Passwort vergessen, IT braucht einen Tag", "forgot my password again")]
    [InlineData("Inventur mit Zettel und Stift", "stocktaking with pen and paper")]
    [InlineData("Kundenbeschwerden gehen verloren", "customer complaints get lost")]
    [InlineData("Wartung der Maschinen wird vergessen", "machine maintenance gets forgotten")]
    public void SameFrictionLandsInOnePattern(string first, string second)
    {
        var (grouping, a, b) = GroupWithBacklog(first, second);
        Assert.Equal(grouping.PatternOf(a), grouping.PatternOf(b));
    }

    [Theory]
    [InlineData("Rechnungen abtippen", "Urlaubsanträge abtippen")]
    [InlineData("Rechnungen per Mail an Kunden", "Urlaubsanträge per Mail an die Chefin")]
    [InlineData("Drucker im Lager streikt", "Passwort vergessen")]
    [InlineData("typing invoices by hand", "typing timesheets by hand")]
    [InlineData("Krankmeldungen per WhatsApp", "Schichttausch per WhatsApp")]
    [InlineData("Kundendaten in Excel pflegen", "Stundenzettel in Excel pflegen")]
    [InlineData("Mahnungen von Hand schreiben", "Protokolle von Hand schreiben")]
    public void DifferentFrictionsSharingWordsStayApart(string first, string second)
    {
        var (grouping, a, b) = GroupWithBacklog(first, second);
        Assert.NotEqual(grouping.PatternOf(a), grouping.PatternOf(b));
    }

    [Theory]
    [InlineData("Rechnung", "Rechnungen")]
    [InlineData("Urlaubsantrag", "Urlaubsanträge")]
    [InlineData("Urlaubsantraege", "Urlaubsanträge")]
    [InlineData("invoice", "invoices")]
    [InlineData("delivery note", "delivery notes")]
    public void InflectedFormsShareTheirStems(string a, string b) =>
        Assert.Equal(FrictionText.Stems(a), FrictionText.Stems(b));

    [Theory]
    [InlineData("Rechnungseingang", "rechnung", "eingang")]
    [InlineData("Zahlungserinnerungen", "zahlung", "erinnerung")]
    [InlineData("Bestellungsnummer", "bestellung", "numm")]
    [InlineData("Sicherheitsunterweisung", "sicherheit", "unterweisung")]
    public void CompoundsSplitAtTheirJoints(string word, string front, string head) =>
        Assert.Equal([front, head], FrictionText.JointParts(FrictionText.Stems(word).Single()));

    [Theory]
    [InlineData("nervt")]
    [InlineData("dauert ewig")]
    [InlineData("immer wieder jeden Tag")]
    [InlineData("takes forever every week")]
    [InlineData("so annoying")]
    public void FrictionWordsCarryNoTopic(string text) => Assert.Empty(FrictionText.Stems(text));

    [Fact]
    public void FrictionWordsAloneDoNotMakeAPattern()
    {
        var (grouping, a, b) = GroupWithBacklog("Kassenbuch führen nervt und dauert ewig", "Pflanzen gießen nervt und dauert ewig");
        Assert.NotEqual(grouping.PatternOf(a), grouping.PatternOf(b));
    }

    private static (IPatternGrouping Grouping, long A, long B) GroupWithBacklog(string first, string second)
    {
        var backlog = LabelledFrictions.Read("friction-labelled.tsv")
            .Select((l, i) => new FrictionEntry(i + 1, l.Text, $"p{i % 7}", Start.AddHours(i), Frequency.Weekly, 10))
            .ToList();
        var a = new FrictionEntry(1001, first, "anna", Start.AddDays(30), Frequency.Daily, 10);
        var b = new FrictionEntry(1002, second, "ben", Start.AddDays(31), Frequency.Daily, 10);
        return (new LexicalPatternGrouper().Group([.. backlog, a, b]), a.Id, b.Id);
    }
}
