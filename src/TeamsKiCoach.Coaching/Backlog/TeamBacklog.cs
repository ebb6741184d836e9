using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Coaching.Backlog;

/// <summary>
/// One pattern of a team's backlog as it is read. <see cref="Key"/> is the stored pattern's number in the team
/// ("Muster 12"), which cards, checks and pilots carry; <see cref="Id"/> its row (0 for a grouping made in memory
/// by <see cref="TeamBacklog.Group"/>, whose keys are the numbers of each pattern's earliest entry).
/// <see cref="MergedIn"/> are the retired patterns that went into this one: their checks count for it.
/// </summary>
public sealed record TeamPattern(int Key, FrictionPattern Pattern, IReadOnlyList<BacklogEntry> Entries)
{
    public long Id { get; init; }

    public IReadOnlyList<long> MergedIn { get; init; } = [];

    public string Title => Pattern.Title;
}

/// <summary>A team's backlog as stored, in patterns, most mentioned first.</summary>
public sealed class TeamBacklog
{
    private readonly Dictionary<int, TeamPattern> byEntryNumber;
    private readonly Dictionary<int, TeamPattern> byNumber;

    private TeamBacklog(IReadOnlyList<BacklogEntry> entries, IReadOnlyList<TeamPattern> patterns, IReadOnlyDictionary<int, TeamPattern>? retired = null)
    {
        Entries = entries;
        Patterns = patterns
            .OrderByDescending(p => p.Pattern.Mentions)
            .ThenByDescending(p => p.Pattern.LastSeen)
            .ThenBy(p => p.Key)
            .ToList();
        byEntryNumber = patterns.SelectMany(p => p.Entries.Select(e => (e.Number, p))).ToDictionary(x => x.Number, x => x.p);
        byNumber = patterns.ToDictionary(p => p.Key);
        foreach (var (number, successor) in retired ?? new Dictionary<int, TeamPattern>())
        {
            byNumber.TryAdd(number, successor);
        }
    }

    /// <summary>
    /// A backlog as stored: its live entries, its live patterns and, by number, the live
    /// pattern each retired pattern went into.
    /// </summary>
    public static TeamBacklog Of(IReadOnlyList<BacklogEntry> entries, IReadOnlyList<TeamPattern> patterns, IReadOnlyDictionary<int, TeamPattern> retired) =>
        new(entries, patterns, retired);

    /// <summary>The team's entries, oldest first.</summary>
    public IReadOnlyList<BacklogEntry> Entries { get; }

    /// <summary>Most mentioned first, then the one seen last, then by number.</summary>
    public IReadOnlyList<TeamPattern> Patterns { get; }

    /// <summary>The pattern that holds the entry with this number now, or null when there is no such entry.</summary>
    public TeamPattern? PatternOf(int entryNumber) => byEntryNumber.GetValueOrDefault(entryNumber);

    /// <summary>
    /// The pattern with this number; for the number of a pattern that was merged away, the pattern it went into
    /// (a card sent before the merge still leads somewhere). Null when the number names no pattern with entries.
    /// </summary>
    public TeamPattern? Pattern(int number) => byNumber.GetValueOrDefault(number);

    /// <summary>The numbers of retired patterns, each with the live pattern it went into.</summary>
    public IReadOnlyDictionary<int, TeamPattern> Retired => byNumber.Where(n => n.Key != n.Value.Key).ToDictionary(n => n.Key, n => n.Value);

    /// <summary>
    /// Groups entries already in memory, not stored (a set being scored, a pattern being tried); the entries must
    /// all be of one team. Each pattern's key is the number of its earliest entry.
    /// </summary>
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
            .ToList();
        return new TeamBacklog(entries, patterns);
    }

    public static FrictionEntry ToFriction(BacklogEntry entry) =>
        new(entry.Id, entry.Text, entry.AuthorAadObjectId, entry.CreatedAt, entry.Frequency, entry.MinutesLost);
}
