namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>How the lexical grouping weighs words against spelling, and how similar is similar enough.</summary>
public sealed record LexicalGroupingOptions
{
    /// <summary>
    /// Cosine similarity to a pattern's centroid an entry needs to join it. Short statements share few words, so
    /// it sits low; chosen on the tuned set only, from the middle of its plateau (ARI 0.93 to 0.94 from 0.15 to
    /// 0.35 with <see cref="ConceptWeight"/> 2), not its peak. The held-out sets never chose a parameter.
    /// </summary>
    public double Threshold { get; init; } = 0.25;

    /// <summary>Weight of the word block (stems, compound parts, concepts) against the character trigrams.</summary>
    public double WordWeight { get; init; } = 1.0;

    public double TrigramWeight { get; init; } = 0.4;

    /// <summary>Weight of a compound's known part ("rechnung" in "eingangsrechnung") against a whole word.</summary>
    public double CompoundPartWeight { get; init; } = 1.0;

    /// <summary>Weight of a word's concept against the word itself: above 1, "Rechnung" and "invoice" meet nearly as
    /// closely as "Rechnung" and "Rechnungen".</summary>
    public double ConceptWeight { get; init; } = 2.0;

    /// <summary>Weight of a long word's first six letters, a feature of their own.</summary>
    public double PrefixWeight { get; init; } = 0.5;

    /// <summary>Weight of a word that says how rather than what ("von Hand", "Excel", "per Mail"), and of its trigrams.</summary>
    public double MethodWordWeight { get; init; } = 0.3;

    /// <summary>Passes that move each entry to its best pattern after the first placement (batch grouping only).</summary>
    public int RefinementPasses { get; init; } = 2;

    public ConceptMap Concepts { get; init; } = ConceptMap.Default;
}

/// <summary>
/// Groups friction statements offline by their words, in German and English.
/// <para>
/// Each entry becomes a TF-IDF vector of two blocks, each scaled to a fixed share: its word stems (with the known
/// parts of German compounds and the bilingual concepts they name) and the character trigrams of those stems,
/// which carry typos and compounds the stemmer misses. Clustering is incremental leader clustering against pattern
/// centroids (join the most similar pattern above <see cref="LexicalGroupingOptions.Threshold"/>, else open one),
/// found through an inverted index from feature to patterns. It was chosen over agglomerative clustering because a
/// live backlog grows one entry at a time: the same step serves the batch and each new entry, so adding one costs
/// the postings it touches, not a regrouping. The batch pays for the order dependence with a few refinement
/// passes that move each entry to its best centroid, k-means style.
/// </para>
/// </summary>
public sealed class LexicalPatternGrouper(LexicalGroupingOptions? options = null) : IPatternGrouper
{
    private readonly LexicalGroupingOptions options = options ?? new LexicalGroupingOptions();

    public IPatternGrouping Group(IEnumerable<FrictionEntry> entries, GroupingDecisions? decisions = null) =>
        Group(entries, decisions, blend: null);

    /// <summary>Groups with text embeddings blended into the similarity (see <see cref="EmbeddingBlend"/>).</summary>
    public IPatternGrouping Group(IEnumerable<FrictionEntry> entries, GroupingDecisions? decisions, EmbeddingBlend? blend)
    {
        var grouping = new LexicalPatternGrouping(options, decisions ?? GroupingDecisions.None, blend);
        grouping.Build(entries);
        return grouping;
    }

    public IPatternGrouping Resume(IReadOnlyList<IReadOnlyList<FrictionEntry>> patterns, GroupingDecisions? decisions = null) =>
        Resume(patterns, decisions, blend: null);

    /// <summary>Takes up a stored grouping with text embeddings blended into the similarity of what is added later.</summary>
    public IPatternGrouping Resume(IReadOnlyList<IReadOnlyList<FrictionEntry>> patterns, GroupingDecisions? decisions, EmbeddingBlend? blend)
    {
        var grouping = new LexicalPatternGrouping(options, decisions ?? GroupingDecisions.None, blend);
        grouping.Seed(patterns);
        return grouping;
    }
}
