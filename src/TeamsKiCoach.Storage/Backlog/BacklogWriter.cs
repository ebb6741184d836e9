using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Storage.Backlog;

/// <summary>Adds entries to a team's backlog, numbered 1, 2, 3 … per team.</summary>
public static class BacklogWriter
{
    /// <summary>
    /// Adds the entry with the team's next number, inside the caller's transaction. Two entries racing for
    /// the same number make the unique index refuse one; the caller retries.
    /// </summary>
    public static async Task<BacklogEntry> AddAsync(CoachDbContext db, BacklogEntry entry, CancellationToken cancellationToken)
    {
        await TakeNumbersAsync(db, entry.TeamId, cancellationToken);
        var last = await db.BacklogEntries.Where(e => e.TeamId == entry.TeamId).MaxAsync(e => (int?)e.Number, cancellationToken);
        entry.Number = (last ?? 0) + 1;
        db.BacklogEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    // Any class id of the product's own advisory locks: this one is the backlog numbers'.
    private const int NumbersLock = 0x424C;

    /// <summary>
    /// Makes whoever numbers entries of this team or changes its patterns wait for the others, until the end of the
    /// caller's transaction. PostgreSQL needs it: otherwise an import that numbers many rows at once and a chat entry
    /// read the same last number, and one of them fails at the unique index; or a +1 joins a pattern that a lead's
    /// merge is retiring at the same moment. SQLite has one writer at a time anyway.
    /// </summary>
    public static async Task TakeNumbersAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var key = db.TenantId + "\n" + teamId;
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock({NumbersLock}, hashtext({key}))", cancellationToken);
        }
    }
}
