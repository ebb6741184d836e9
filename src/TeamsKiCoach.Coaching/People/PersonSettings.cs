namespace TeamsKiCoach.Coaching.People;

/// <summary>What a person decided about how the bot treats them, and whether Teams lets the bot reach them.</summary>
public sealed class PersonSettings : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string AadObjectId { get; set; }

    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>Local date on which prompts start again; null with <see cref="PausedAt"/> set means until "weiter".</summary>
    public DateOnly? PausedUntil { get; set; }

    /// <summary>The person's own prompt time, instead of the team's.</summary>
    public TimeOnly? PromptTime { get; set; }

    /// <summary>Set when Teams said the person blocked or removed the bot (403) or the chat is gone (404).</summary>
    public DateTimeOffset? UnreachableSince { get; set; }
    public string? UnreachableReason { get; set; }

    /// <summary>When the bot last told the person it asks less often because prompts went unanswered.</summary>
    public DateTimeOffset? BackoffNoticeAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsPaused => PausedAt is not null;

    public bool IsPausedOn(DateOnly localDate) => PausedAt is not null && (PausedUntil is null || localDate < PausedUntil);
}
