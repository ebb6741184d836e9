using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Storage.Backlog;

/// <summary>
/// What a team's stored backlog looks like now, in a few figures the database adds up in one question each for
/// the entries and the patterns. Any write to them changes at least one: a new entry the count and the highest id,
/// a withdrawal or erasure the counts and the texts' length, an edit its time and the texts' length, a move between
/// patterns the sum of pattern ids and the patterns' last change, a new title its length and the last change.
/// </summary>
internal sealed record BacklogStamp(
    int Entries, long LastEntryId, int Withdrawn, int Unplaced, long PatternIdSum, int Named, long TextLength, long MinutesLost, DateTimeOffset? LastEdit,
    int Patterns, int Retired, long MergedSum, long TitleLength, DateTimeOffset? LastPatternChange)
{
    /// <param name="placedOnly">Leaves out the entries waiting to be placed: the stamp of the backlog as it was before they came.</param>
    public static async Task<BacklogStamp> ReadAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken, bool placedOnly = false)
    {
        var entries = await db.BacklogEntries
            .Where(e => e.TeamId == teamId && (!placedOnly || e.WithdrawnAt != null || e.PatternId != null))
            .GroupBy(e => e.TeamId)
            .Select(g => new
            {
                Count = g.Count(),
                LastId = g.Max(e => e.Id),
                Withdrawn = g.Count(e => e.WithdrawnAt != null),
                Unplaced = g.Count(e => e.WithdrawnAt == null && e.PatternId == null),
                PatternIdSum = g.Sum(e => e.PatternId ?? 0),
                Named = g.Count(e => e.AuthorAadObjectId != null),
                TextLength = g.Sum(e => (long)e.Text.Length),
                MinutesLost = g.Sum(e => (long)(e.MinutesLost ?? 0)),
                LastEdit = g.Max(e => e.EditedAt),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var patterns = await db.BacklogPatterns
            .Where(p => p.TeamId == teamId)
            .GroupBy(p => p.TeamId)
            .Select(g => new
            {
                Count = g.Count(),
                Retired = g.Count(p => p.RetiredAt != null),
                MergedSum = g.Sum(p => p.MergedIntoId ?? 0),
                TitleLength = g.Sum(p => (long)p.Title.Length),
                LastChange = g.Max(p => (DateTimeOffset?)p.UpdatedAt),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return new BacklogStamp(
            entries?.Count ?? 0, entries?.LastId ?? 0, entries?.Withdrawn ?? 0, entries?.Unplaced ?? 0, entries?.PatternIdSum ?? 0,
            entries?.Named ?? 0, entries?.TextLength ?? 0, entries?.MinutesLost ?? 0, entries?.LastEdit,
            patterns?.Count ?? 0, patterns?.Retired ?? 0, patterns?.MergedSum ?? 0, patterns?.TitleLength ?? 0, patterns?.LastChange);
    }
}

/// <summary>
/// Teams' backlogs as last read (<see cref="StoredBacklog.LoadAsync"/>), each kept with the <see cref="BacklogStamp"/>
/// it was read under: a read whose stamp is the same gets the kept backlog instead of all entries and patterns
/// again. The stamp is read from the database on every use, so a write by another host (or one that bypassed this
/// one) shows at the next read. One per <see cref="CoachDbFactory"/>, that is per host and database.
/// Bounded: at most <see cref="MaxEntries"/> entries and <see cref="MaxTeams"/> teams in all; the team used longest
/// ago goes first, and a team too large for the budget is not kept at all.
/// </summary>
public sealed class TeamBacklogCache(int maxEntries = TeamBacklogCache.DefaultMaxEntries, int maxTeams = TeamBacklogCache.DefaultMaxTeams)
{
    /// <summary>About 25 MB of entries and their figures: a dozen teams of 2,000 entries, or hundreds of small ones.</summary>
    public const int DefaultMaxEntries = 25_000;

    public const int DefaultMaxTeams = 256;

    private readonly Lock gate = new();
    private readonly Dictionary<(string Tenant, string Team), LinkedListNode<Kept>> kept = [];
    private readonly LinkedList<Kept> byUse = [];
    private int entries;

    public int MaxEntries => maxEntries;

    public int MaxTeams => maxTeams;

    /// <summary>How many teams are kept now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return kept.Count;
            }
        }
    }

    /// <summary>How many entries the kept backlogs hold together.</summary>
    public int EntryCount
    {
        get
        {
            lock (gate)
            {
                return entries;
            }
        }
    }

    internal TeamBacklog? Find(string tenantId, string teamId, BacklogStamp stamp)
    {
        lock (gate)
        {
            if (!kept.TryGetValue((tenantId, teamId), out var node))
            {
                return null;
            }

            // A backlog under an older stamp stays until it is replaced: only what was added since may be read to it.
            if (node.Value.Stamp != stamp)
            {
                return null;
            }

            byUse.Remove(node);
            byUse.AddFirst(node);
            return node.Value.Backlog;
        }
    }

    /// <summary>The backlog kept for the team with the stamp it was read under, whatever the stamp is now.</summary>
    internal (BacklogStamp Stamp, TeamBacklog Backlog)? Last(string tenantId, string teamId)
    {
        lock (gate)
        {
            return kept.TryGetValue((tenantId, teamId), out var node) ? (node.Value.Stamp, node.Value.Backlog) : null;
        }
    }

    internal void Keep(string tenantId, string teamId, BacklogStamp stamp, TeamBacklog backlog)
    {
        var size = Math.Max(1, backlog.Entries.Count);
        lock (gate)
        {
            if (kept.TryGetValue((tenantId, teamId), out var old))
            {
                Drop(old);
            }

            if (size > maxEntries)
            {
                return;
            }

            while (kept.Count > 0 && (entries + size > maxEntries || kept.Count >= maxTeams))
            {
                Drop(byUse.Last!);
            }

            kept[(tenantId, teamId)] = byUse.AddFirst(new Kept(tenantId, teamId, stamp, backlog, size));
            entries += size;
        }
    }

    private void Drop(LinkedListNode<Kept> node)
    {
        byUse.Remove(node);
        kept.Remove((node.Value.Tenant, node.Value.Team));
        entries -= node.Value.Size;
    }

    private sealed record Kept(string Tenant, string Team, BacklogStamp Stamp, TeamBacklog Backlog, int Size);
}
