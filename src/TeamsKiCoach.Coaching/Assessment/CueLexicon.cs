using System.Text.RegularExpressions;
using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Coaching.Assessment;

/// <summary>What a word in a friction statement hints at.</summary>
internal enum Cue
{
    /// <summary>It happens again and again: "jede Woche", "every Friday", "täglich".</summary>
    Recurring,

    /// <summary>It happens seldom: "einmal im Jahr", "rarely".</summary>
    Rare,

    /// <summary>A mechanical step: typing, copying, transferring, filling in, filing, exporting.</summary>
    Mechanical,

    /// <summary>A fixed form: a list, a form, a spreadsheet, a system with fields.</summary>
    Form,

    /// <summary>A fixed rule: matching, recalculating, the same steps every time.</summary>
    Rule,

    /// <summary>Needs background: special cases, experience, quirks.</summary>
    Context,

    Judgment,
    JudgmentWeak,
    Responsibility,
    ResponsibilityWeak,
    Relationship,
    RelationshipWeak,
}

/// <summary>One word of a statement: as written (for quoting) and normalised (for matching).</summary>
internal readonly record struct CueToken(string Original, string Normal, int Start, int End, int Clause);

/// <summary>A cue found in a statement: which cue, the words as the person wrote them, and the clause.</summary>
internal readonly record struct CueHit(Cue Cue, string Words, int Clause, int Start);

