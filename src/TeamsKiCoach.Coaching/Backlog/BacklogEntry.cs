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
}
