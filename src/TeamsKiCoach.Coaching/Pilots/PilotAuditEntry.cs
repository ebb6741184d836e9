namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>
/// One stored step of a pilot's audit trail: who (id and name at the time), when, what, why, and whether an AI
/// suggestion was involved. Written once, never changed; "verlauf" shows a pilot's entries in order.
/// </summary>
public sealed class PilotAuditEntry : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }
    public long PilotId { get; set; }
    public int PilotNumber { get; set; }
    public PilotAction Action { get; set; }
    public PilotState From { get; set; }
    public PilotState To { get; set; }
    public required string ActorAadObjectId { get; set; }
    public required string ActorName { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
    public bool AiInvolved { get; set; }

    public static PilotAuditEntry For(Pilot pilot, PilotChange change) => new()
    {
        TenantId = pilot.TenantId,
        TeamId = pilot.TeamId,
        PilotId = pilot.Id,
        PilotNumber = pilot.Number,
        Action = change.Action,
        From = change.From,
        To = change.To,
        ActorAadObjectId = change.ActorAadObjectId,
        ActorName = change.ActorName,
        At = change.At,
        Reason = change.Reason,
        AiInvolved = change.AiInvolved,
    };
}
