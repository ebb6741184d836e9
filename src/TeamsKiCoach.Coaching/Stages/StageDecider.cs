namespace TeamsKiCoach.Coaching.Stages;

/// <summary>The person acting on a stage card; <paramref name="IsLead"/> is checked by the caller against the team's leads by AAD object id, never taken from card data.</summary>
public sealed record StageActor(string AadObjectId, string Name, bool IsLead);

public enum StageOutcome
{
    /// <summary>A lead confirmed a different stage; the team is there now.</summary>
    Moved,

    /// <summary>A lead confirmed the stage the team is already at.</summary>
    Stayed,

    /// <summary>A lead declined a suggested move; the stage is unchanged and the move rests.</summary>
    Declined,

    /// <summary>Someone who is not a lead of the team tried; nothing changed and nothing is recorded.</summary>
    NotALead,
}

/// <summary>The result of a lead's answer to a stage suggestion: the stage the team is at afterwards, and the audit row to keep.</summary>
public sealed record StageDecision(StageOutcome Outcome, TeamStage Stage, StageChange? Record)
{
    public bool Changed => Outcome == StageOutcome.Moved;
}

/// <summary>
/// The only way a team's stage changes: a lead confirms it. Any stage may be confirmed (forward, back, or
/// the same), because a team may stay or go back; a decline keeps the stage and is recorded so the advisor rests.
/// </summary>
public sealed class StageDecider(TimeProvider time)
{
    public StageDecision Confirm(string tenantId, string teamId, TeamStage current, TeamStage target, StageActor actor, IReadOnlyList<string>? evidence = null)
    {
        if (!actor.IsLead)
        {
            return new StageDecision(StageOutcome.NotALead, current, null);
        }

        var outcome = target == current ? StageOutcome.Stayed : StageOutcome.Moved;
        return new StageDecision(outcome, target, Record(tenantId, teamId, current, target, actor, confirmed: true, evidence));
    }

    public StageDecision Decline(string tenantId, string teamId, TeamStage current, TeamStage suggested, StageActor actor, IReadOnlyList<string>? evidence = null) =>
        actor.IsLead
            ? new StageDecision(StageOutcome.Declined, current, Record(tenantId, teamId, current, suggested, actor, confirmed: false, evidence))
            : new StageDecision(StageOutcome.NotALead, current, null);

    private StageChange Record(string tenantId, string teamId, TeamStage from, TeamStage to, StageActor actor, bool confirmed, IReadOnlyList<string>? evidence) => new()
    {
        TenantId = tenantId,
        TeamId = teamId,
        FromStage = from,
        ToStage = to,
        Confirmed = confirmed,
        DecidedByAadObjectId = actor.AadObjectId,
        DecidedByName = actor.Name,
        DecidedAt = time.GetUtcNow(),
        Evidence = evidence is { Count: > 0 } ? string.Join('\n', evidence) : null,
    };
}

/// <summary>
/// One lead's answer to a stage question: who, when, from where to where, on what evidence. Written to the
/// audit trail (subject "stage", the stage decided about as subject id), which is also where a declined move is
/// remembered.
/// </summary>
public sealed record StageChange
{
    public required string TenantId { get; init; }
    public required string TeamId { get; init; }
    public TeamStage FromStage { get; init; }

    /// <summary>The stage confirmed, or the suggested stage that was declined.</summary>
    public TeamStage ToStage { get; init; }

    public bool Confirmed { get; init; }
    public required string DecidedByAadObjectId { get; init; }
    public string? DecidedByName { get; init; }
    public DateTimeOffset DecidedAt { get; init; }

    /// <summary>The evidence lines as the lead saw them, one per line.</summary>
    public string? Evidence { get; init; }
}