/// <summary>
/// German and English cue words for the seven criteria. Words are matched after the friction normalisation
/// (lower case, umlauts folded), so "Übertragung", "übertragen" and "uebertragen" meet. A pattern is a word or a
/// phrase of words; in a word, a leading or trailing * lets it sit inside a compound ("*rechnung*" finds
/// "Lieferantenrechnungen") or take any ending ("abtipp*"); a plain word also matches its stem; "~" in a phrase
/// skips up to three words ("mit ~ klären").
/// </summary>
internal static partial class CueLexicon
{
    private static readonly (Cue[] Cues, string[] Patterns)[] Source =
    [
        ([Cue.Recurring],
        [
            "täglich*", "jeden tag", "jeden morgen", "jeden abend", "morgens", "abends", "jede woche", "wöchentlich*", "jeden montag",
            "jeden dienstag", "jeden mittwoch", "jeden donnerstag", "jeden freitag", "jeden monat", "monatlich*", "monatsende*",
            "monatsabschluss*", "quartal*", "jedes mal", "jedem ~", "jede ~", "jeder ~", "jeden ~", "immer wieder", "ständig", "dauernd",
            "wochenbericht*", "daily", "weekly", "monthly", "every ~", "each ~", "always", "mornings", "month end", "one by one",
            "line by line", "again and again", "all the time",
        ]),
        ([Cue.Rare],
        ["selten", "einmal im jahr", "jährlich*", "einmalig*", "ausnahmsweise", "rarely", "seldom", "once a year", "yearly", "annual*", "occasionally"]),
        ([Cue.Mechanical],
        [
            "*tipp*", "abschreiben", "abschreibe", "*übertrag*", "*kopier*", "einpfleg*", "eingepflegt*", "erfass*", "*erfasst", "eintrag*",
            "einzutragen", "eingetrag*", "ausfüll*", "ausgefüllt*", "eingeb*", "eingegeb*", "einscann*", "eingescannt*", "scann*",
            "ablegen", "abgelegt*", "umbenenn*", "sortier*", "ausdruck*", "ausgedruckt*", "herunterlad*", "heruntergelad*", "hochlad*",
            "exportier*", "importier*", "weiterleit*", "verschick*", "zusammensuch*", "zusammentrag*", "zusammenstell*", "zusammengestellt*",
            "zusammenkopier*", "abgleich*", "abgeglichen*", "nachrechn*", "nachtrag*", "aktualisier*", "anlegen", "angelegt", "bestellen",
            "nachbestell*", "*liste* ~ ziehen", "*bericht* ~ ziehen", "*auswertung* ~ ziehen", "hin und her", "von hand", "per hand", "händisch*", "manuell*", "handschriftlich*", "doppelt*", "*vorlage*",
            "type", "types", "typed", "typing", "retyp*", "copy", "copies", "copied", "copying", "paste*", "enter", "entered", "entering",
            "re enter*", "fill* in", "fill* out", "filling", "key* in", "transfer*", "scan", "scans", "scanned", "scanning", "rename*",
            "sort", "sorting", "print", "printing", "printed", "download*", "upload*", "export*", "import*", "forward*", "updat*", "match",
            "matched", "matching", "reconcil*", "look* up", "pull*", "collect*", "compil*", "ordering", "reorder*", "by hand", "manual*",
            "twice", "template*", "*vollständig*", "berechn*", "calculat*", "zusammenzähl*", "zusammengezählt*", "zusammenrechn*",
            "vorbereit*", "prepar*", "nachschlag*", "nachgeschlagen*", "heraussuch*", "raussuch*", "zuordn*", "zugeordnet*", "verteil*", "speicher*", "gespeichert*", "*fotografier*", "ablesen",
            "abgelesen*", "schick*", "geschickt*", "send", "sending", "sent", "save", "saving", "log", "logging", "logged",
            "*meldung* ~ machen", "*meldung* machen", "schreib* ~ *bericht*", "*bericht* ~ schreib*", "*protokoll* ~ schreib*",
            "write up", "writing up", "write* ~ report*", "nachführ*", "nachgeführt*", "abhak*", "ankreuz*", "stempel*", "frankier*",
            "kuvertier*", "eintüt*", "etikettier*", "beschrift*", "archivier*", "*ablage*", "abheft*", "abzähl*", "nachzähl*", "zählen",
            "aufschreib*", "aufgeschrieben*", "notier*", "mitschreib*", "protokollier*", "dokumentier*", "verbuch*", "kontier*",
            "abrechnen", "fakturier*", "mahnen", "mahnung*", "erinner*", "bestätig*", "konvertier*", "umwandeln", "formatier*",
            "zusammenfass*", "übersetz*", "vergleich*", "re key*", "filing", "archiv*", "stamp*", "counting", "tally*", "summari*",
            "translat*", "convert*", "format", "formatting", "compar*", "confirm*", "remind*", "chase", "chasing", "schedul*",
            "reschedul*", "terminier*", "routine*",
        ]),
        ([Cue.Form],
        [
            "*formular*", "*liste", "*listen", "*meldung*", "*tabelle*", "excel*", "csv", "*export*", "datev", "erp", "crm", "*warenwirtschaft*",
            "*system*", "*portal*", "pdf*", "*beleg*", "*rechnung*", "*lieferschein*", "*stundenzettel*", "*auftrag*", "*auftrage*",
            "*bestellung*", "*nummer*", "*adress*", "*kontoauszug*", "*posten", "*abrechnung*", "*protokoll*", "*bericht*", "*termin*",
            "*etikett*", "*avis", "*ordner*", "*postfach*", "*postfacher*", "mail*", "*zugang*", "*zugange*", "*antrag*", "*antrage*",
            "*krankmeldung*", "*daten*", "*datei*", "*dokument*", "*unterlagen*", "*vordruck*", "*zettel*", "*kalender*", "*plan", "*pläne", "*katalog*", "*bestand*", "*ticket*", "*barcode*", "*vorgang*", "*felder*", "*stammdaten*", "*lohn*", "*planung*", "*shop*", "*zahl*",
            "form", "forms", "*sheet*", "spreadsheet*", "list", "lists", "excel", "system*", "portal*", "invoice*", "receipt*",
            "statement*", "number*", "address*", "minutes", "report*", "label*", "field*", "database*", "inventory", "stock", "shop",
            "email*", "mails", "password*", "*notiz*", "file", "files", "document*", "paperwork", "calendar*", "ticket*", "record*", "catalog*", "price list*", "payroll", "timesheet*", "order", "orders", "hours", "notes",
        ]),
        ([Cue.Rule],
        [
            "abgleich*", "abgeglichen*", "nachrechn*", "berechn*", "immer gleich*", "immer dieselb*", "gleichen schritt*", "nach schema",
            "regel", "regeln", "*checkliste*", "*vollständig*", "erinner*", "weiterleit*", "umbenenn*", "sortier*",
            "match", "matched", "matching", "reconcil*", "calculat*", "same steps", "always the same", "the same", "rule", "rules",
            "checklist*", "remind*", "forward*", "one by one", "line by line", "schema f", "standard*", "routine*", "*vorgabe*", "same way", "step by step", "by the book",
        ]),
        ([Cue.Context],
        [
            "*sonderfall*", "*sonderfalle*", "ausnahme*", "*einzelfall*", "erfahrung*", "kommt drauf an", "kommt darauf an",
            "jedes mal anders", "unterschiedlich*", "individuell*", "*fingerspitzengefühl*", "*bauchgefühl*", "vorgeschichte*",
            "hintergrund*", "*fehlersuch*", "ungewöhnlich*", "unklar*", "eigenheit*", "besonderheit*", "knifflig*", "kompliziert*",
            "special case*", "unusual", "exception*", "depends", "case by case", "experience", "quirk*", "history", "background",
            "tricky", "complicated", "unclear", "troubleshoot*", "diagnos*", "nuance*", "spezialfall*", "sonderwunsch*", "sonderwünsche*",
            "*sonderanfertigung*", "maßgeschneidert*", "unvorhersehbar*", "spontan*", "*notfall*", "*notfälle*", "every case is different",
            "one off", "bespoke", "custom", "ad hoc", "emergenc*", "unpredictable", "on the spot",
        ]),
        ([Cue.Judgment],
        [
            "*entscheid*", "abwäg*", "abgewogen", "einschätz*", "*beurteil*", "*bewert*", "bevorzug*", "priorisier*", "auswähl*",
            "*auswahl*", "aussuch*", "*kulanz*", "*fehlersuch*", "diagnos*", "*risiko*", "*risiken*", "riskant*", "strategie*",
            "*gehaltserhöhung*", "*leistung", "*kündigung*", "*abnahme*", "decid*", "decision*", "judg*", "weigh*", "assess*", "evaluat*", "priorit*", "choos*",
            "choice*", "select*", "troubleshoot*", "risk*", "applicant*", "candidate*", "whether", "strateg*", "wen wir", "who gets",
            "which applicant", "welche ~ passt", "welchen ~ bevorzugen", "*lösung* ~ find*", "find* ~ *lösung*", "finding a solution",
            "find* ~ solution*", "schätz*", "geschätzt*", "estimat*", "begutacht*", "goodwill", "*ermessen*", "*prognose*", "priorität*",
            "*ursache*", "kreativ*", "*konzept*", "gestalt*", "*investition*", "investier*", "discretion", "gut feeling", "forecast*",
            "root cause", "creative*", "concept*", "invest*",
        ]),
        ([Cue.JudgmentWeak],
        ["prüfen", "prüft", "geprüft", "prüfung", "ob ~ in ordnung", "herausfind*", "find out", "figure out", "kontrollier*", "kalkulier*", "*bewerbung*", "sichten", "*rabatt*", "review*", "check", "checking", "discount*", "quote", "quotes", "analysier*", "analy*", "plausib*", "sinnvoll*", "makes sense"]),
        ([Cue.Judgment, Cue.Relationship],
        ["*verhandl*", "verhandeln", "beraten", "*beratung*", "negotiat*", "advis*", "advice", "counsel*", "interview*", "*vorstellungsgespräch*"]),
        ([Cue.Responsibility],
        [
            "verantwort*", "gibt ~ frei", "geben ~ frei", "haften", "*haftung*", "haftbar", "*unterschr*", "*unterzeichn*", "*freigab*", "freigeb*", "genehmig*",
            "*vertrag*", "*verträge*", "*kündigung*", "*abmahnung*", "rechtlich*", "*endabnahme*", "*abnahme*", "*sicherheitsprüfung*",
            "*forderung*", "*gehaltserhöhung*", "responsib*", "accountab*", "liab*", "sign", "signs", "signed", "signature*", "sign off",
            "approv*", "contract*", "legal*", "complian*", "safety", "audit*", "dismiss*", "fire someone", "write off", "risky",
            "juristisch*", "*anwalt*", "*gericht*", "*arbeitsschutz*", "*arbeitssicherheit*", "*vollmacht*", "prokura", "kündigen", "gekündigt",
            "kündige", "*entlassung*", "entlassen", "*lohnerhöhung*", "lawyer*", "authoris*", "authoriz*", "certif*", "firing",
            "lay off", "layoff*", "salary", "salaries", "pay rise",
        ]),
        ([Cue.ResponsibilityWeak],
        ["*entscheid*", "decid*", "decision*", "*verhandl*", "negotiat*", "frei", "chef", "chefin", "*geschäftsführung*", "*führungskraft*", "meister", "steuer*", "*zahlung*", "boss", "manager*", "tax*", "hire", "hiring", "*datenschutz*", "*budget*", "*behörde*", "*zertifi*", "*unfall*", "privacy", "budget*", "authorit*"]),
        ([Cue.Relationship],
        [
            "*gespräch*", "*trost*", "tröst*", "getröstet", "*beileid*", "*konflikt*", "streit*", "*schlicht*", "*beschwerde*",
            "beruhig*", "sprech*", "besuch*", "*kundenbesuch*", "persönlich*", "*feedback*", "*einarbeitung*",
            "einarbeit*", "motivier*", "unzufried*", "verärgert*", "zuhör*", "mitfahr*", "talk*", "conversation*", "complain*",
            "angry", "upset", "calm*", "comfort*", "condolenc*", "conflict*", "argu*", "visit*", "prospect*", "cold call*",
            "relationship*", "trust*", "personal", "personally", "mit ~ klär*", "erklär*", "überzeug*", "vermittel*", "begrüß*",
            "beisteh*", "listen*", "explain*", "persuad*", "convinc*", "reassur*", "apologi*", "walk* ~ through", "be there for",
            "being there for", "hard time", "unhappy", "teach*", "einweis*", "unterweis*", "reden", "redet", "unterhalt*", "plauder*",
            "*betreuung*", "betreu*", "kümmer*", "*beziehung*", "vertrau*", "entschuldig*", "beschwichtig*", "besänftig*", "lob", "loben",
            "kritisier*", "kritik", "*coaching*", "*trauer*", "*todesfall*", "akquir*", "*akquise*", "*netzwerk*", "chat with", "meet with",
            "apolog*", "care", "caring", "empath*", "sympath*", "consol*", "grief", "griev*", "bereave*", "morale", "motivat*", "praise*",
            "criticis*", "coach*", "network*", "trade fair*", "win back", "rapport", "pitch*", "handhold*", "ride along", "show them", "mentor*", "onboard*", "feedback",
        ]),
        ([Cue.RelationshipWeak],
        ["*besprech*", "telefon*", "anruf*", "angerufen", "*reklamation*", "call", "calls", "calling", "sales call*", "phone*", "apprentice*", "*auszubildend*", "azubi*", "empfang*", "schulung*", "training", "stammkund*", "*messe", "nachfass*", "nachhak*", "hinterhertelefonier*", "follow up", "following up"]),
    ];

