using System.Globalization;
using System.Text;

namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>
/// The language side of the lexical grouping: folds a German or English friction statement into stems that
/// compare across inflection, umlaut spelling and the two languages. No dictionary, no model: a rule-based
/// normaliser, stop words and a light suffix stemmer, good enough to group "Rechnungen", "Rechnung" and "Rechnungs-".
/// </summary>
public static class FrictionText
{
    /// <summary>
    /// Lower case, accents and umlauts folded to their base vowel (ä, ae → a), ß → ss, every other
    /// non-letter/digit a space. Base vowels rather than "ae" so plurals with umlaut meet their singular
    /// (Antrag/Anträge, Vertrag/Verträge) and people typing "ae" on an English keyboard meet those who do not.
    /// </summary>
    public static string Normalize(string text)
    {
        var decomposed = text.ToLowerInvariant().Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        for (var i = 0; i < decomposed.Length; i++)
        {
            var c = decomposed[i];
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (c == '-' && builder.Length >= 1 && char.IsLetter(builder[^1]) && (builder.Length == 1 || builder[^2] == ' '))
            {
                // "E-Mail", "e-invoice": a one-letter prefix belongs to the word.
            }
            else
            {
                builder.Append(' ');
            }
        }

        return builder.Replace("ae", "a").Replace("oe", "o").Replace("ue", "u").ToString();
    }

    /// <summary>The content words of a text, normalised and stemmed, stop words removed.</summary>
    public static List<string> Stems(string text)
    {
        var stems = new List<string>();
        foreach (var token in Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.Length < 2 || StopWords.Contains(token) || token.All(char.IsDigit))
            {
                continue;
            }

            // Stop words are matched on the word as written: stemming "notes" to "not" must not drop it.
            stems.Add(Stem(token));
        }

