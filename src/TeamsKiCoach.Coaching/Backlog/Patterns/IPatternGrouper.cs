namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>
/// Groups a team's backlog entries into patterns. The lexical grouper works offline; an embedding-based one can
/// replace it, or refine its result, behind the same two interfaces when an AI provider is configured.
/// </summary>
public interface IPatternGrouper
{
    /// <summary>Groups the entries from scratch, honouring the leads' merge and split decisions.</summary>
    IPatternGrouping Group(IEnumerable<FrictionEntry> entries, GroupingDecisions? decisions = null);

    /// <summary>
    /// Takes up a grouping that was stored: each list is one pattern, kept exactly as given (pattern id = its index,
    /// empty lists included), so that <see cref="IPatternGrouping.Add"/> places a new entry against the patterns
    /// people already know instead of regrouping them. A grouper without its own way resumes by words.
    /// </summary>
    IPatternGrouping Resume(IReadOnlyList<IReadOnlyList<FrictionEntry>> patterns, GroupingDecisions? decisions = null) =>
        new LexicalPatternGrouper().Resume(patterns, decisions, blend: null);
}

/// <summary>
/// A grouper that needs slow work (calls to a model) done before it can group synchronously. Callers await
/// <see cref="PrepareAsync"/> with the texts they are about to group; it never fails for a provider's sake: a
/// grouper that could not prepare groups lexically and says so in its log.
/// </summary>
public interface IPreparingPatternGrouper : IPatternGrouper
{
    Task PrepareAsync(IReadOnlyCollection<string> texts, CancellationToken cancellationToken);
}

/// <summary>
/// A grouping that stays live: entries are added or withdrawn one at a time, without regrouping the rest, and
/// earlier entries never move on an addition. Not thread-safe: one team's grouping is changed by one caller at a
/// time. Pattern ids are stable within one grouping only; a regrouping from scratch numbers them afresh.
/// </summary>
public interface IPatternGrouping
{
    int EntryCount { get; }

    /// <summary>Places a new entry into the most similar pattern, or opens a new one; returns the pattern id.</summary>
    int Add(FrictionEntry entry);

    /// <summary>Takes a withdrawn entry out of its pattern; false when the entry is not in the grouping.</summary>
    bool Remove(long entryId);

    /// <summary>The pattern id of an entry, or null when the entry is not in the grouping.</summary>
    int? PatternOf(long entryId);

    /// <summary>The patterns with at least one entry, most mentioned first.</summary>
    IReadOnlyList<FrictionPattern> Patterns();

    /// <summary>One pattern, or null when the id is unknown or the pattern has no entries left.</summary>
    FrictionPattern? Pattern(int patternId);
}
