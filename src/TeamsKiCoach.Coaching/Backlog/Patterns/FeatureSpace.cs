namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>A unit-length sparse vector of feature ids and weights.</summary>
internal sealed record SparseVector(int[] Features, float[] Weights)
{
    public double Dot(Dictionary<int, float> other)
    {
        var sum = 0.0;
        for (var k = 0; k < Features.Length; k++)
        {
            if (other.TryGetValue(Features[k], out var w))
            {
                sum += Weights[k] * w;
            }
        }

        return sum;
    }

    public static SparseVector Sum(IEnumerable<SparseVector> vectors)
    {
        var sum = new Dictionary<int, float>();
        foreach (var vector in vectors)
        {
            for (var k = 0; k < vector.Features.Length; k++)
            {
                sum[vector.Features[k]] = sum.GetValueOrDefault(vector.Features[k]) + vector.Weights[k];
            }
        }

        var norm = (float)Math.Sqrt(sum.Values.Sum(w => (double)w * w));
        return new SparseVector([.. sum.Keys], [.. sum.Values.Select(w => norm > 0 ? w / norm : 0)]);
    }
}

/// <summary>
/// Turns texts into TF-IDF vectors over a growing vocabulary. Document frequencies keep counting as entries are
/// added; an entry's weights are fixed when it arrives, so the live grouping never re-weighs old entries. That
/// drift is small once a backlog has a few hundred entries, and a regrouping from scratch evens it out.
/// </summary>
internal sealed class FeatureSpace(LexicalGroupingOptions options)
{
    private const int MinPartLength = 4;
    private const int PrefixLength = 6;
    private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
    private readonly List<int> documentFrequency = [];
    private readonly HashSet<string> knownStems = new(StringComparer.Ordinal);
    private readonly SpellingIndex spelling = new(options.Concepts);
    private readonly Dictionary<string, (int Id, float Weight, bool Gram)[]> featureCache = new(StringComparer.Ordinal);
    private int documents;

    public List<SparseVector> VectorizeBatch(IReadOnlyList<string> texts)
    {
        var stems = texts.Select(FrictionText.Stems).ToList();
        foreach (var stem in stems.SelectMany(s => s))
        {
            spelling.Count(stem);
        }

        foreach (var list in stems)
        {
            for (var i = 0; i < list.Count; i++)
            {
                list[i] = spelling.Correct(list[i]);
                Learn(list[i]);
            }
        }

        var raw = stems.Select(Raw).ToList();
        foreach (var r in raw)
        {
            Count(r);
        }

        return raw.Select(Weigh).ToList();
    }

    public SparseVector VectorizeOne(string text)
    {
        var stems = FrictionText.Stems(text);
        for (var i = 0; i < stems.Count; i++)
        {
            stems[i] = spelling.Correct(stems[i]);
            spelling.Count(stems[i]);
            Learn(stems[i]);
        }

        var raw = Raw(stems);
        Count(raw);
        return Weigh(raw);
    }

    private void Learn(string stem)
    {
        // A newly known word can be a part of compounds seen before: their features are worked out afresh.
        if (stem.Length >= MinPartLength && knownStems.Add(stem))
        {
            featureCache.Clear();
        }
    }

    private bool Known(string part) => part.Length >= MinPartLength && (knownStems.Contains(part) || options.Concepts.Contains(part));

    private (Dictionary<int, float> Words, Dictionary<int, float> Grams) Raw(List<string> stems)
    {
        var words = new Dictionary<int, float>();
        var grams = new Dictionary<int, float>();
        for (var s = 0; s < stems.Count; s++)
        {
            foreach (var (id, weight, gram) in Features(stems[s]))
            {
                var block = gram ? grams : words;
                block[id] = block.GetValueOrDefault(id) + weight;
            }

            if (options.Concepts.HasPhrases && s + 1 < stems.Count && options.Concepts.ConceptOf(string.Concat(stems[s], " ", stems[s + 1])) is { } phrase)
            {
                var id = Id("c:" + phrase);
                words[id] = words.GetValueOrDefault(id) + (float)options.ConceptWeight;
            }
        }

        return (words, grams);
    }

    /// <summary>
    /// The features one stem contributes, worked out once per stem while the known vocabulary stays the same: a
    /// backlog repeats its words, so a 10,000-entry backlog splits and n-grams a few thousand stems, not 50,000.
    /// </summary>
    private (int Id, float Weight, bool Gram)[] Features(string stem)
    {
        if (featureCache.TryGetValue(stem, out var cached))
        {
            return cached;
        }

        var features = new List<(int, float, bool)>();
        var weight = FrictionText.IsMethodWord(stem) ? (float)options.MethodWordWeight : 1f;
        AddWord(features, stem, weight);
        foreach (var part in CompoundParts(stem).Concat(FrictionText.JointParts(stem)).Distinct())
        {
            var partWeight = FrictionText.IsMethodWord(part) ? (float)options.MethodWordWeight : 1f;
            AddWord(features, part, (float)options.CompoundPartWeight * Math.Min(weight, partWeight));
        }

        // A long word's first letters: compounds with one modifier ("Baustellenfotos", "Baustellendokumentation")
        // and English word families ("applicant", "application") meet even when no part is known.
        if (options.PrefixWeight > 0 && stem.Length >= PrefixLength + 2)
        {
            features.Add((Id(string.Concat("p:", stem.AsSpan(0, PrefixLength))), (float)options.PrefixWeight * weight, false));
        }

        var padded = $" {stem} ";
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            features.Add((Id(string.Concat("g:", padded.AsSpan(i, 3))), weight, true));
        }

