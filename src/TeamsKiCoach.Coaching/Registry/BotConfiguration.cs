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

    /// <summary>Whether this host runs the weekly pulse at all; a step the bot does not take is not listed.</summary>
    public bool PulsesRun { get; init; } = true;

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

/// <summary>
/// The host's settings the bot's own steps run with, beyond the team's own (Coach:Ai, pulses, retention):
/// registered once by the host from its configuration.
/// </summary>
public sealed record BotSettings
{
    /// <summary>The AI provider as people know it ("Azure OpenAI", "Ollama"); null when none is configured.</summary>
    public string? AiProvider { get; init; }

    public bool AiGroupsPatterns { get; init; }

    public bool PulsesRun { get; init; }

    public DayOfWeek PulseDay { get; init; } = DayOfWeek.Thursday;

    public TimeOnly PulseTime { get; init; } = new(11, 0);

    /// <summary>0: the bot deletes nothing by itself.</summary>
    public int RetentionMonths { get; init; }

    /// <summary>The configuration of one team's bot steps: the team's own settings with the host's.</summary>
    public BotConfiguration For(TeamRecord team, string? ownerName) => new()
    {
        TenantId = team.TenantId,
        TeamId = team.TeamId,
        PromptTime = team.PromptTime,
        WorkDays = team.WorkDays,
        TimeZone = team.TimeZone,
        QuietFrom = team.QuietFrom,
        QuietUntil = team.QuietUntil,
        AiProvider = AiProvider,
        AiGroupsPatterns = AiGroupsPatterns,
        PulsesRun = PulsesRun,
        // The team's own pulse day and time: what its pulse really follows.
        PulseDay = team.PulseDay,
        PulseTime = team.PulseTime,
        NudgeCadence = team.NudgeCadence,
        RetentionMonths = RetentionMonths,
        // Without a name the owner would show as an id; then the step says nobody is entered yet.
        OwnerAadObjectId = ownerName is null ? null : team.InstalledByAadObjectId,
        OwnerName = ownerName,
        Since = team.InstalledAt,
    };
}
