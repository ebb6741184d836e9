using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Storage.Pulse;

/// <summary>
/// A person's pulse answers in "meine daten": only those of weeks still open can be linked to them (through the
/// keyed hash of their own id); they are in the export and are deleted with everything else. Answers of closed
/// weeks have no key any more and belong to nobody.
/// </summary>
public sealed class PulsePersonalData(PulseKeys keys) : IPersonalDataPart
{
    public string Name => "pulse_answers";

    public async Task<int> CountLinkableAsync(CoachDbContext db, string aad, CancellationToken cancellationToken) =>
        (await LinkableAsync(db, aad, cancellationToken)).Count;

    public async Task<object?> ExportAsync(CoachDbContext db, string aad, CancellationToken cancellationToken) =>
        (await LinkableAsync(db, aad, cancellationToken))
            .Select(a => new { a.TeamId, a.Week, a.Relief, a.Bypassed, a.NewQuestions, a.StillManual, a.NoTime })
            .ToList();

    public async Task<(int Deleted, int Unlinked)> EraseAsync(CoachDbContext db, string aad, CancellationToken cancellationToken)
    {
        var ids = (await LinkableAsync(db, aad, cancellationToken)).Select(a => a.Id).ToList();
        return (await db.PulseAnswers.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken), 0);
    }

    private async Task<List<PulseAnswer>> LinkableAsync(CoachDbContext db, string aad, CancellationToken cancellationToken)
    {
        var open = await db.PulseAnswers.AsNoTracking().Where(a => a.AnswerKey != null).ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            return [];
        }

        var key = await keys.ForTenantAsync(db, cancellationToken);
        return open.Where(a => a.AnswerKey == key.For(db.TenantId, a.TeamId, a.IsoWeek, aad)).ToList();
    }
}
