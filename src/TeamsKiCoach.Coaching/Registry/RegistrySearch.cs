using System.Text.RegularExpressions;
using TeamsKiCoach.Coaching.Commands;

namespace TeamsKiCoach.Coaching.Registry;

public sealed record RegistryMatch(AutomationEntry Entry, double Score);

/// <summary>
/// Finds registry entries for "erkläre &lt;name&gt;" and for free questions by plain word matching, no AI:
/// case, accents and umlauts do not matter, and a word matches its longer forms ("rechnung" finds
/// "Eingangsrechnungen"). The answer without an AI provider, and the fallback when the provider fails.
/// </summary>
public static partial class RegistrySearch
{
    private const double NameWeight = 3;
    private const double OwnerWeight = 2;
    private const double TextWeight = 1;

    // Question words and the registry's own vocabulary say nothing about which entry is meant.
    private static readonly HashSet<string> StopWords = new(
        """
        was ist sind wer wie wo wann warum wozu welche welcher welches wird werden macht machen tut tun
        der die das den dem des ein eine einen einem einer und oder fur mit von zu zum zur im in am an auf aus bei
        hier uns wir ich du es sie er bitte mal denn noch schon
        automatisiert automatisierung automatisierungen verantwortlich schritt schritte erklare erklar
        what is are who how where when why which does do did the a an and or for with of to in on at by from
        here us we i you it they please automated automation automations owner owns responsible step steps explain
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    private static readonly HashSet<string> AiWords = new(["ki", "ai", "kunstliche", "artificial", "intelligenz", "intelligence", "llm", "modell", "model"], StringComparer.Ordinal);

    /// <summary>The entry "erkläre <paramref name="name"/>" means: same name first, then a name containing it, then the best match.</summary>
    public static AutomationEntry? Explain(IEnumerable<AutomationEntry> entries, string? name)
    {
        var list = entries.ToList();
        var wanted = CommandParser.Normalize(name).Trim('"', '\'', '„', '“', '”');
        if (wanted.Length == 0)
        {
            return null;
        }

        return list.FirstOrDefault(e => CommandParser.Normalize(e.Name) == wanted)
            ?? list.Where(e => CommandParser.Normalize(e.Name).Contains(wanted, StringComparison.Ordinal)).OrderBy(e => e.Name.Length).FirstOrDefault()
            ?? Find(list, name, 1).FirstOrDefault()?.Entry;
    }

    /// <summary>The best matching entries for a question, best first; empty when no word of the question matches.</summary>
    public static IReadOnlyList<RegistryMatch> Find(IEnumerable<AutomationEntry> entries, string? question, int max = 3)
    {
        var all = Words(question).ToList();
        var asksAboutAi = all.Any(AiWords.Contains);
        var words = all.Where(w => !StopWords.Contains(w) && !AiWords.Contains(w)).Distinct().ToList();
        if (words.Count == 0 && !asksAboutAi)
        {
            return [];
        }

        return entries
            .Select(e => new RegistryMatch(e, Score(e, words) + (asksAboutAi && e.UsesAi ? NameWeight : 0)))
            .Where(m => m.Score > 0)
            .OrderByDescending(m => m.Score).ThenBy(m => m.Entry.Name, StringComparer.Ordinal)
            .Take(max)
            .ToList();
    }

    private static double Score(AutomationEntry entry, IReadOnlyList<string> words)
    {
        var name = Words(entry.Name).ToHashSet(StringComparer.Ordinal);
        var owner = Words(entry.OwnerName).ToHashSet(StringComparer.Ordinal);
        var body = entry.Steps.Concat(entry.DoesNot).Append(entry.Trigger).Append(entry.DataUsed).Append(entry.AiRole)
            .SelectMany(Words).ToHashSet(StringComparer.Ordinal);

        double score = 0;
        foreach (var word in words)
        {
            score += Matches(word, name) ? NameWeight : Matches(word, owner) ? OwnerWeight : Matches(word, body) ? TextWeight : 0;
        }

        return score;
    }

    private static bool Matches(string word, HashSet<string> words) =>
        words.Contains(word) || (word.Length >= 4 && words.Any(w => w.Contains(word, StringComparison.Ordinal) || SameStem(word, w)));

    // "Rechnungen" and "Rechnung", "deleted" and "deleting": a long shared start with only an ending apart.
    private static bool SameStem(string a, string b)
    {
        var shorter = Math.Min(a.Length, b.Length);
        if (shorter < 4)
        {
            return false;
        }

        var common = 0;
        while (common < shorter && a[common] == b[common])
        {
            common++;
        }

        return common >= Math.Max(4, shorter - 2);
    }

    private static IEnumerable<string> Words(string? text) =>
        NonWord().Split(CommandParser.Normalize(text)).Where(w => w.Length > 1);

    [GeneratedRegex(@"[^\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonWord();
}