        return stems;
    }

    /// <summary>
    /// Words that say how a friction happens rather than what it is about ("von Hand", "abtippen", "Excel", "per
    /// Mail", "by phone"). They are everywhere in a backlog, so they weigh little: two statements about typing in
    /// different things are different frictions, two about the same thing by mail and by phone are one.
    /// </summary>
    public static bool IsMethodWord(string stem) => MethodStems.Contains(stem);

    /// <summary>
    /// The parts of a German compound that a rule can find without a dictionary: a derivational suffix followed
    /// by the linking "s" (-ungs-, -heits-, -keits-, -schafts-, -tions-, -itats-) always ends a part, as in
    /// "Rechnungseingang" (rechnung + eingang) or "Zahlungserinnerung" (zahlung + erinnerung). Returns the parts
    /// of at least four letters, stemmed, or nothing when the rule does not apply.
    /// </summary>
    public static List<string> JointParts(string stem)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < stem.Length - 4; i++)
        {
            foreach (var joint in Joints)
            {
                var end = i + joint.Length;
                if (end < stem.Length - 3 && i - start >= 1 && string.CompareOrdinal(stem, i, joint, 0, joint.Length) == 0 && stem[end] == 's')
                {
                    parts.Add(stem[start..end]);
                    start = end + 1;
                    i = end;
                    break;
                }
            }
        }

        if (parts.Count == 0)
        {
            return parts;
        }

        parts.Add(Stem(stem[start..]));
        return parts.Where(p => p.Length >= 4).ToList();
    }

    private static readonly string[] Joints = ["ung", "heit", "keit", "schaft", "tion", "itat"];

    /// <summary>
    /// Strips one plural "s" and then one common German or English inflection suffix, keeping at least three
    /// letters. Deliberately crude: both languages share one rule set because a statement's language is not
    /// known, and the character n-grams catch what this misses.
    /// </summary>
    public static string Stem(string token)
    {
        var word = token;
        if (word.Length > 4 && word[^1] == 's' && word[^2] != 's')
        {
            word = word[..^1];
        }

        foreach (var (suffix, replacement) in Suffixes)
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length] + replacement;
            }
        }

        return word;
    }

    /// <summary>Whether a text reads as German rather than English, by its stop words and umlauts.</summary>
    public static bool LooksGerman(string text)
    {
        var tokens = text.ToLowerInvariant().Split((char[])[' ', ',', '.', '!', '?', ';', ':', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        var german = tokens.Count(GermanWords.Contains) + text.Count(c => "äöüßÄÖÜ".Contains(c)) + tokens.Count(t => t.EndsWith("ung", StringComparison.Ordinal) || t.EndsWith("ungen", StringComparison.Ordinal));
        var english = tokens.Count(EnglishWords.Contains) + tokens.Count(t => t.EndsWith("ing", StringComparison.Ordinal));
        return german >= english;
    }

    private static readonly (string Suffix, string Replacement)[] Suffixes =
    [
        ("ungen", "ung"), ("ies", "y"), ("ing", ""), ("ern", ""), ("en", ""), ("er", ""), ("es", ""), ("ed", ""), ("em", ""), ("e", ""),
    ];

    private static readonly HashSet<string> GermanWords =
    [
        "der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "dem", "ein", "eine", "einen", "jede", "jeden", "jedes", "immer",
        "ich", "wir", "zu", "auf", "im", "ins", "aus", "für", "nach", "per", "noch", "nur", "über", "wer", "hat", "wird", "werden", "dauert",
    ];

    private static readonly HashSet<string> EnglishWords =
    [
        "the", "and", "is", "not", "with", "from", "a", "an", "every", "always", "i", "we", "to", "on", "in", "into", "for", "after", "by",
        "only", "who", "has", "are", "takes", "again", "of", "our", "my",
    ];

    private static readonly HashSet<string> StopWords = new(
        new[]
        {
            // German
            "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen", "und", "oder", "aber", "doch",
            "ist", "sind", "war", "waren", "wird", "werden", "wurde", "hat", "haben", "hatte", "bin", "bist", "sein", "seine", "ihr", "ihre",
            "ich", "du", "er", "sie", "es", "wir", "man", "mich", "mir", "uns", "euch", "ihn", "ihm", "jemand", "keiner", "niemand", "alle",
            "nicht", "kein", "keine", "nie", "mit", "von", "vom", "zu", "zum", "zur", "auf", "im", "in", "ins", "an", "am", "aus", "bei",
            "beim", "fur", "nach", "per", "uber", "unter", "vor", "um", "bis", "durch", "gegen", "ohne", "als", "wie", "wo", "wer", "was",
            "wann", "weil", "dass", "da", "dann", "denn", "so", "auch", "noch", "nur", "schon", "sehr", "mal", "immer", "wieder", "jede",
            "jeder", "jedes", "jeden", "jedem", "ganz", "viel", "viele", "mehr", "hin", "her", "muss", "mussen", "kann", "konnen", "soll",
            "lassen", "geht", "gibt", "ab", "dort", "hier", "heute", "jetzt", "ewig", "standig", "dauernd", "erst", "einmal", "zwei", "drei",
            "meine", "mein", "meinen", "meinem", "meiner", "unser", "unsere", "unseren", "unserem", "dein", "sich", "selbst", "jemanden",
            "welche", "welcher", "welches", "dies", "diese", "dieser", "dieses", "diesen", "etwas", "nichts", "alles", "allem", "andere",
            "anderen", "anders", "weiss", "wissen", "weiß", "macht", "machen", "mache", "gemacht", "tun", "bleibt", "bleiben", "liegt",
            "liegen", "kommt", "kommen", "los", "mehrere", "wenn", "ob", "bzw", "usw", "etc", "z", "b", "ja", "nein", "ca", "nun", "nie",
            "oft", "manchmal", "selten", "jedesmal", "eigentlich", "einfach", "halt", "eben", "leider", "nochmal", "neu", "neue", "neuen",
            "komplett", "total", "wirklich", "extrem", "ziemlich", "wieso", "warum", "dabei", "damit", "danach", "davon", "dafur", "daher",
            "erste", "ersten", "erster", "erstes", "zweite", "zweiten", "dritte", "dritten", "letzte", "letzten", "nachste", "nachsten",
            // friction and time words that carry no topic
            "nervt", "nervig", "nerven", "dauert", "dauern", "gedauert", "lange", "langer", "muhsam", "aufwendig", "aufwandig", "umstandlich",
            "kostet", "frisst", "zeit", "zeitaufwendig", "tag", "tage", "tagen", "tagelang", "woche", "wochen", "wochenlang", "monat",
            "monate", "monaten", "monatlich", "wochentlich", "taglich", "morgen", "morgens", "stunde", "stunden", "minute", "minuten",
            "halbe", "halben", "jahr", "jahre", "jahren", "seit", "problem", "probleme", "chaos", "katastrophe", "schlimm", "schlecht",
            "furchtbar", "stress", "stressig", "ärgerlich", "argerlich", "zu", "viel", "wenig",
            // English
            "the", "a", "an", "and", "or", "but", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
            "did", "i", "you", "he", "she", "it", "we", "they", "me", "us", "them", "my", "our", "your", "their", "its", "this", "that",
            "these", "those", "not", "no", "nobody", "with", "from", "to", "of", "on", "in", "into", "at", "by", "for", "after", "before",
            "about", "again", "always", "every", "each", "all", "only", "also", "too", "very", "so", "then", "than", "who", "what", "which",
            "when", "where", "why", "how", "can", "could", "must", "should", "will", "would", "get", "gets", "got", "go", "goes", "back",
            "forth", "up", "out", "off", "over", "one", "two", "three", "few", "some", "any", "there", "here", "now", "still", "nowhere",
            "mine", "his", "her", "him", "someone", "somebody", "anyone", "anybody", "everyone", "everybody", "none", "nothing", "everything",
            "something", "because", "until", "while", "just", "really", "quite", "lot", "lots", "much", "many", "more", "most", "other",
            "others", "same", "own", "never", "often", "sometimes", "ever", "yet", "already", "around", "through", "via", "per", "if", "as",
            "make", "makes", "made", "making", "take", "takes", "took", "taking", "taken", "keep", "keeps", "sit", "sits", "let", "lets",
            "need", "needs", "have", "having", "has", "done", "doing", "don", "isn", "aren", "doesn", "didn", "can't", "cannot", "won",
            "new", "whole", "like", "way", "thing", "things", "stuff", "etc", "first", "second", "third", "last", "next",
            // friction and time words that carry no topic
            "annoying", "annoyed", "tedious", "painful", "pain", "forever", "long", "longer", "slow", "waste", "wasted", "wastes",
            "time", "times", "hour", "hours", "minute", "minutes", "day", "days", "week", "weeks", "weekly", "month", "months", "monthly",
            "daily", "morning", "year", "years", "problem", "problems", "issue", "issues", "mess", "hassle", "frustrating", "awful",
            "constantly", "always", "usually", "half",
        }.Select(w => Normalize(w).Trim()),
        StringComparer.Ordinal);

    private static readonly HashSet<string> MethodStems = new(
        new[]
        {
            "hand", "handisch", "manuell", "manual", "manually", "handschriftlich", "handwritten", "tippen", "abtippen", "eintippen",
            "getippt", "abschreiben", "type", "typed", "typing", "retype", "retyped", "key", "keying", "kopieren", "kopiert", "ubertragen",
            "copy", "copied", "copying", "paste", "pasted", "mail", "email", "mails", "emails", "outlook", "excel", "tabelle", "liste",
            "listen", "spreadsheet", "sheet", "list", "papier", "zettel", "paper", "telefon", "telefonisch", "telefonieren", "anrufen",
            "anruf", "phone", "call", "calls", "called", "whatsapp", "chat", "suchen", "suche", "sucherei", "search", "searching", "find",
            "finding", "look", "looking", "prufen", "kontrollieren", "check", "checking", "checked", "schicken", "verschicken", "senden",
            "weiterleiten", "send", "sending", "sent", "forward", "eintragen", "erfassen", "ausfullen", "nachtragen", "pflegen", "enter",
            "entering", "entered", "fill", "filling", "filled", "record", "sammeln", "einsammeln", "collect", "collecting", "collected",
            "doppelt", "zweimal", "twice", "double", "system", "systeme", "software", "programm", "tool", "erp", "portal", "systems",
            "daten", "data", "einzeln", "individually", "word", "pdf", "scan", "scannen", "einscannen", "scanned", "ausdrucken", "foto",
            "fotos", "fotografieren", "bild", "bilder", "photo", "photos", "picture", "pictures",
        }.SelectMany(w => Stems(w).DefaultIfEmpty(string.Empty)).Where(s => s.Length > 0),
        StringComparer.Ordinal);
}
