using System.Globalization;
using System.Text;

namespace TeamsKiCoach.Coaching.Commands;

/// <summary>
/// Turns what a person typed into a <see cref="Command"/>. German and English words, any case, with or without
/// accents and umlauts, with a leading @mention or trailing punctuation removed.
/// </summary>
public static class CommandParser
{
    // Longest phrases first, so "was kannst du" wins over a shorter phrase it starts with.
    private static readonly (string Phrase, CommandKind Kind)[] Phrases = new (string, CommandKind)[]
    {
        ("hilfe", CommandKind.Help),
        ("help", CommandKind.Help),
        ("?", CommandKind.Help),
        ("befehle", CommandKind.Help),
        ("commands", CommandKind.Help),
        ("was kannst du", CommandKind.Help),
        ("what can you do", CommandKind.Help),
        ("wie funktioniert das", CommandKind.Help),
        ("how does this work", CommandKind.Help),
        ("pause", CommandKind.Pause),
        ("pausieren", CommandKind.Pause),
        ("stopp", CommandKind.Pause),
        ("stop", CommandKind.Pause),
        ("weiter", CommandKind.Resume),
        ("fortsetzen", CommandKind.Resume),
        ("resume", CommandKind.Resume),
        ("continue", CommandKind.Resume),
    }
    .Select(p => (Normalize(p.Item1), p.Item2))
    .OrderByDescending(p => p.Item1.Length)
    .ToArray();

    /// <summary>The phrases that name each command, for the help card and the app manifest.</summary>
    public static IReadOnlyList<string> PhrasesFor(CommandKind kind) =>
        Phrases.Where(p => p.Kind == kind).Select(p => p.Phrase).ToList();

    public static Command Parse(string? text)
    {
        var normalized = Normalize(text);
        foreach (var (phrase, kind) in Phrases)
        {
            if (normalized == phrase)
            {
                return new Command(kind, string.Empty);
            }

            if (normalized.StartsWith(phrase + " ", StringComparison.Ordinal))
            {
                return new Command(kind, normalized[(phrase.Length + 1)..]);
            }
        }

        return Command.Unknown(text?.Trim() ?? string.Empty);
    }

    /// <summary>Lower case, accents and umlauts folded (ä → a, ß → ss), one space between words, no trailing punctuation.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Trim().ToLowerInvariant().Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        var result = builder.ToString();
        var trimmed = result.TrimEnd('.', '!', ',', ';', ':');
        if (trimmed.Length == 0)
        {
            return result;
        }

        // "hilfe?" asks for help just like "hilfe"; a lone "?" stays a question mark.
        return trimmed.Length > 1 ? trimmed.TrimEnd('?').TrimEnd() : trimmed;
    }
}
