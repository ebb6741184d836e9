using System.Numerics;

namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>
/// How a grouping blends a dense text embedding with the lexical vector: the similarity of an entry to a pattern
/// is <c>Weight × embedding cosine + (1 − Weight) × lexical cosine</c>, and it joins at <see cref="Threshold"/>.
/// <see cref="Embed"/> gives an entry's unit-length embedding, or null when there is none (then the lexical
/// cosine alone decides, at the lexical threshold).
/// </summary>
public sealed record EmbeddingBlend(Func<FrictionEntry, float[]?> Embed, double Weight, double Threshold);

/// <summary>
/// The live state of a grouping: entry vectors, pattern centroids and their inverted index, and, when embeddings
/// are blended in, each pattern's summed embedding.
/// </summary>
internal sealed class LexicalPatternGrouping(LexicalGroupingOptions options, GroupingDecisions decisions, EmbeddingBlend? dense = null) : IPatternGrouping
{
    private readonly FeatureSpace features = new(options);
    private readonly List<EntryState> entries = [];
    private readonly Dictionary<long, int> entryIndex = [];
    private readonly List<PatternState> patterns = [];
    private readonly List<Posting> postings = [];
    private float[] scores = [];
    private readonly List<int> touched = [];

    public int EntryCount => entryIndex.Count;

    public void Build(IEnumerable<FrictionEntry> input)
    {
        var ordered = input.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToList();
        var vectors = features.VectorizeBatch(ordered.Select(e => e.Text).ToList());
        for (var i = 0; i < ordered.Count; i++)
        {
            if (!entryIndex.TryAdd(ordered[i].Id, entries.Count))
            {
                throw new ArgumentException($"Entry {ordered[i].Id} appears twice.", nameof(input));
            }

            entries.Add(new EntryState(ordered[i], vectors[i], dense?.Embed(ordered[i])));
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Pattern < 0)
            {
                Place(i);
            }
        }

