using System.Globalization;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Audit;

namespace TeamsKiCoach.Storage.Pilots;

/// <summary>
/// A pilot's steps in the product's one audit trail (<see cref="AuditRecord"/>, subject "pilot", the pilot's id):
/// who (id and name at the time), when, what, why, and whether an AI suggestion was involved.
/// </summary>
public static class PilotAudit
{
    public static string SubjectId(Pilot pilot) => pilot.Id.ToString(CultureInfo.InvariantCulture);

    public static string ActionName(PilotAction action) => action.ToString().ToLowerInvariant();

    public static PilotAction? ActionOf(string name) =>
        Enum.TryParse<PilotAction>(name, ignoreCase: true, out var action) && Enum.IsDefined(action) ? action : null;

    public static AuditRecord RecordFor(Pilot pilot, PilotChange change) => new()
    {
        TenantId = pilot.TenantId,
        TeamId = pilot.TeamId,
        Subject = AuditSubjects.Pilot,
        SubjectId = SubjectId(pilot),
        Action = ActionName(change.Action),
        ActorAadObjectId = change.ActorAadObjectId,
        ActorName = change.ActorName,
        At = change.At,
        Detail = change.Reason,
        AiInvolved = change.AiInvolved,
    };

    /// <summary>Adds the step to <paramref name="db"/>, to be saved with the pilot it describes.</summary>
    public static void Add(CoachDbContext db, Pilot pilot, PilotChange change) =>
        AuditTrail.Add(db, pilot.TeamId, AuditSubjects.Pilot, SubjectId(pilot), ActionName(change.Action), change.ActorAadObjectId, change.ActorName,
            change.At, change.Reason, change.AiInvolved);
}
