namespace TeamsKiCoach.Coaching.Stages;

/// <summary>One backlog pattern as counted over the evidence window: how often and by how many different people.</summary>
public sealed record PatternSpread(string Title, int Mentions, int People);

/// <summary>
/// The numbers a suggestion is based on, read from storage for one team. Counts of what exists now, not of
/// what happened once: a pilot that was stopped no longer counts as approved.
/// </summary>
public sealed record StageEvidence
{
    /// <summary>Patterns with mentions within <see cref="StageOptions.EvidenceWindow"/>, with the people behind them.</summary>
    public IReadOnlyList<PatternSpread> RecentPatterns { get; init; } = [];

    /// <summary>Patterns a person confirmed as fit or partly fit for automation.</summary>
    public int PatternsConfirmedFit { get; init; }

    /// <summary>Pilots a lead approved that have not started yet.</summary>
    public int PilotsApproved { get; init; }

    public int PilotsRunning { get; init; }

    /// <summary>Pilots the team decided to keep; each one is an automation in the registry.</summary>
    public int PilotsKept { get; init; }

    /// <summary>Pulse results (shown, so above the anonymity threshold) that report the automation being bypassed.</summary>
    public int PulsesShowingBypasses { get; init; }

    /// <summary>Pulse or relief results (above the threshold) where most people are not relieved.</summary>
    public int PulsesShowingLowRelief { get; init; }

    /// <summary>The team's automations in the registry that are not retired; the bot's own steps are not counted.</summary>
    public int Automations { get; init; }

    public int AutomationsWithoutOwner { get; init; }

    /// <summary>Automations without numbered steps or without a "does not do" line.</summary>
    public int AutomationsWithoutExplanation { get; init; }

    /// <summary>The stage a lead last declined to move to, and when; the same move then rests for a while.</summary>
    public TeamStage? DeclinedStage { get; init; }

    public DateTimeOffset? DeclinedAt { get; init; }
}
