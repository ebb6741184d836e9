namespace TeamsKiCoach.Coaching.Audit;

/// <summary>
/// One decision or state change made by a person: who (AAD object id and the display name at the time), when,
/// what, about which subject, the reason, and whether an AI suggestion was involved. Rows are only ever added.
/// </summary>
public sealed class AuditRecord : ITenantOwned
{
    public const int MaxDetailLength = 2000;

    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }

    /// <summary>What the decision was about: <see cref="AuditSubjects"/>.</summary>
    public required string Subject { get; set; }
    public required string SubjectId { get; set; }
    public required string Action { get; set; }
    public required string ActorAadObjectId { get; set; }
    public string? ActorName { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Detail { get; set; }
    public bool AiInvolved { get; set; }
}

public static class AuditSubjects
{
    public const string Assessment = "assessment";
    public const string Pilot = "pilot";
    public const string Stage = "stage";
    public const string Automation = "automation";

    /// <summary>A team's leads: subject id is the person made lead.</summary>
    public const string Lead = "lead";
}
