namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>
/// Where a pilot stands. The way forward is Proposed → Approved → Running → Reviewed → Kept | Adjusted | Retired;
/// Declined, ChangesRequested and Withdrawn branch off a proposal, Paused off a running pilot.
/// </summary>
public enum PilotState
{
    Proposed,

    /// <summary>A lead sent it back to the proposer with a comment; the proposer may resubmit it.</summary>
    ChangesRequested,

    /// <summary>The proposer took it back before a lead decided.</summary>
    Withdrawn,

    Declined,

    /// <summary>Approved but not started yet: it already takes one of the team's running places.</summary>
    Approved,

    Running,

    /// <summary>Stopped for a while: gives its running place back, and needs a free place to resume.</summary>
    Paused,

    /// <summary>Looked back on after the review date, waiting for a lead to decide what becomes of it.</summary>
    Reviewed,

    /// <summary>Stays as an automation of the team; from here on it belongs to the registry, not to the pilots.</summary>
    Kept,

    /// <summary>Changed after its review and running again until its next review.</summary>
    Adjusted,

    Retired,
}

/// <summary>The lead's decision on a proposal; the first one wins, every later one is told this.</summary>
public enum PilotDecision
{
    Approved,
    Declined,
    ChangesRequested,
}

/// <summary>What a person did to a pilot, as the audit trail and the history ("verlauf") name it.</summary>
public enum PilotAction
{
    Proposed,
    Resubmitted,
    Withdrawn,
    Approved,
    Declined,
    ChangesRequested,
    Started,
    Paused,
    Resumed,
    Reviewed,
    Kept,
    Adjusted,
    Retired,
}

public static class PilotStateExtensions
{
    /// <summary>
    /// Whether a pilot takes one of the team's running places (<see cref="PilotOptions.MaxRunning"/>). Approved
    /// counts because it starts whenever its owner is ready, so approving it is when the place is taken; Reviewed
    /// counts until a lead decides its outcome; Adjusted runs again. Paused gives the place back, and a proposal,
    /// a declined, withdrawn, kept or retired pilot never holds one.
    /// </summary>
    public static bool CountsAsRunning(this PilotState state) =>
        state is PilotState.Approved or PilotState.Running or PilotState.Reviewed or PilotState.Adjusted;

    /// <summary>No step leads out of these.</summary>
    public static bool IsFinal(this PilotState state) =>
        state is PilotState.Withdrawn or PilotState.Declined or PilotState.Kept or PilotState.Retired;
}
