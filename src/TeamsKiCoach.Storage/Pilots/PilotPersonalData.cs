using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Storage.Pilots;

/// <summary>
/// Pilots in "meine daten": the pilots a person proposed, owns or decided, and the relief questions they were
/// asked. Erasure keeps the pilots (the team still runs them) with "a former member" in place of the person; whether
/// they were asked goes. Relief answers were never linked to anyone.
/// </summary>
public sealed class PilotPersonalData : IPersonalDataPart
{
    public string Name => "pilots";

    public async Task<int> CountLinkableAsync(CoachDbContext db, string aad, CancellationToken cancellationToken) =>
        await db.Pilots.CountAsync(p => p.ProposedByAadObjectId == aad || p.OwnerAadObjectId == aad || p.DecidedByAadObjectId == aad, cancellationToken);

    public async Task<object?> ExportAsync(CoachDbContext db, string aad, CancellationToken cancellationToken) => new
    {
        pilots = await db.Pilots.AsNoTracking()
            .Where(p => p.ProposedByAadObjectId == aad || p.OwnerAadObjectId == aad || p.DecidedByAadObjectId == aad)
            .Select(p => new
            {
                p.TeamId, p.Number, p.PatternTitle, p.Step, p.State,
                Proposed = p.ProposedByAadObjectId == aad, Owner = p.OwnerAadObjectId == aad, Decided = p.DecidedByAadObjectId == aad,
            })
            .ToListAsync(cancellationToken),
        reliefQuestions = await db.ReliefAsks.AsNoTracking().Where(a => a.RecipientAadObjectId == aad)
            .Select(a => new { a.TeamId, a.PilotId, a.Week, a.DueAt, a.Answered })
            .ToListAsync(cancellationToken),
    };

    public async Task<(int Deleted, int Unlinked)> EraseAsync(CoachDbContext db, string aad, CancellationToken cancellationToken)
    {
        var deleted = await db.ReliefAsks.Where(a => a.RecipientAadObjectId == aad).ExecuteDeleteAsync(cancellationToken);
        var unlinked = await db.Pilots.Where(p => p.ProposedByAadObjectId == aad)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ProposedByAadObjectId, PersonalData.FormerMember).SetProperty(p => p.ProposedByName, string.Empty), cancellationToken);
        unlinked += await db.Pilots.Where(p => p.OwnerAadObjectId == aad)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OwnerAadObjectId, PersonalData.FormerMember).SetProperty(p => p.OwnerName, string.Empty), cancellationToken);
        unlinked += await db.Pilots.Where(p => p.DecidedByAadObjectId == aad)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.DecidedByAadObjectId, PersonalData.FormerMember).SetProperty(p => p.DecidedByName, (string?)null), cancellationToken);
        return (deleted, unlinked);
    }
}
