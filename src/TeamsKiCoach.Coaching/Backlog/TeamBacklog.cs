using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Storage;

namespace TeamsKiCoach.Coaching.Backlog;

/// <summary>
/// One pattern of a team's backlog with a key that outlives a regrouping: the number of its earliest entry
/// ("Muster 12" is the pattern that entry #12 opened). Cards and exports refer to a pattern by that key; a card
/// action names an entry number and is resolved to whatever pattern holds that entry now.
/// </summary>
public sealed record TeamPattern(int Key, FrictionPattern Pattern, IReadOnlyList<BacklogEntry> Entries)
{
    public string Title => Pattern.Title;
}

/// <summary>A team's backlog as read from the database and grouped into patterns, most mentioned first.</summary>
public sealed class TeamBacklog
{
    private readonly Dictionary<int, TeamPattern> byEntryNumber;

    private TeamBacklog(IReadOnlyList<BacklogEntry> entries, IReadOnlyList<TeamPattern> patterns)
    {
        Entries = entries;
        Patterns = patterns;
        byEntryNumber = patterns.SelectMany(p => p.Entries.Select(e => (e.Number, p))).ToDictionary(x => x.Number, x => x.p);
    }

    /// <summary>The team's entries, oldest first.</summary>
    public IReadOnlyList<BacklogEntry> Entries { get; }

    public IReadOnlyList<TeamPattern> Patterns { get; }

    /// <summary>The pattern that holds the entry with this number now, or null when there is no such entry.</summary>
    public TeamPattern? PatternOf(int entryNumber) => byEntryNumber.GetValueOrDefault(entryNumber);

    /// <summary>The pattern with this key, or null when the key names no pattern (any more).</summary>
    public TeamPattern? Pattern(int key) => Patterns.FirstOrDefault(p => p.Key == key);

    /// <summary>
    /// Reads the team's entries (in the tenant of <paramref name="db"/>) without the withdrawn ones and groups
    /// them, honouring the leads' merges and splits and the +1s in the order they were recorded.
    /// </summary>
    public static async Task<TeamBacklog> LoadAsync(CoachDbContext db, string teamId, IPatternGrouper grouper, CancellationToken cancellationToken)
    {
        var entries = await db.BacklogEntries.AsNoTracking()
            .Where(e => e.TeamId == teamId && e.WithdrawnAt == null)
            .OrderBy(e => e.Number)
            .ToListAsync(cancellationToken);
        var decisions = await db.GroupingDecisions.AsNoTracking()
            .Where(d => d.TeamId == teamId)
            .OrderBy(d => d.Id)
            .ToListAsync(cancellationToken);
        if (grouper is IPreparingPatternGrouper preparing)
        {
            await preparing.PrepareAsync(entries.Select(e => e.Text).ToList(), cancellationToken);
        }

        return Group(entries, grouper, GroupingDecisionRecord.Apply(decisions));
    }

    /// <summary>Groups entries already in memory; the entries must all be of one team.</summary>
    public static TeamBacklog Group(IReadOnlyList<BacklogEntry> entries, IPatternGrouper grouper, GroupingDecisions? decisions = null)
    {
        var byId = entries.ToDictionary(e => e.Id);
        var grouping = grouper.Group(entries.Select(ToFriction), decisions);
        var patterns = grouping.Patterns()
            .Select(p =>
            {
                var members = p.EntryIds.Select(id => byId[id]).OrderBy(e => e.Number).ToList();
                return new TeamPattern(members[0].Number, p, members);
            })
            .OrderByDescending(p => p.Pattern.Mentions)
            .ThenByDescending(p => p.Pattern.LastSeen)
            .ThenBy(p => p.Key)
            .ToList();
        return new TeamBacklog(entries, patterns);
    }

    public static FrictionEntry ToFriction(BacklogEntry entry) =>
        new(entry.Id, entry.Text, entry.AuthorAadObjectId, entry.CreatedAt, entry.Frequency, entry.MinutesLost);
}
