using TeamsKiCoach.Coaching.Commands;

namespace TeamsKiCoach.Coaching.Backlog;

/// <summary>
/// Whether a chat message that is no command reads like a complaint about work, so that the bot offers to keep it
/// as friction. Deliberately cautious: it asks, it never records on its own. A question to the bot, a greeting or
/// thanks, and very short messages never count; otherwise one clear cue of lost time, annoyance or manual work does.
/// </summary>
public static class FrictionCues
{
    // Matched against the normalized text (lower case, umlauts folded: "ä" → "a", "ß" → "ss").
    private static readonly string[] Cues =
    [
        // German: annoyance and effort
        "nervt", "nervig", "genervt", "nerven", "atzend", "muhsam", "umstandlich", "aufwendig", "aufwandig",
        "lastig", "argerlich", "argert", "frustrier", "zeitfresser", "zeitraubend", "kostet zeit", "kostet mich", "frisst", "verschwend", "zeit kostet",
        "dauert ewig", "dauert zu lange", "dauert immer", "ewig", "schon wieder", "immer wieder", "jedes mal", "standig",
        "dauernd", "zum x-ten", "doppelt", "von hand", "per hand", "handisch", "manuell", "abtippen", "abschreiben",
        "kopieren", "copy paste", "copy-paste", "hin und her", "suchen", "warten auf", "wartet auf", "hangt", "absturz",
        "sturzt ab", "kaputt", "funktioniert nicht", "geht nicht", "klappt nicht", "fehleranfallig", "chaos", "stress",
        "unnotig", "zettel", "excel-liste", "ausdrucken", "einscannen", "nachfragen", "hinterher",
        // English
        "annoying", "annoyed", "frustrat", "tedious", "painful", "waste of time", "wastes time", "takes forever",
        "takes ages", "too long", "again and again", "every time", "every single", "by hand", "manually", "manual",
        "retype", "re-type", "re-enter", "copy and paste", "copy-paste", "keeps crashing", "crashes", "broken",
        "doesn't work", "does not work", "not working", "waiting for", "chasing", "hate", "cumbersome", "double entry",
    ];

    private static readonly string[] Openers =
    [
        "hallo", "hello", "hi", "hey", "moin", "servus", "gruss gott", "guten morgen", "guten tag", "guten abend",
        "good morning", "good afternoon", "good evening", "danke", "vielen dank", "thanks", "thank you", "tschuss", "bye",
        "ok", "okay", "alles klar", "super", "cool", "prima",
    ];

    // Openings of a question or request to the bot itself.
    private static readonly string[] BotQuestions =
    [
        "wie ", "was ", "wann ", "warum ", "wieso ", "weshalb ", "wer ", "wo ", "welche", "kannst du", "konntest du",
        "kann ich", "darf ich", "gibt es", "hast du", "bist du", "zeig", "erklar", "sag mir",
        "how ", "what ", "when ", "why ", "who ", "where ", "which ", "can you", "could you", "can i", "may i",
        "is there", "do you", "are you", "show ", "tell me", "explain",
    ];

    public const int MinWords = 3;

    public static bool SoundsLikeFriction(string? message)
    {
        var text = CommandParser.Normalize(message);
        if (text.Length == 0 || message!.TrimEnd().EndsWith('?'))
        {
            return false;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < MinWords)
        {
            return false;
        }

        if (Openers.Any(o => text == o || (text.StartsWith(o, StringComparison.Ordinal) && words.Length <= 4 && !HasCue(text)))
            || BotQuestions.Any(q => text.StartsWith(q, StringComparison.Ordinal)))
        {
            return false;
        }

        return HasCue(text);
    }

    private static bool HasCue(string text) => Cues.Any(c => text.Contains(c, StringComparison.Ordinal));
}
