using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Tests.Backlog;

/// <summary>
/// A generated backlog shaped like a real one: a few hundred frictions (object × action), mentioned with a long
/// tail (some very often, most rarely), in German or English, with inflections, filler words and typos.
/// </summary>
public sealed class SyntheticBacklog(int seed)
{
    // The same things in German and English, pair by pair: a friction is one object and one action, in either language.
    private static readonly (string German, string English)[] Objects =
    [
        ("Rechnungen", "invoices"), ("Eingangsrechnungen", "incoming invoices"), ("Urlaubsanträge", "vacation requests"),
        ("Protokolle", "meeting minutes"), ("Besprechungsprotokolle", "minutes of meetings"), ("Angebote", "quotes"),
        ("Reisekostenabrechnungen", "expense reports"), ("Passwörter", "passwords"), ("Druckaufträge", "print jobs"),
        ("Excel-Tabellen", "spreadsheets"), ("Stundenzettel", "timesheets"), ("Lieferscheine", "delivery notes"),
        ("Bestellungen", "purchase orders"), ("Verträge", "contracts"), ("Kundendaten", "customer records"),
        ("Mahnungen", "payment reminders"), ("Lieferantenrechnungen", "supplier invoices"), ("Monatsberichte", "monthly reports"),
        ("Termine", "appointments"), ("Spesenbelege", "receipts"), ("Personalakten", "personnel files"),
        ("Inventurlisten", "inventory lists"), ("Reklamationen", "complaints"), ("Preislisten", "price lists"),
        ("Arbeitszeiten", "working hours"), ("Schichtpläne", "shift plans"), ("Rechnungsnummern", "invoice numbers"),
        ("Serviceberichte", "service reports"), ("Wartungsprotokolle", "maintenance logs"), ("Newsletter", "newsletters"),
        ("Krankmeldungen", "sick notes"), ("Kontoauszüge", "bank statements"), ("Bewerbungen", "job applications"),
        ("Versandetiketten", "shipping labels"), ("Arbeitsaufträge", "job sheets"), ("Rückrufnotizen", "callback notes"),
        ("Baustellenfotos", "site photos"), ("Reklamationsberichte", "complaint reports"), ("Bestellfreigaben", "purchase approvals"),
        ("Projektzeiten", "project hours"),
    ];

    private static readonly string[] GermanActions =
    [
        "von Hand abtippen", "manuell ins ERP übertragen", "per Mail hin und her schicken", "ausdrucken und einscannen", "in Excel zusammenkopieren",
        "suchen, weil keiner weiß wo sie liegen", "doppelt erfassen", "prüfen und freigeben lassen", "nachtelefonieren", "sortieren und ablegen",
    ];

    private static readonly string[] EnglishActions =
    [
        "typed by hand", "copied manually into the ERP", "sent back and forth by email", "printed and scanned", "pasted together in Excel",
        "searched for because nobody knows where they are", "entered twice", "checked and approved by hand", "chased by phone", "sorted and filed",
    ];

    private static readonly string[] Fillers =
    [
        "jeden Tag", "immer wieder", "dauert ewig", "nervt", "every week", "takes forever", "again", "seit Jahren", "", "",
        "jeden Monat aufs Neue", "kostet uns Stunden", "so annoying", "jedes Mal", "wie immer", "every single time",
    ];

    private static readonly string[] Syllables = ["ka", "lo", "mer", "tin", "sa", "ber", "gu", "fen", "ri", "dol", "ste", "wan", "pu", "hel", "zo"];

    private readonly Random random = new(seed);

    /// <summary>Share of one-off frictions in words no other entry uses: they open patterns of their own.</summary>
    public double OneOffShare { get; init; }

    private string Word() => string.Concat(Enumerable.Range(0, random.Next(2, 5)).Select(_ => Syllables[random.Next(Syllables.Length)]));

    /// <summary>The true friction of each generated entry, in order: object/action, or a one-off of its own.</summary>
    public List<string> Topics { get; } = [];

    public List<FrictionEntry> Entries(int count, long firstId = 1)
    {
        var start = new DateTimeOffset(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);
        var entries = new List<FrictionEntry>(count);
        for (var i = 0; i < count; i++)
        {
            // Zipf-like: friction k out of 400 comes up about 1/(k+1) as often as the first.
            var topic = (int)Math.Floor(Math.Pow(400, random.NextDouble())) - 1;
            var obj = topic % Objects.Length;
            var action = topic / Objects.Length % GermanActions.Length;
            var english = random.NextDouble() < 0.3;
            var oneOff = random.NextDouble() < OneOffShare;
            Topics.Add(oneOff ? $"one-off {firstId + i}" : $"{obj}/{action}");
            var text = oneOff
                ? $"{Word()} {Word()} {Word()} {Fillers[random.Next(Fillers.Length)]}"
                : english
                ? $"{Objects[obj].English} {EnglishActions[action]} {Fillers[random.Next(Fillers.Length)]}"
                : $"{Objects[obj].German} {GermanActions[action]} {Fillers[random.Next(Fillers.Length)]}";
            if (random.NextDouble() < 0.15)
            {
                text = Typo(text);
            }

            var author = random.NextDouble() < 0.2 ? null : $"person-{random.Next(80)}";
            entries.Add(new FrictionEntry(firstId + i, text.Trim(), author, start.AddMinutes(i * 17), (Frequency)random.Next(4), random.Next(2) == 0 ? null : 5 * random.Next(1, 13)));
        }

        return entries;
    }

    private string Typo(string text)
    {
        var chars = text.ToCharArray();
        var at = random.Next(1, chars.Length - 2);
        (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
        return new string(chars);
    }
}