        var result = features.ToArray();
        featureCache[stem] = result;
        return result;
    }

    /// <summary>
    /// The known parts of a German compound: its longest known tail (the head, "rechnung" in
    /// "eingangsrechnung") and its longest known front, with or without a linking "s" ("urlaub" in
    /// "urlaubsantrag"). "Known" means seen as a word of its own in this backlog, or named in the concept map.
    /// </summary>
    private IEnumerable<string> CompoundParts(string stem)
    {
        if (stem.Length < 2 * MinPartLength - 1)
        {
            yield break;
        }

        for (var i = 3; i <= stem.Length - MinPartLength; i++)
        {
            var tail = stem[i..];
            if (Known(tail))
            {
                yield return tail;
                break;
            }

            var tailStem = FrictionText.Stem(tail);
            if (tailStem != tail && Known(tailStem))
            {
                yield return tailStem;
                break;
            }
        }

        for (var i = stem.Length - 3; i >= MinPartLength; i--)
        {
            var front = stem[..i];
            if (Known(front))
            {
                yield return front;
                yield break;
            }

            if (front[^1] == 's' && Known(front[..^1]))
            {
                yield return front[..^1];
                yield break;
            }

            var frontStem = FrictionText.Stem(front);
            if (frontStem != front && Known(frontStem))
            {
                yield return frontStem;
                yield break;
            }
        }
    }

    private void AddWord(List<(int, float, bool)> features, string stem, float weight)
    {
        features.Add((Id("w:" + stem), weight, false));
        if (options.Concepts.ConceptOf(stem) is { } concept)
        {
            features.Add((Id("c:" + concept), weight * (float)options.ConceptWeight, false));
        }
    }

    private int Id(string key)
    {
        if (!ids.TryGetValue(key, out var id))
        {
            id = ids.Count;
            ids[key] = id;
            documentFrequency.Add(0);
        }

        return id;
    }

    private void Count((Dictionary<int, float> Words, Dictionary<int, float> Grams) raw)
    {
        documents++;
        foreach (var id in raw.Words.Keys.Concat(raw.Grams.Keys))
        {
            documentFrequency[id]++;
        }
    }

    private SparseVector Weigh((Dictionary<int, float> Words, Dictionary<int, float> Grams) raw)
    {
        var wordShare = raw.Words.Count > 0 ? options.WordWeight : 0;
        var gramShare = raw.Grams.Count > 0 ? options.TrigramWeight : 0;
        var total = Math.Sqrt(wordShare * wordShare + gramShare * gramShare);
        var features = new int[raw.Words.Count + raw.Grams.Count];
        var weights = new float[features.Length];
        var k = 0;
        foreach (var (block, share) in new[] { (raw.Words, wordShare), (raw.Grams, gramShare) })
        {
            var start = k;
            var normSquared = 0.0;
            foreach (var (id, tf) in block)
            {
                var idf = Math.Log((documents + 1.0) / (documentFrequency[id] + 1.0)) + 1;
                features[k] = id;
                weights[k] = (float)(tf * idf);
                normSquared += weights[k] * (double)weights[k];
                k++;
            }

            var scale = normSquared > 0 && total > 0 ? share / total / Math.Sqrt(normSquared) : 0;
            for (var j = start; j < k; j++)
            {
                weights[j] = (float)(weights[j] * scale);
            }
        }

        return new SparseVector(features, weights);
    }
}

/// <summary>
/// Corrects a one-letter typo ("Stundenzettle", "Lieferschien", "einsamlen") to a word the backlog uses at least
/// twice or the concept map names, when the typo is not itself such a word. Matches by single-letter deletions
/// (SymSpell style): a missing, extra or wrong letter, or two swapped neighbours. Only words of six letters or
/// more, where one letter rarely makes another word.
/// </summary>
internal sealed class SpellingIndex
{
    private const int MinLength = 6;
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly HashSet<string> trusted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> deletions = new(StringComparer.Ordinal);

    public SpellingIndex(ConceptMap concepts)
    {
        foreach (var stem in concepts.SingleStems)
        {
            Trust(stem);
        }
    }

    public void Count(string stem)
    {
        var count = counts[stem] = counts.GetValueOrDefault(stem) + 1;
        if (count == 2)
        {
            Trust(stem);
        }
    }

    public string Correct(string stem)
    {
        if (stem.Length < MinLength || trusted.Contains(stem) || counts.GetValueOrDefault(stem) > 1)
        {
            return stem;
        }

        if (deletions.TryGetValue(stem, out var longer))
        {
            return longer;
        }

        for (var i = 0; i < stem.Length; i++)
        {
            var deleted = string.Concat(stem.AsSpan(0, i), stem.AsSpan(i + 1));
            if (trusted.Contains(deleted) && deleted.Length >= MinLength)
            {
                return deleted;
            }

            if (deletions.TryGetValue(deleted, out var similar))
            {
                return similar;
            }
        }

        return stem;
    }

    private void Trust(string stem)
    {
        if (stem.Length < MinLength || !trusted.Add(stem))
        {
            return;
        }

        for (var i = 0; i < stem.Length; i++)
        {
            deletions.TryAdd(string.Concat(stem.AsSpan(0, i), stem.AsSpan(i + 1)), stem);
        }
    }
}
