using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Storage.Backlog;

/// <summary>Reads a team's backlog as it is stored: its patterns and their live entries.</summary>
public static class StoredBacklog
{
    /// <summary>
    /// Reads the team's stored patterns and their entries (in the tenant of <paramref name="db"/>), without the
    /// withdrawn ones. Nothing is regrouped here. An entry that is in no pattern yet (written by an older host
    /// during an update, or straight into the table) is placed first, as a new entry would be.
    /// </summary>
    public static async Task<TeamBacklog> LoadAsync(
        CoachDbContext db, string teamId, IPatternGrouper grouper, CancellationToken cancellationToken, TimeProvider? clock = null)
    {
        var entries = await LiveEntriesAsync(db, teamId, cancellationToken);
        if (entries.Any(e => e.PatternId is null))
        {
            await PlaceAsync(db, teamId, grouper, (clock ?? TimeProvider.System).GetUtcNow(), cancellationToken);
            entries = await LiveEntriesAsync(db, teamId, cancellationToken);
        }

        var rows = await db.BacklogPatterns.AsNoTracking()
            .Where(p => p.TeamId == teamId)
            .Select(p => new { p.Id, p.Number, p.Title, p.RetiredAt, p.MergedIntoId })
            .ToListAsync(cancellationToken);
        var members = entries.Where(e => e.PatternId is not null).ToLookup(e => e.PatternId!.Value);
        var mergedInto = rows.Where(r => r.MergedIntoId is not null).ToDictionary(r => r.Id, r => r.MergedIntoId!.Value);
        var live = rows
            .Where(r => r.RetiredAt is null && members[r.Id].Any())
            .Select(r =>
            {
                var inPattern = members[r.Id].OrderBy(e => e.Number).ToList();
                return new TeamPattern(r.Number, PatternSummary.Figures(r.Number, r.Title, inPattern.Select(TeamBacklog.ToFriction).ToList()), inPattern) { Id = r.Id };
            })
            .ToDictionary(p => p.Id);

        // A retired pattern leads to the live one it went into, through any number of merges.
        var successor = new Dictionary<long, TeamPattern>();
        foreach (var row in rows.Where(r => r.RetiredAt is not null))
        {
            var id = row.Id;
            for (var hops = 0; hops <= rows.Count && mergedInto.TryGetValue(id, out var next); hops++)
            {
                id = next;
            }

            if (live.TryGetValue(id, out var target))
            {
                successor[row.Id] = target;
            }
        }

        var absorbed = successor.GroupBy(s => s.Value.Id).ToDictionary(g => g.Key, g => (IReadOnlyList<long>)g.Select(s => s.Key).ToList());
        var patterns = live.Values
            .Select(p => absorbed.TryGetValue(p.Id, out var ids) ? p with { MergedIn = ids } : p)
            .OrderByDescending(p => p.Pattern.Mentions)
            .ThenByDescending(p => p.Pattern.LastSeen)
            .ThenBy(p => p.Key)
            .ToList();
        var byId = patterns.ToDictionary(p => p.Id);
        var retired = rows.Where(r => successor.ContainsKey(r.Id)).ToDictionary(r => r.Number, r => byId[successor[r.Id].Id]);
        return TeamBacklog.Of(entries, patterns, retired);
    }

    private static Task<List<BacklogEntry>> LiveEntriesAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken) =>
        db.BacklogEntries.AsNoTracking()
            .Where(e => e.TeamId == teamId && e.WithdrawnAt == null)
            .OrderBy(e => e.Number)
            .ToListAsync(cancellationToken);

    // A read that finds unplaced entries places them in a transaction of its own, so that two readers do not both.
    private static async Task PlaceAsync(CoachDbContext db, string teamId, IPatternGrouper grouper, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await PatternStore.PlaceNewAsync(db, teamId, grouper, now, cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await PatternStore.PlaceNewAsync(db, teamId, grouper, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
