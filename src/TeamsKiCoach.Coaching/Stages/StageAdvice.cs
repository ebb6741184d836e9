namespace TeamsKiCoach.Coaching.Stages;

/// <summary>What an evidence line says; its words are in <see cref="StageText"/>.</summary>
public enum EvidenceKind
{
    /// <summary>Count: patterns spread over enough people; Required: N; People: M.</summary>
    SpreadPatterns,

    /// <summary>One such pattern: Name, Count (mentions), People.</summary>
    Pattern,
    ConfirmedFit,
    PilotsApproved,
    PilotsRunning,
    PilotsKept,
    PulsesWithBypasses,
    PulsesWithLowRelief,
    NoPilotLeft,
    Automations,
    AutomationsWithoutOwner,
    AutomationsWithoutExplanation,
}

/// <summary>One fact behind a suggestion, as data: the card renders it in the reader's language.</summary>
public sealed record EvidenceLine(EvidenceKind Kind, int Count, string? Name = null, int People = 0, int Required = 0);

/// <summary>
/// What the advisor sees for a team: the evidence so far, and possibly a move for a lead to confirm or decline.
/// A suggestion is only ever a suggestion; nothing here changes the team's stage.
/// </summary>
public sealed record StageAdvice(TeamStage Current, IReadOnlyList<EvidenceLine> Evidence, TeamStage? Suggested, DateTimeOffset? RestingUntil = null)
{
    public bool HasSuggestion => Suggested is not null;

    public bool SuggestsGoingBack => Suggested is { } stage && stage < Current;
}
