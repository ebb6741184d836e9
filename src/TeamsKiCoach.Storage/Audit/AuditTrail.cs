using TeamsKiCoach.Coaching.Audit;

namespace TeamsKiCoach.Storage.Audit;

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
