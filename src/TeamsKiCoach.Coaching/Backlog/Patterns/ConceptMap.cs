namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>
/// A small bilingual map of the friction vocabulary small firms share, so "Rechnung" meets "invoice" and
/// "Posteingang" meets "inbox". Kept short and literal on purpose: it only bridges the two languages and a few
/// synonyms; the grouping works without it (<see cref="Empty"/>) on stems and character n-grams alone.
/// </summary>
public sealed class ConceptMap
{
    private readonly Dictionary<string, string> conceptByStem;

    public ConceptMap(IEnumerable<(string Concept, string[] Words)> concepts)
    {
        conceptByStem = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (concept, words) in concepts)
        {
            foreach (var word in words)
            {
                foreach (var stem in FrictionText.Stems(word))
                {
                    conceptByStem.TryAdd(stem, concept);
                }
            }
        }
    }

    public static ConceptMap Empty { get; } = new([]);

    public static ConceptMap Default { get; } = new(
    [
        ("invoice", ["Rechnung", "Faktura", "invoice", "bill"]),
        ("vacation", ["Urlaub", "Abwesenheit", "vacation", "holiday", "leave", "absence"]),
        ("meeting", ["Meeting", "Besprechung", "Sitzung", "Jour fixe"]),
        ("minutes", ["Protokoll", "Mitschrift", "minutes"]),
        ("mail", ["Mail", "E-Mail", "Email", "Posteingang", "Postfach", "inbox", "mailbox", "Outlook"]),
        ("quote", ["Angebot", "Kostenvoranschlag", "quote", "quotation", "offer"]),
        ("expenses", ["Reisekosten", "Spesen", "Beleg", "expense", "receipt", "reimbursement"]),
        ("password", ["Passwort", "Kennwort", "password", "login", "Zugangsdaten"]),
        ("printer", ["Drucker", "drucken", "Ausdruck", "printer", "print", "printing", "Papierstau"]),
        ("spreadsheet", ["Excel", "Tabelle", "spreadsheet", "sheet"]),
        ("timesheet", ["Stundenzettel", "Zeiterfassung", "Arbeitszeit", "Arbeitsstunden", "Zeitnachweis", "timesheet"]),
        ("report", ["Bericht", "Auswertung", "report", "reporting"]),
        ("appointment", ["Termin", "Terminfindung", "appointment", "schedule", "scheduling"]),
        ("typing", ["tippen", "abtippen", "eintippen", "abschreiben", "type", "typing", "keying"]),
        ("manual", ["manuell", "händisch", "Hand", "manual", "manually"]),
        ("customer", ["Kunde", "customer", "client"]),
        ("approval", ["Genehmigung", "Freigabe", "genehmigen", "approval", "approve", "Antrag", "beantragen", "request"]),
        ("copy", ["kopieren", "zusammenkopieren", "übertragen", "copy", "copying"]),
    ]);

    public string? ConceptOf(string stem) => conceptByStem.GetValueOrDefault(stem);

    public bool Contains(string stem) => conceptByStem.ContainsKey(stem);
}
