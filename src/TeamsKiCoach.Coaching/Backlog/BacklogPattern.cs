namespace TeamsKiCoach.Coaching.Backlog;

/// <summary>
/// A pattern of a team's backlog, stored: entries that name the same friction. Its <see cref="Number"/> is what
/// people see ("Muster 12") and what cards, checks and pilots keep; it is unique in the team and never given out
/// again, because a pattern that loses its last entry is retired, not deleted. Entries join and leave only through
/// the methods here, so the title and the times always move with the members.
/// </summary>
/// <remarks>
/// The type is called BacklogPattern beside <see cref="BacklogEntry"/>; <see cref="Patterns.FrictionPattern"/> is the
/// figures a card shows of one (mentions, people, time), worked out from the members when read.
/// </remarks>
public sealed class BacklogPattern : ITenantOwned
{
    /// <summary>Longer than any title <see cref="Patterns.PatternSummary.Title"/> makes; the column's limit.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>What a pattern is called when none of its words may be kept (its entries are gone, a check still needs it).</summary>
    public const string NeutralTitle = "(ohne Text)";

    private readonly List<BacklogEntry> entries = [];

    private BacklogPattern()
    {
    }

    public long Id { get; private set; }
    public string TenantId { get; private set; } = string.Empty;
    public string TeamId { get; private set; } = string.Empty;
    public int Number { get; private set; }

    /// <summary>Made from the members' own words (<see cref="Patterns.PatternSummary.Title"/>); made again whenever a member's text goes.</summary>
    public string Title { get; private set; } = NeutralTitle;

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When it lost its last entry: it is in no list any more, and keeps only its number and what points at it.</summary>
    public DateTimeOffset? RetiredAt { get; private set; }

    /// <summary>
    /// The pattern it went into when a lead merged it, or a regrouping put most of its entries together with
    /// another's: its checks and pilots count for that one, and its number leads there.
    /// </summary>
    public long? MergedIntoId { get; private set; }

    /// <summary>The members as loaded: only complete when the entries were read with the pattern.</summary>
    public IReadOnlyList<BacklogEntry> Entries => entries;

    public bool IsRetired => RetiredAt is not null;

    public static BacklogPattern Open(string tenantId, string teamId, int number, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        return new BacklogPattern { TenantId = tenantId, TeamId = teamId, Number = number, CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>A new entry, or one a regrouping moves here, joins: it leaves the pattern it was in.</summary>
    public void Join(BacklogEntry entry, BacklogPattern? from, DateTimeOffset now)
    {
        if (entry.TeamId != TeamId || entry.TenantId != TenantId)
        {
            throw new InvalidOperationException("An entry joins only a pattern of its own team.");
        }

        if (entry.IsWithdrawn)
        {
            throw new InvalidOperationException("A withdrawn entry belongs to no pattern.");
        }

        if (ReferenceEquals(from, this))
        {
            return;
        }

        if (Id == 0)
        {
            throw new InvalidOperationException("A pattern is saved (and has its id) before entries join it.");
        }

        if (from is not null && from.entries.Remove(entry))
        {
            from.UpdatedAt = now;
        }

        entries.Add(entry);
        entry.PatternId = Id;
        RetiredAt = null;
        MergedIntoId = null;
        UpdatedAt = now;
    }

    /// <summary>A lead merges <paramref name="other"/> into this one: its entries come here, and it retires into this one.</summary>
    public PatternChange Absorb(BacklogPattern other, DateTimeOffset now)
    {
        if (other.Id == Id)
        {
            return PatternChange.SamePattern;
        }

        if (other.TeamId != TeamId || other.IsRetired || IsRetired)
        {
            return PatternChange.NotFound;
        }

        foreach (var entry in other.entries.ToList())
        {
            Join(entry, other, now);
        }

        other.RetireInto(this, now);
        return PatternChange.Done;
    }

    /// <summary>A lead splits one entry out into <paramref name="into"/>, a new pattern; the only entry of a pattern stays.</summary>
    public PatternChange SplitOut(BacklogEntry entry, BacklogPattern into, DateTimeOffset now)
    {
        if (!entries.Contains(entry))
        {
            return PatternChange.NotFound;
        }

        if (entries.Count == 1)
        {
            return PatternChange.Alone;
        }

        into.Join(entry, this, now);
        return PatternChange.Done;
    }

    /// <summary>An entry leaves (withdrawn, its author erased their data); the last one to go retires the pattern.</summary>
    public void Release(BacklogEntry entry, DateTimeOffset now)
    {
        if (!entries.Remove(entry))
        {
            return;
        }

        entry.PatternId = null;
        UpdatedAt = now;
        if (entries.Count == 0)
        {
            Retire(now);
        }
    }

    /// <summary>A pattern whose last entries went without passing through <see cref="Release"/> (a bulk erasure) retires.</summary>
    public void RetireIfEmpty(DateTimeOffset now)
    {
        if (entries.Count == 0 && !IsRetired)
        {
            Retire(now);
        }
    }

    /// <summary>A regrouping gave most of this pattern's entries to <paramref name="successor"/>.</summary>
    public void RetireInto(BacklogPattern successor, DateTimeOffset now)
    {
        Retire(now);
        MergedIntoId = successor.Id;
    }

    /// <summary>
    /// The title from the members' words, as the grouping chose it; the neutral title when no member has words left
    /// (and always once retired, so that a retired pattern keeps nobody's text).
    /// </summary>
    public void Retitle(string? title, DateTimeOffset now)
    {
        var next = IsRetired || string.IsNullOrWhiteSpace(title) ? NeutralTitle : Cut(title);
        if (next != Title)
        {
            Title = next;
            UpdatedAt = now;
        }
    }

    private void Retire(DateTimeOffset now)
    {
        foreach (var entry in entries)
        {
            entry.PatternId = null;
        }

        entries.Clear();
        RetiredAt = now;
        UpdatedAt = now;
        Title = NeutralTitle;
    }

    private static string Cut(string title) => title.Length <= MaxTitleLength ? title : title[..MaxTitleLength];
}
