namespace TeamsKiCoach.Coaching.Prompts;

public enum PromptAnswer
{
    None,
    Entry,
    NothingToday,
}

/// <summary>One person's prompt for one local date: at most one per person and day.</summary>
public sealed class DailyPrompt : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string RecipientAadObjectId { get; set; }

    /// <summary>The backlog the answer goes to: the person's team, or their own when they use the bot alone.</summary>
    public required string TeamId { get; set; }

    public DateOnly LocalDate { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether this prompt tells the person once that the bot now asks less often.</summary>
    public bool CarriesBackoffNotice { get; set; }

    /// <summary>
    /// How the person answered. No answer time is kept, and for an anonymous entry no link to it, so an
    /// anonymous entry cannot be traced back through its prompt.
    /// </summary>
    public PromptAnswer Answer { get; set; }

    /// <summary>The entry's number in the team backlog, only for entries with a named author.</summary>
    public int? EntryNumber { get; set; }

    public bool IsAnswered => Answer != PromptAnswer.None;
}
