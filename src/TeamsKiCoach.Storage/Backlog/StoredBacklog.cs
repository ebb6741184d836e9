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
        // The stamp is read before the rows: a write between the two makes the kept backlog newer than its stamp,
        // so the next read misses and reads again, never the other way round. Only what the database holds
        // committed is kept (a read inside a transaction may see its own writes, which could still roll back).
        var cache = db.Backlogs;
        var stamp = cache is null ? null : await BacklogStamp.ReadAsync(db, teamId, cancellationToken);
        if (stamp is { Unplaced: 0 } && cache!.Find(db.TenantId, teamId, stamp) is { } kept)
        {
            return kept;
        }

        if (stamp is { Unplaced: 0 } && cache!.Last(db.TenantId, teamId) is { } last
            && await AddedSinceAsync(db, teamId, last.Stamp, last.Backlog, stamp, cancellationToken) is { } grown)
        {
            if (db.Database.CurrentTransaction is null)
            {
                cache.Keep(db.TenantId, teamId, stamp, grown);
            }

            return grown;
        }

        var entries = await LiveEntriesAsync(db, teamId, cancellationToken);
        if (entries.Any(e => e.PatternId is null))
        {
            await PlaceAsync(db, teamId, grouper, (clock ?? TimeProvider.System).GetUtcNow(), cancellationToken);
            entries = await LiveEntriesAsync(db, teamId, cancellationToken);
            stamp = null;
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
            .ToList();
        var byId = patterns.ToDictionary(p => p.Id);
        var retired = rows.Where(r => successor.ContainsKey(r.Id)).ToDictionary(r => r.Number, r => byId[successor[r.Id].Id]);
        var backlog = TeamBacklog.Of(entries, patterns, retired);
        if (stamp is { Unplaced: 0 } && db.Database.CurrentTransaction is null)
        {
            cache!.Keep(db.TenantId, teamId, stamp, backlog);
        }

        return backlog;
    }

    /// <summary>
    /// The kept backlog with what was only added since (new entries in their patterns, new patterns, new titles),
    /// read as those rows alone; null when anything else changed, which the stamp tells: the kept stamp plus what
    /// was read must add up to the stamp now, or the whole backlog is read again. A +1, a captured or answered entry
    /// only add; a withdrawal, an edit, a merge, a split or a regrouping read everything.
    /// </summary>
    internal static async Task<TeamBacklog?> AddedSinceAsync(
        CoachDbContext db, string teamId, BacklogStamp was, TeamBacklog kept, BacklogStamp now, CancellationToken cancellationToken)
    {
        if (now.LastEntryId < was.LastEntryId || now.Withdrawn != was.Withdrawn || now.LastEdit != was.LastEdit
            || now.Retired != was.Retired || now.MergedSum != was.MergedSum || now.Entries - was.Entries is < 0 or > 64
            || now.LastPatternChange is null || (was.LastPatternChange is { } since && now.LastPatternChange < since))
        {
            return null;
        }

        var added = await db.BacklogEntries.AsNoTracking()
            .Where(e => e.TeamId == teamId && e.Id > was.LastEntryId && (e.WithdrawnAt != null || e.PatternId != null))
            .OrderBy(e => e.Number)
            .ToListAsync(cancellationToken);
        var changeSince = was.LastPatternChange ?? DateTimeOffset.MinValue;
        var rows = await db.BacklogPatterns.AsNoTracking()
            .Where(p => p.TeamId == teamId && p.UpdatedAt >= changeSince)
            .Select(p => new { p.Id, p.Number, p.Title, p.RetiredAt })
            .ToListAsync(cancellationToken);
        var live = kept.Patterns.ToDictionary(p => p.Id);
        var opened = rows.Where(r => !live.ContainsKey(r.Id)).ToList();
        var adds = added.Count == now.Entries - was.Entries
            && (added.Count == 0 ? was.LastEntryId : added.Max(e => e.Id)) == now.LastEntryId
            && added.All(e => e.WithdrawnAt is null && e.EditedAt is null && e.PatternId is not null)
            && was.PatternIdSum + added.Sum(e => e.PatternId!.Value) == now.PatternIdSum
            && was.Named + added.Count(e => e.AuthorAadObjectId is not null) == now.Named
            && was.TextLength + added.Sum(e => (long)e.Text.Length) == now.TextLength
            && was.MinutesLost + added.Sum(e => (long)(e.MinutesLost ?? 0)) == now.MinutesLost
            && was.Patterns + opened.Count == now.Patterns
            && opened.All(r => r.RetiredAt is null)
            && was.TitleLength + rows.Sum(r => (long)r.Title.Length - (live.TryGetValue(r.Id, out var p) ? p.Title.Length : 0)) == now.TitleLength;
        var titles = rows.ToDictionary(r => r.Id);
        if (!adds || added.Any(e => !live.ContainsKey(e.PatternId!.Value) && !titles.ContainsKey(e.PatternId!.Value)))
        {
            return null;
        }

        // Only the patterns that gained an entry or a title are worked out again; the others are the kept ones.
        var joined = added.ToLookup(e => e.PatternId!.Value);
        var changed = joined.Select(g => g.Key).Concat(rows.Select(r => r.Id)).Distinct()
            .Select(id =>
            {
                var before = live.GetValueOrDefault(id);
                var members = (before?.Entries ?? []).Concat(joined[id]).OrderBy(e => e.Number).ToList();
                var row = titles.GetValueOrDefault(id);
                var number = row?.Number ?? before!.Key;
                var title = row?.Title ?? before!.Title;
                return members.Count == 0
                    ? null
                    : new TeamPattern(number, PatternSummary.Figures(number, title, members.Select(TeamBacklog.ToFriction).ToList()), members)
                    {
                        Id = id,
                        MergedIn = before?.MergedIn ?? [],
                    };
            })
            .OfType<TeamPattern>()
            .ToDictionary(p => p.Id);
        var patterns = kept.Patterns
            .Where(p => !changed.ContainsKey(p.Id))
            .Concat(changed.Values)
            .ToList();
        var byId = patterns.ToDictionary(p => p.Id);
        var retired = kept.Retired.ToDictionary(n => n.Key, n => byId[n.Value.Id]);
        var entries = kept.Entries.Concat(added).OrderBy(e => e.Number).ToList();
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
