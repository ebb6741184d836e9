using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching;

namespace TeamsKiCoach.Storage;

/// <summary>
/// Plans something that may exist only once (a person's prompt of a day, a team's nudge of a week) together with
/// its outbox message, in one transaction. Several runs and hosts may try at the same moment: the unique indexes
/// let one of them win, and the others keep nothing of theirs.
/// </summary>
public static class PlanOnce
{
    /// <summary>Adds what <paramref name="plan"/> adds and commits it; false when it was planned already (rolled back, nothing left tracked).</summary>
    public static async Task<bool> SaveAsync(CoachDbContext db, Func<Task> plan, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await plan();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
