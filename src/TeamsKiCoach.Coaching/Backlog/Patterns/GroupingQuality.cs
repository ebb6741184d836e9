namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>How well a grouping agrees with labels a person gave.</summary>
public static class GroupingQuality
{
    /// <summary>
    /// The adjusted Rand index (Hubert and Arabie): pair agreement between two partitions, corrected for chance.
    /// 1 is identical, about 0 is what random grouping scores, negative is worse than chance.
    /// </summary>
    public static double AdjustedRandIndex<TA, TB>(IReadOnlyList<TA> truth, IReadOnlyList<TB> predicted)
        where TA : notnull
        where TB : notnull
    {
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException("Both partitions must label the same items.", nameof(predicted));
        }

        var n = truth.Count;
        var cells = new Dictionary<(TA, TB), long>();
        var rows = new Dictionary<TA, long>();
        var columns = new Dictionary<TB, long>();
        for (var i = 0; i < n; i++)
        {
            cells[(truth[i], predicted[i])] = cells.GetValueOrDefault((truth[i], predicted[i])) + 1;
            rows[truth[i]] = rows.GetValueOrDefault(truth[i]) + 1;
            columns[predicted[i]] = columns.GetValueOrDefault(predicted[i]) + 1;
        }

        static double Pairs(long count) => count * (count - 1) / 2.0;
        var index = cells.Values.Sum(Pairs);
        var rowPairs = rows.Values.Sum(Pairs);
        var columnPairs = columns.Values.Sum(Pairs);
        var expected = rowPairs * columnPairs / Pairs(n);
        var max = (rowPairs + columnPairs) / 2;
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }
}
