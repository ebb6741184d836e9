using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Storage.Registry;

/// <summary>
/// Registry entries in "meine daten": the automations a person owns. Erasure keeps the entries (the team still runs
/// them) with no owner, so the registry shows that one has to be named again.
/// </summary>
public sealed class RegistryPersonalData : IPersonalDataPart
{
    public string Name => "automations";

    public Task<int> CountLinkableAsync(CoachDbContext db, string aad, CancellationToken cancellationToken) =>
        db.Automations.CountAsync(a => a.OwnerAadObjectId == aad, cancellationToken);

    public async Task<object?> ExportAsync(CoachDbContext db, string aad, CancellationToken cancellationToken) =>
        await db.Automations.AsNoTracking().Where(a => a.OwnerAadObjectId == aad)
            .Select(a => new { a.TeamId, a.Name, a.Status, a.Since })
            .ToListAsync(cancellationToken);

    public async Task<(int Deleted, int Unlinked)> EraseAsync(CoachDbContext db, string aad, CancellationToken cancellationToken) =>
        (0, await db.Automations.Where(a => a.OwnerAadObjectId == aad)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.OwnerAadObjectId, (string?)null).SetProperty(a => a.OwnerName, (string?)null), cancellationToken));
}
