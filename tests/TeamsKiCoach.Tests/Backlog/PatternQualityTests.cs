using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using Xunit.Abstractions;

namespace TeamsKiCoach.Tests.Backlog;

public sealed class PatternQualityTests(ITestOutputHelper output)
{
    [Fact]
    public void AdjustedRandIndexMatchesKnownValues()
    {
        Assert.Equal(1.0, GroupingQuality.AdjustedRandIndex([0, 0, 1, 1], ["a", "a", "b", "b"]), 12);
        Assert.Equal(0.5714285714285714, GroupingQuality.AdjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 12);
        Assert.Equal(0.0, GroupingQuality.AdjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3]), 12);
        Assert.Equal(-0.5, GroupingQuality.AdjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), 12);
    }

    [Fact]
    public void TunedSetGroupsAboveTarget()
    {
        var ari = Measure("friction-labelled.tsv", new LexicalGroupingOptions(), print: true);
        output.WriteLine($"ARI tuned set: {ari:F3}");
        Assert.True(ari >= 0.6, $"ARI {ari:F3} below 0.6");
    }

    [Fact]
    public void HeldOutSetIsReported()
    {
        var ari = Measure("friction-heldout.tsv", new LexicalGroupingOptions(), print: true);
        output.WriteLine($"ARI held-out set (never tuned on): {ari:F3}");
        // Only a floor against regressions: this set is for measuring, never for choosing a parameter.
        Assert.True(ari >= 0.3, $"ARI {ari:F3} below the regression floor 0.3");
    }

    [Fact]
    public void WorksWithoutTheConceptMap()
    {
        var options = new LexicalGroupingOptions { Concepts = ConceptMap.Empty };
        var tuned = Measure("friction-labelled.tsv", options, print: false);
        var heldOut = Measure("friction-heldout.tsv", options, print: false);
        output.WriteLine($"Without concept map: ARI tuned {tuned:F3}, held-out {heldOut:F3}");
        Assert.True(tuned >= 0.3, $"ARI {tuned:F3} without the concept map");
    }

    private double Measure(string file, LexicalGroupingOptions options, bool print)
    {
        var labelled = LabelledFrictions.Read(file);
        var start = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
        var entries = labelled.Select((l, i) => new FrictionEntry(i + 1, l.Text, $"p{i % 7}", start.AddHours(i), Frequency.Weekly, 10)).ToList();
        var grouping = new LexicalPatternGrouper(options).Group(entries);
        var predicted = entries.Select(e => grouping.PatternOf(e.Id)!.Value).ToList();
        if (print)
        {
            foreach (var pattern in grouping.Patterns())
            {
                var labels = pattern.EntryIds.Select(id => labelled[(int)id - 1].Label).GroupBy(l => l).Select(g => $"{g.Key}×{g.Count()}");
                output.WriteLine($"{pattern.Mentions,2} {pattern.Title,-62} [{string.Join(", ", labels)}]");
            }
        }

        return GroupingQuality.AdjustedRandIndex(labelled.Select(l => l.Label).ToList(), predicted);
    }
}
