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

            var stem = Stem(token);
            if (!StopWords.Contains(stem))
            {
                stems.Add(stem);
            }
        }

        return stems;
    }

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
            // English
            "the", "a", "an", "and", "or", "but", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
            "did", "i", "you", "he", "she", "it", "we", "they", "me", "us", "them", "my", "our", "your", "their", "its", "this", "that",
            "these", "those", "not", "no", "nobody", "with", "from", "to", "of", "on", "in", "into", "at", "by", "for", "after", "before",
            "about", "again", "always", "every", "each", "all", "only", "also", "too", "very", "so", "then", "than", "who", "what", "which",
            "when", "where", "why", "how", "can", "could", "must", "should", "will", "would", "get", "gets", "got", "go", "goes", "back",
            "forth", "up", "out", "off", "over", "one", "two", "three", "few", "some", "any", "there", "here", "now", "still", "nowhere",
        }.Select(w => Normalize(w).Trim()),
        StringComparer.Ordinal);
}
