using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Ai.Patterns;

/// <summary>How the embedding grouper blends, waits and caches.</summary>
public sealed record EmbeddingGroupingOptions
{
    /// <summary>Share of the embedding cosine in the similarity; the rest is the lexical cosine.</summary>
    public double EmbeddingWeight { get; init; } = 0.7;

    /// <summary>
    /// Blended similarity an entry needs to join a pattern. Embedding cosines sit on a different scale per model:
    /// calibrate it for the configured model on the labelled sets (see tests/README.md, pattern-grouping quality).
    /// </summary>
    public double Threshold { get; init; } = 0.4;

    /// <summary>How long one preparation may wait for the provider before the grouping goes lexical.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After a failure or timeout, the provider is left alone this long (every grouping is lexical).</summary>
    public TimeSpan PauseAfterFailure { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Texts per call to the provider.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Embeddings kept in memory (least recently used go first).</summary>
    public int CacheCapacity { get; init; } = 8192;

    /// <summary>Longer embeddings are projected down to this many dimensions (0 keeps them as they come).</summary>
    public int Dimensions { get; init; } = 256;
}

/// <summary>
/// Groups with text embeddings from an AI provider blended with the lexical similarity, so "Rechnungen abtippen"
/// meets "keying in vendor bills" without a shared word or a concept map entry. Embeddings are fetched ahead in
/// <see cref="PrepareAsync"/> (grouping itself is synchronous), projected to a few hundred dimensions and cached by
/// text hash. Whatever has no embedding
/// (the provider failed, timed out, or an entry arrived after preparation) is grouped by its words alone, and the
/// log says so; the provider can never make a backlog unavailable.
/// </summary>
public sealed class EmbeddingPatternGrouper : IPreparingPatternGrouper
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> generator;
    private readonly ILogger<EmbeddingPatternGrouper> logger;
    private readonly EmbeddingGroupingOptions options;
    private readonly LexicalPatternGrouper lexical;
    private readonly TimeProvider time;
    private readonly EmbeddingCache cache;
    private readonly RandomProjection projection;
    private long pausedUntilTicks;

    public EmbeddingPatternGrouper(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        ILogger<EmbeddingPatternGrouper> logger,
        EmbeddingGroupingOptions? options = null,
        LexicalGroupingOptions? lexical = null,
        TimeProvider? time = null)
    {
        this.generator = generator;
        this.logger = logger;
        this.options = options ?? new EmbeddingGroupingOptions();
        this.lexical = new LexicalPatternGrouper(lexical);
        this.time = time ?? TimeProvider.System;
        cache = new EmbeddingCache(this.options.CacheCapacity);
        projection = new RandomProjection(this.options.Dimensions);
    }

    public EmbeddingCache Cache => cache;

    public async Task PrepareAsync(IReadOnlyCollection<string> texts, CancellationToken cancellationToken)
    {
        var missing = texts.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).Where(t => !cache.Contains(t)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (now.UtcTicks < Interlocked.Read(ref pausedUntilTicks))
        {
            logger.LogInformation("Embedding provider paused after a failure: {Count} texts are grouped by their words alone", missing.Count);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            foreach (var batch in missing.Chunk(Math.Max(1, options.BatchSize)))
            {
                // WaitAsync: a provider that ignores cancellation still cannot hold the turn beyond the timeout.
                var embeddings = await generator.GenerateAsync(batch, cancellationToken: timeout.Token).WaitAsync(timeout.Token);
                if (embeddings.Count != batch.Length)
                {
                    throw new InvalidOperationException($"The provider returned {embeddings.Count} embeddings for {batch.Length} texts.");
                }

                for (var i = 0; i < batch.Length; i++)
                {
                    cache.Set(batch[i], projection.Project(embeddings[i].Vector.Span));
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Pause(now);
            logger.LogWarning("Embedding provider did not answer within {Timeout}: grouping falls back to the lexical grouper", options.Timeout);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Pause(now);
            logger.LogWarning(exception, "Embedding provider failed: grouping falls back to the lexical grouper");
        }
    }

    public IPatternGrouping Group(IEnumerable<FrictionEntry> entries, GroupingDecisions? decisions = null)
    {
        var list = entries.ToList();

        // Taken once, so an eviction while grouping cannot change an entry's vector halfway.
        var vectors = new Dictionary<long, float[]>();
        foreach (var entry in list)
        {
            if (cache.Get(entry.Text) is { } vector)
            {
                vectors.TryAdd(entry.Id, vector);
            }
        }

        if (vectors.Count < list.Count)
        {
            logger.LogInformation(
                "{Missing} of {Count} entries have no embedding and are grouped by their words alone",
                list.Count - vectors.Count,
                list.Count);
        }

        var blend = new EmbeddingBlend(e => vectors.GetValueOrDefault(e.Id) ?? cache.Get(e.Text), options.EmbeddingWeight, options.Threshold);
        return lexical.Group(list, decisions, blend);
    }

    public IPatternGrouping Resume(IReadOnlyList<IReadOnlyList<FrictionEntry>> patterns, GroupingDecisions? decisions = null)
    {
        var blend = new EmbeddingBlend(e => cache.Get(e.Text), options.EmbeddingWeight, options.Threshold);
        return lexical.Resume(patterns, decisions, blend);
    }

    private void Pause(DateTimeOffset now) => Interlocked.Exchange(ref pausedUntilTicks, (now + options.PauseAfterFailure).UtcTicks);
}