    private static readonly HashSet<string> ClauseWords = ["und", "dann", "danach", "aber", "sondern", "and", "then", "but", "while"];

    private static readonly HashSet<string> PhraseStarts = ["hin", "again", "back", "over"];

    private static readonly (Cue[] Cues, Pattern Pattern)[] Patterns = Source
        .SelectMany(group => group.Patterns.Select(p => (group.Cues, Pattern.Parse(p))))
        .ToArray();

    /// <summary>The words of a statement, split into clauses at punctuation and at "und", "dann", "and", "but" ….</summary>
    public static IReadOnlyList<CueToken> Tokenize(string text)
    {
        var tokens = new List<CueToken>();
        var clause = 0;
        foreach (Match match in WordOrStop().Matches(text))
        {
            if (!char.IsLetterOrDigit(match.Value[0]))
            {
                clause++;
                continue;
            }

            var normal = FrictionText.Normalize(match.Value).Trim();
            if (normal.Length == 0)
            {
                continue;
            }

            // A joining word starts a new clause and is left out of both; "hin und her", "again and again" stay one.
            if (ClauseWords.Contains(normal) && !(tokens.Count > 0 && PhraseStarts.Contains(tokens[^1].Normal)))
            {
                clause++;
                continue;
            }

            tokens.Add(new CueToken(match.Value, normal, match.Index, match.Index + match.Length, clause));
        }

        return tokens;
    }

