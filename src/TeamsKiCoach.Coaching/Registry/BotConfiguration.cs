using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Coaching.Registry;

/// <summary>
/// The configuration values the bot's own automated steps run with, for one team. Passed in from the real
/// settings (team record, Coach:Ai, pulse, nudge and retention options) so the registry describes what happens,
/// not what the defaults would be.
/// </summary>
public sealed record BotConfiguration
{
    public required string TenantId { get; init; }
    public required string TeamId { get; init; }
    public TimeOnly PromptTime { get; init; } = TeamRecord.DefaultPromptTime;
    public WorkDays WorkDays { get; init; } = TeamRecord.DefaultWorkDays;
    public string TimeZone { get; init; } = TeamRecord.DefaultTimeZone;
    public TimeOnly QuietFrom { get; init; } = TeamRecord.DefaultQuietFrom;
    public TimeOnly QuietUntil { get; init; } = TeamRecord.DefaultQuietUntil;

    /// <summary>The AI provider as people know it ("Azure OpenAI", "Ollama"); null when none is configured.</summary>
    public string? AiProvider { get; init; }

    /// <summary>Whether pattern grouping blends in the provider's embeddings.</summary>
    public bool AiGroupsPatterns { get; init; }

    public DayOfWeek PulseDay { get; init; } = DayOfWeek.Thursday;
    public TimeOnly PulseTime { get; init; } = new(11, 0);
    public NudgeCadence NudgeCadence { get; init; } = NudgeCadence.Weekly;

    /// <summary>Months after which backlog entries and answers are deleted; 0 keeps them until someone deletes them.</summary>
    public int RetentionMonths { get; init; } = 12;

    /// <summary>The person answerable for the bot in this company (who installed it, or whom IT names).</summary>
    public string? OwnerAadObjectId { get; init; }

    public string? OwnerName { get; init; }

    /// <summary>Since when the bot runs in this team.</summary>
    public DateTimeOffset Since { get; init; }
}
