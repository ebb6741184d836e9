using System.Diagnostics;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.PatternBench;
using TeamsKiCoach.Tests.Backlog;

// dotnet run -c Release --project tests/TeamsKiCoach.PatternBench [-- entries additions one-off-share embedding-dimensions]
var size = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var additions = args.Length > 1 ? int.Parse(args[1]) : 200;
var oneOffs = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0.2;
var dimensions = args.Length > 3 ? int.Parse(args[3]) : 0;
var generator = new SyntheticBacklog(seed: 4) { OneOffShare = oneOffs };
var entries = generator.Entries(size);
var extraGenerator = new SyntheticBacklog(seed: 5) { OneOffShare = oneOffs };
var extra = extraGenerator.Entries(additions, firstId: size + 1);
IPatternGrouper grouper = new LexicalPatternGrouper();
if (dimensions > 0)
{
    // Embeddings from a stand-in model (topic direction plus noise), projected to 256 dimensions as the host does,
    // made before timing: this times the blended grouping, not a provider.
    var projection = new RandomProjection(256);
    var cache = new EmbeddingCache(size + additions);
    foreach (var (entry, topic) in entries.Zip(generator.Topics).Concat(extra.Zip(extraGenerator.Topics)))
    {
        cache.Set(entry.Text, projection.Project(SyntheticEmbeddings.Embed(topic, entry.Text, dimensions)));
    }

    grouper = new BlendedGrouper(new EmbeddingBlend(e => cache.Get(e.Text), Weight: 0.7, Threshold: 0.4));
}

Console.WriteLine($"{Environment.ProcessorCount} cores, {size:N0} generated entries ({oneOffs:P0} one-offs), {(dimensions > 0 ? $"embeddings of {dimensions} dimensions blended in" : "lexical")}, .NET {Environment.Version}");

// The first run pays for JIT compilation; it is printed too, since a bot process groups cold once.
var runs = new List<double>();
var cpu = new List<double>();
using var self = System.Diagnostics.Process.GetCurrentProcess();
IPatternGrouping grouping = null!;
long allocated = 0;
for (var run = 0; run < 6; run++)
{
    grouping = null!;
    GC.Collect();
    var before = GC.GetTotalAllocatedBytes(precise: true);
    self.Refresh();
    var cpuBefore = self.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    grouping = grouper.Group(entries);
    watch.Stop();
    self.Refresh();
    cpu.Add((self.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
    runs.Add(watch.Elapsed.TotalMilliseconds);
}

var held = GC.GetTotalMemory(forceFullCollection: true);
using var process = System.Diagnostics.Process.GetCurrentProcess();
process.Refresh();
Console.WriteLine($"group from scratch: first {runs[0]:F0} ms, warm median {Median(runs.Skip(1).ToList()):F0} ms of {runs.Count - 1} (CPU time median {Median(cpu.Skip(1).ToList()):F0} ms, the process's own share of a busy machine); allocated {allocated / 1048576.0:F1} MB per grouping, managed heap after {held / 1048576.0:F1} MB, working set {process.WorkingSet64 / 1048576.0:F0} MB (peak {process.PeakWorkingSet64 / 1048576.0:F0} MB)");
var predicted = entries.Select(e => grouping.PatternOf(e.Id)!.Value).ToList();
var byFriction = GroupingQuality.AdjustedRandIndex(generator.Topics, predicted);
var byThing = GroupingQuality.AdjustedRandIndex(generator.Topics.Select(t => t.Split('/')[0]).ToList(), predicted);
Console.WriteLine($"ARI against the generated frictions: {byFriction:F3} (object and action), {byThing:F3} (object only)");

var summaries = Stopwatch.StartNew();
var patterns = grouping.Patterns();
summaries.Stop();
Console.WriteLine($"{patterns.Count:N0} patterns ({patterns.Count(p => p.Mentions == 1):N0} single mentions), summaries of all in {summaries.Elapsed.TotalMilliseconds:F0} ms; top: {string.Join(" | ", patterns.Take(3).Select(p => $"{p.Title} ({p.Mentions}, {p.People} people, {p.TimePerWeekText})"))}");

var times = new List<double>();
var addBefore = GC.GetTotalAllocatedBytes(precise: true);
foreach (var entry in extra)
{
    var watch = Stopwatch.StartNew();
    grouping.Add(entry);
    watch.Stop();
    times.Add(watch.Elapsed.TotalMilliseconds);
}

var addAllocated = (GC.GetTotalAllocatedBytes(precise: true) - addBefore) / (double)extra.Count;
times.Sort();
Console.WriteLine($"add one entry to {size:N0} ({additions} additions): median {Median(times):F3} ms, p99 {times[(int)Math.Ceiling(0.99 * times.Count) - 1]:F3} ms, max {times[^1]:F3} ms; {addAllocated / 1024:F1} KB allocated per addition");
process.Refresh();
Console.WriteLine($"managed heap at the end {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:F1} MB, working set {process.WorkingSet64 / 1048576.0:F0} MB (peak {process.PeakWorkingSet64 / 1048576.0:F0} MB)");

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>The lexical grouper with embeddings blended in, as the embedding grouper runs it once prepared.</summary>
internal sealed class BlendedGrouper(EmbeddingBlend blend) : IPatternGrouper
{
    private readonly LexicalPatternGrouper lexical = new();

    public IPatternGrouping Group(IEnumerable<FrictionEntry> entries, GroupingDecisions? decisions = null) => lexical.Group(entries, decisions, blend);
}
