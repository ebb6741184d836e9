namespace TeamsKiCoach.Coaching.Backlog;

public enum Frequency
{
    Daily,
    Weekly,
    Monthly,
    Rarely,
}

public enum EntrySource
{
    Prompt,
    Chat,

    /// <summary>"Betrifft mich auch" on a pattern: a mention of that pattern by one more person, never anonymous.</summary>
    PlusOne,
    /// <summary>Brought in from a file by an admin (command line <c>backlog import</c>); never has an author.</summary>
    Import,
}

/// <summary>One friction a person reported, in their team's shared backlog.</summary>
public sealed class BacklogEntry : ITenantOwned
{
    public const int MaxTextLength = 2000;

    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }

    /// <summary>Numbered per team, from 1: what people see ("Eintrag #12").</summary>
    public int Number { get; set; }

    public required string Text { get; set; }
    public Frequency Frequency { get; set; }
    public int? MinutesLost { get; set; }

    /// <summary>Null for an anonymous entry: then no author is stored anywhere.</summary>
    public string? AuthorAadObjectId { get; set; }

    public EntrySource Source { get; set; }

    /// <summary>The local date of the prompt it answers; no prompt id, so anonymous entries stay unlinked.</summary>
    public DateOnly? PromptDate { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the author last changed the text; null while it is as first written.</summary>
    public DateTimeOffset? EditedAt { get; set; }

    /// <summary>
    /// When the entry was withdrawn (by its author, or undone right after capture). A withdrawn entry keeps its
    /// number, so that no later entry takes it, but loses its text and leaves every pattern.
    /// </summary>
    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>
    /// A random key of a chat capture, known only to the chat it was captured in: a second tap on the same
    /// "festhalten" stores nothing new, and "Rückgängig" finds the entry by it (also an anonymous one).
    /// </summary>
    public string? CaptureKey { get; set; }

    /// <summary>
    /// The stored pattern the entry belongs to (<see cref="BacklogPattern"/>); null once withdrawn, or for the short
    /// time before it is placed. Changed only by the pattern's own methods.
    /// </summary>
    public long? PatternId { get; internal set; }

    public bool IsWithdrawn => WithdrawnAt is not null;

    /// <summary>Trims the text and cuts it at <see cref="MaxTextLength"/>; says whether it was cut.</summary>
    public static (string Text, bool Cut) CleanText(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= MaxTextLength)
        {
            return (trimmed, false);
        }

        // Never cut a surrogate pair (emoji) in half.
        var length = char.IsHighSurrogate(trimmed[MaxTextLength - 1]) ? MaxTextLength - 1 : MaxTextLength;
        return (trimmed[..length], true);
    }
}