    /// <summary>Every cue in the statement, each found words once per cue.</summary>
    public static IReadOnlyList<CueHit> Find(IReadOnlyList<CueToken> tokens)
    {
        var hits = new List<CueHit>();
        var seen = new HashSet<(Cue, int)>();
        foreach (var (cues, pattern) in Patterns)
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                if (pattern.MatchAt(tokens, i) is not { } end)
                {
                    continue;
                }

                var words = string.Join(' ', tokens.Skip(i).Take(end - i + 1).Select(t => t.Original));
                foreach (var cue in cues)
                {
                    // One hit per cue and starting word: "Excel-Liste" is not two list cues.
                    if (seen.Add((cue, i)))
                    {
                        hits.Add(new CueHit(cue, words, tokens[i].Clause, tokens[i].Start));
                    }
                }
            }
        }

        return hits;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+|[,;:.!?()]")]
    private static partial Regex WordOrStop();

    private sealed class Pattern
    {
        private readonly (string Text, bool Prefix, bool Suffix, bool Gap)[] words;

        private Pattern((string, bool, bool, bool)[] words) => this.words = words;

        public static Pattern Parse(string pattern) => new(pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word == "~"
                ? (string.Empty, false, false, true)
                : (FrictionText.Normalize(word.Trim('*')).Trim().Replace(" ", string.Empty, StringComparison.Ordinal), word.StartsWith('*'), word.EndsWith('*'), false))
            .ToArray());

        /// <summary>The index of the last token of a match that starts at <paramref name="start"/>, or null.</summary>
        public int? MatchAt(IReadOnlyList<CueToken> tokens, int start) => MatchFrom(tokens, start, 0, tokens[start].Clause);

        private int? MatchFrom(IReadOnlyList<CueToken> tokens, int at, int word, int clause)
        {
            if (word == words.Length)
            {
                return at - 1;
            }

            if (words[word].Gap)
            {
                for (var skip = 1; skip <= 3; skip++)
                {
                    if (at + skip - 1 < tokens.Count && tokens[at + skip - 1].Clause == clause
                        && MatchFrom(tokens, at + skip, word + 1, clause) is { } end)
                    {
                        return end;
                    }
                }

                return null;
            }

            if (at >= tokens.Count || tokens[at].Clause != clause || !Matches(words[word], tokens[at].Normal))
            {
                return null;
            }

            return MatchFrom(tokens, at + 1, word + 1, clause);
        }

        private static bool Matches((string Text, bool Prefix, bool Suffix, bool Gap) word, string token) => (word.Prefix, word.Suffix) switch
        {
            (true, true) => token.Contains(word.Text, StringComparison.Ordinal),
            (true, false) => token.EndsWith(word.Text, StringComparison.Ordinal),
            (false, true) => token.StartsWith(word.Text, StringComparison.Ordinal),
            _ => token == word.Text || (token.Length > 3 && FrictionText.Stem(token) == FrictionText.Stem(word.Text)),
        };
    }
}