        for (var pass = 0; pass < options.RefinementPasses; pass++)
        {
            var moved = 0;
            for (var i = 0; i < entries.Count; i++)
            {
                moved += Refine(i) ? 1 : 0;
            }

            if (moved == 0)
            {
                break;
            }
        }
    }

    /// <summary>Puts entries into the patterns given, as they are: no placement, no refinement.</summary>
    public void Seed(IReadOnlyList<IReadOnlyList<FrictionEntry>> groups)
    {
        var flat = groups.SelectMany((members, pattern) => members.Select(entry => (Entry: entry, Pattern: pattern))).ToList();
        var vectors = features.VectorizeBatch(flat.Select(x => x.Entry.Text).ToList());
        for (var p = 0; p < groups.Count; p++)
        {
            NewPattern();
        }

        for (var i = 0; i < flat.Count; i++)
        {
            if (!entryIndex.TryAdd(flat[i].Entry.Id, entries.Count))
            {
                throw new ArgumentException($"Entry {flat[i].Entry.Id} appears twice.", nameof(groups));
            }

            entries.Add(new EntryState(flat[i].Entry, vectors[i], dense?.Embed(flat[i].Entry)));
            Attach(entries.Count - 1, flat[i].Pattern);
        }
    }

    public int Add(FrictionEntry entry)
    {
        if (entryIndex.ContainsKey(entry.Id))
        {
            throw new ArgumentException($"Entry {entry.Id} is already grouped.", nameof(entry));
        }

        entryIndex[entry.Id] = entries.Count;
        entries.Add(new EntryState(entry, features.VectorizeOne(entry.Text), dense?.Embed(entry)));
        return Place(entries.Count - 1);
    }

    public bool Remove(long entryId)
    {
        if (!entryIndex.Remove(entryId, out var index))
        {
            return false;
        }

        var entry = entries[index];
        Detach(index);
        entries[index] = entry with { Removed = true };
        return true;
    }

    public int? PatternOf(long entryId) => entryIndex.TryGetValue(entryId, out var index) ? entries[index].Pattern : null;

    public IReadOnlyList<FrictionPattern> Patterns() =>
        Enumerable.Range(0, patterns.Count)
            .Where(p => patterns[p].Members.Count > 0)
            .Select(Summarize)
            .OrderByDescending(p => p.Mentions)
            .ThenByDescending(p => p.LastSeen)
            .ToList();

    public FrictionPattern? Pattern(int patternId) =>
        patternId >= 0 && patternId < patterns.Count && patterns[patternId].Members.Count > 0 ? Summarize(patternId) : null;

    /// <summary>Places an entry, and everything a lead merged with it, into the best allowed pattern or a new one.</summary>
    private int Place(int index)
    {
        var unit = decisions.Together(entries[index].Entry.Id)
            .Select(id => entryIndex.TryGetValue(id, out var i) ? i : -1)
            .Where(i => i >= 0)
            .ToList();
        var placed = unit.Select(i => entries[i].Pattern).FirstOrDefault(p => p >= 0, -1);
        if (placed >= 0)
        {
            Attach(index, placed);
            return placed;
        }

        var vector = unit.Count == 1 ? entries[index].Vector : SparseVector.Sum(unit.Select(i => entries[i].Vector));
        var embedding = unit.Count == 1 ? entries[index].Dense : DenseSum(unit);
        var (best, score, threshold) = BestPattern(vector, embedding, Forbidden(unit));
        var target = score >= threshold ? best : NewPattern();
        foreach (var i in unit)
        {
            Attach(i, target);
        }

        return target;
    }

    /// <summary>Moves an entry to its best pattern, judged without itself; merged entries stay where the merge put them.</summary>
    private bool Refine(int index)
    {
        var entry = entries[index];
        if (entry.Removed || decisions.Together(entry.Entry.Id).Count > 1)
        {
            return false;
        }

        var current = entry.Pattern;
        Detach(index);
        var (best, score, threshold) = BestPattern(entry.Vector, entry.Dense, Forbidden([index]));
        var target = score >= threshold ? best : current;
        Attach(index, target);
        return target != current;
    }

    private HashSet<int> Forbidden(IEnumerable<int> unit)
    {
        var forbidden = new HashSet<int>();
        foreach (var i in unit)
        {
            foreach (var other in decisions.KeptApartFrom(entries[i].Entry.Id))
            {
                if (entryIndex.TryGetValue(other, out var o) && entries[o].Pattern >= 0)
                {
                    forbidden.Add(entries[o].Pattern);
                }
            }
        }

        return forbidden;
    }

    /// <summary>
    /// Cosine to each pattern centroid sharing a feature, accumulated over the inverted index; with an embedding,
    /// blended with its cosine to every pattern's summed embedding (a statement in the other language shares no
    /// feature with its pattern). Returns the threshold that applies to the score.
    /// </summary>
    private (int Pattern, double Score, double Threshold) BestPattern(SparseVector vector, float[]? embedding, HashSet<int> forbidden)
    {
        if (dense is not null && embedding is not null)
        {
            return BestBlended(vector, embedding, forbidden);
        }

        Accumulate(vector);
        var best = -1;
        var bestScore = 0.0;
        foreach (var p in touched)
        {
            var pattern = patterns[p];
            var score = pattern.NormSquared > 1e-12 ? scores[p] / Math.Sqrt(pattern.NormSquared) : 0;
            scores[p] = 0;
            if (score > bestScore && !forbidden.Contains(p))
            {
                best = p;
                bestScore = score;
            }
        }

        touched.Clear();
        return (best, bestScore, options.Threshold);
    }

    /// <summary>Adds the entry's dot product with each centroid sharing a feature into <c>scores</c>, noting which.</summary>
    private void Accumulate(SparseVector vector)
    {
        if (scores.Length < patterns.Count)
        {
            Array.Resize(ref scores, Math.Max(patterns.Count, scores.Length * 2));
        }

        for (var k = 0; k < vector.Features.Length; k++)
        {
            var feature = vector.Features[k];
            if (feature >= postings.Count)
            {
                continue;
            }

            var weight = vector.Weights[k];
            var posting = postings[feature];
            var ids = posting.Patterns;
            var centroid = posting.Weights;
            for (var j = 0; j < posting.Count; j++)
            {
                var p = ids[j];
                if (scores[p] == 0)
                {
                    touched.Add(p);
                }

                scores[p] += weight * centroid[j];
            }
        }
    }

    private (int Pattern, double Score, double Threshold) BestBlended(SparseVector vector, float[] embedding, HashSet<int> forbidden)
    {
        Accumulate(vector);
        touched.Clear();
        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var p = 0; p < patterns.Count; p++)
        {
            var pattern = patterns[p];
            var lexical = pattern.NormSquared > 1e-12 ? scores[p] / Math.Sqrt(pattern.NormSquared) : 0;
            scores[p] = 0;
            if (pattern.Members.Count == 0 || forbidden.Contains(p))
            {
                continue;
            }

            var semantic = pattern.DenseSum is { } sum ? Dot(embedding, sum) / pattern.DenseNorm() : 0;
            var score = dense!.Weight * semantic + (1 - dense.Weight) * lexical;
            if (score > bestScore)
            {
                best = p;
                bestScore = score;
            }
        }

        return (best, best < 0 ? 0 : bestScore, dense!.Threshold);
    }

    internal static float Dot(float[] a, float[] b)
    {
        if (a.Length != b.Length)
        {
            return 0;
        }

        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a, i) * new Vector<float>(b, i);
        }

        var dot = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    private static void AddTo(float[] sum, float[] vector, float sign)
    {
        if (sum.Length != vector.Length)
        {
            return;
        }

        var factor = new Vector<float>(sign);
        var i = 0;
        for (; i <= sum.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            (new Vector<float>(sum, i) + factor * new Vector<float>(vector, i)).CopyTo(sum, i);
        }

        for (; i < sum.Length; i++)
        {
            sum[i] += sign * vector[i];
        }
    }

    /// <summary>The unit-length mean direction of merged entries' embeddings, or null when none has one.</summary>
    private float[]? DenseSum(IEnumerable<int> unit)
    {
        float[]? sum = null;
        foreach (var i in unit)
        {
            if (entries[i].Dense is { } e)
            {
                sum ??= new float[e.Length];
                AddTo(sum, e, 1);
            }
        }

        if (sum is not null && Math.Sqrt(Dot(sum, sum)) is var norm and > 1e-9)
        {
            for (var k = 0; k < sum.Length; k++)
            {
                sum[k] = (float)(sum[k] / norm);
            }
        }

        return sum;
    }

    private int NewPattern()
    {
        patterns.Add(new PatternState());
        return patterns.Count - 1;
    }

    private void Attach(int index, int patternId)
    {
        var pattern = patterns[patternId];
        var vector = entries[index].Vector;
        for (var k = 0; k < vector.Features.Length; k++)
        {
            var feature = vector.Features[k];
            var weight = vector.Weights[k];
            while (postings.Count <= feature)
            {
                postings.Add(new Posting());
            }

            var posting = postings[feature];
            if (pattern.Slots.TryGetValue(feature, out var slot))
            {
                var old = posting.Weights[slot];
                posting.Weights[slot] = old + weight;
                pattern.NormSquared += 2 * old * weight + weight * weight;
            }
            else
            {
                pattern.Slots[feature] = posting.Append(patternId, weight);
                pattern.NormSquared += weight * weight;
            }
        }

        if (entries[index].Dense is { } embedding)
        {
            pattern.DenseSum ??= new float[embedding.Length];
            AddTo(pattern.DenseSum, embedding, 1);
            pattern.DenseChanged();
        }

        pattern.Members.Add(index);
        entries[index] = entries[index] with { Pattern = patternId };
    }

    private void Detach(int index)
    {
        var patternId = entries[index].Pattern;
        if (patternId < 0)
        {
            return;
        }

        var pattern = patterns[patternId];
        var vector = entries[index].Vector;
        for (var k = 0; k < vector.Features.Length; k++)
        {
            var posting = postings[vector.Features[k]];
            var slot = pattern.Slots[vector.Features[k]];
            var old = posting.Weights[slot];
            var weight = vector.Weights[k];
            posting.Weights[slot] = old - weight;
            pattern.NormSquared += weight * weight - 2 * old * weight;
        }

        if (entries[index].Dense is { } embedding && pattern.DenseSum is { } denseSum)
        {
            AddTo(denseSum, embedding, -1);
            pattern.DenseChanged();
        }

        pattern.Members.Remove(index);
        if (pattern.Members.Count == 0)
        {
            pattern.DenseSum = null;

            // Clear rounding residue, so an emptied pattern scores nothing; its posting slots stay, at zero.
            foreach (var (feature, slot) in pattern.Slots)
            {
                postings[feature].Weights[slot] = 0;
            }

            pattern.NormSquared = 0;
        }

        entries[index] = entries[index] with { Pattern = -1 };
    }

    private FrictionPattern Summarize(int patternId)
    {
        var pattern = patterns[patternId];
        var members = pattern.Members.Select(i => entries[i]).ToList();

        // The title comes from the most central entry, in German when the pattern has a German one.
        var candidates = members.Where(m => FrictionText.LooksGerman(m.Entry.Text)).ToList();
        if (candidates.Count == 0)
        {
            candidates = members;
        }

        var central = candidates
            .OrderByDescending(m => Centrality(m.Vector, pattern) - (m.Entry.Text.Length > PatternSummary.MaxTitleLength ? 0.5 : 0))
            .ThenBy(m => m.Entry.CreatedAt)
            .First();
        return PatternSummary.Summarize(patternId, central.Entry.Text, members.Select(m => m.Entry).ToList());
    }

    private double Centrality(SparseVector vector, PatternState pattern)
    {
        var sum = 0.0;
        for (var k = 0; k < vector.Features.Length; k++)
        {
            sum += vector.Weights[k] * postings[vector.Features[k]].Weights[pattern.Slots[vector.Features[k]]];
        }

        return sum;
    }

    private sealed record EntryState(FrictionEntry Entry, SparseVector Vector, float[]? Dense, int Pattern = -1, bool Removed = false);

    /// <summary>The patterns whose centroid has one feature, with the centroid's (unnormalised) weight for it.</summary>
    private sealed class Posting
    {
        public int[] Patterns { get; private set; } = new int[2];

        public float[] Weights { get; private set; } = new float[2];

        public int Count { get; private set; }

        public int Append(int pattern, float weight)
        {
            if (Count == Patterns.Length)
            {
                Patterns = [.. Patterns, .. new int[Count]];
                Weights = [.. Weights, .. new float[Count]];
            }

            Patterns[Count] = pattern;
            Weights[Count] = weight;
            return Count++;
        }
    }

    private sealed class PatternState
    {
        /// <summary>Where each of the centroid's features sits in that feature's posting, which holds the weight.</summary>
        public Dictionary<int, int> Slots { get; } = [];

        public double NormSquared { get; set; }

        /// <summary>The sum of the members' unit embeddings, when embeddings are blended in.</summary>
        public float[]? DenseSum { get; set; }

        private double denseNorm = double.NaN;

        /// <summary>The length of <see cref="DenseSum"/>, worked out again only after it changed.</summary>
        public double DenseNorm()
        {
            if (double.IsNaN(denseNorm))
            {
                denseNorm = DenseSum is { } sum ? Math.Sqrt(Dot(sum, sum)) : 0;
            }

            return denseNorm > 1e-9 ? denseNorm : double.PositiveInfinity;
        }

        public void DenseChanged() => denseNorm = double.NaN;

        public List<int> Members { get; } = [];
    }
}
