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

    // Floors set a little below what the grouping reaches (tuned 0.944; held-out 0.920, 0.648, 0.635, 0.596), so a
    // change that makes grouping worse fails here. No held-out set chose a parameter. Sets 3 and 4 were each written
    // after a change and measured once before the next one (0.483 and 0.406 then): those first figures are the
    // honest estimate for text nobody has seen (tests/README.md, pattern-grouping quality); set 5 (0.380) and the test set (0.764,
    // everyday topics) were measured once and left.
    [Theory]
    [InlineData("friction-labelled.tsv", "tuned set", 0.9)]
    [InlineData("friction-heldout.tsv", "held-out set 1 (never tuned on)", 0.85)]
    [InlineData("friction-heldout-sme.tsv", "held-out set 2, other trades (never tuned on)", 0.6)]
    [InlineData("friction-heldout-late.tsv", "held-out set 3 (never tuned on)", 0.58)]
    [InlineData("friction-heldout-final.tsv", "held-out set 4 (never tuned on)", 0.55)]
    [InlineData("friction-heldout-fresh.tsv", "held-out set 5, written after the last change", 0.35)]
    [InlineData("friction-test.tsv", "test set, written after every choice was made", 0.7)]
    public void GroupsLabelledSetAboveItsFloor(string file, string name, double floor)
    {
        var ari = Measure(file, new LexicalGroupingOptions(), print: true);
        output.WriteLine($"ARI {name}: {ari:F3} (floor {floor:F2})");
        Assert.True(ari >= floor, $"ARI {ari:F3} on the {name} below its floor {floor:F2}");
    }

    [Fact]
    public void WorksWithoutTheConceptMap()
    {
        var options = new LexicalGroupingOptions { Concepts = ConceptMap.Empty };
        var tuned = Measure("friction-labelled.tsv", options, print: false);
        var heldOut = Measure("friction-heldout.tsv", options, print: false);
        var other = Measure("friction-heldout-sme.tsv", options, print: false);
        output.WriteLine($"Without concept map: ARI tuned {tuned:F3}, held-out 1 {heldOut:F3}, held-out 2 {other:F3}");

        // Without the bilingual bridge German and English statements fall apart, but German ones still group.
        Assert.True(tuned >= 0.4, $"ARI {tuned:F3} without the concept map");
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
