using TeamsKiCoach.Coaching.Storage;

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

public static class AuditTrail
{
    /// <summary>Adds the record to <paramref name="db"/>; it is written with the change it describes, in one save.</summary>
    public static void Add(
        CoachDbContext db, string teamId, string subject, string subjectId, string action, string actor, string? actorName,
        DateTimeOffset at, string? detail = null, bool aiInvolved = false) =>
        db.AuditRecords.Add(new AuditRecord
        {
            TenantId = db.TenantId,
            TeamId = teamId,
            Subject = subject,
            SubjectId = subjectId,
            Action = action,
            ActorAadObjectId = actor,
            ActorName = actorName,
            At = at,
            Detail = detail is { Length: > AuditRecord.MaxDetailLength } ? detail[..AuditRecord.MaxDetailLength] : detail,
            AiInvolved = aiInvolved,
        });
}
