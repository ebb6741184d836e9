using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Storage.Nudges;

/// <summary>Nudges in "meine daten": the weekly runs a lead started by hand. Erasure keeps the run without them.</summary>
public sealed class NudgePersonalData : IPersonalDataPart
{
    public string Name => "nudge_runs";

    public Task<int> CountLinkableAsync(CoachDbContext db, string aad, CancellationToken cancellationToken) =>
        db.NudgeRuns.CountAsync(n => n.TriggeredByAadObjectId == aad, cancellationToken);

    public async Task<object?> ExportAsync(CoachDbContext db, string aad, CancellationToken cancellationToken) =>
        await db.NudgeRuns.AsNoTracking().Where(n => n.TriggeredByAadObjectId == aad)
            .Select(n => new { n.TeamId, n.Period, n.Title })
            .ToListAsync(cancellationToken);

    public async Task<(int Deleted, int Unlinked)> EraseAsync(CoachDbContext db, string aad, CancellationToken cancellationToken) =>
        (0, await db.NudgeRuns.Where(n => n.TriggeredByAadObjectId == aad)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.TriggeredByAadObjectId, (string?)null), cancellationToken));
}
