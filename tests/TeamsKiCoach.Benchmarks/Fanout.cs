using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Tests.Delivery;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Delivery;

namespace TeamsKiCoach.Benchmarks;

/// <summary>One way of fanning out: how many tenants, the engine's rate per tenant, and how people are reached.</summary>
internal sealed record Scenario(string Name, string Description, int Tenants, double EngineRate, int CeilingPerTenant, bool FirstContact = false)
{
    public static readonly Scenario[] All =
    [
        new("one", "1 tenant, engine at the host's maximum of 45/s", 1, 45, 50),
        new("two", "2 tenants, 45/s each (the limiter is per tenant)", 2, 45, 50),
        new("first-contact", "1 tenant, nobody wrote yet: every send opens the 1:1 chat first", 1, 45, 50, FirstContact: true),
        new("at-ceiling", "1 tenant, engine at 50/s: above the host's cap, to see the ceiling itself", 1, 50, 50),
    ];

    public static readonly string[] Standard = ["one", "two"];
}

internal sealed record FanoutResult(
    int N,
    Scenario Scenario,
    bool Done,
    double MessagesPerSecond,
    double RequestsPerSecond,
    ConnectorStats Stats,
    int Lost,
    int Duplicates,
    IReadOnlyDictionary<OutboxState, int> States,
    double ManagedGrowthMb,
    double WorkingSetGrowthMb,
    double PeakWorkingSetMb,
    TimeSpan Duration)
{
    public double Ceiling => Scenario.CeilingPerTenant * Scenario.Tenants;
    public double Allowed => Scenario.EngineRate * Scenario.Tenants;
}

internal static class Fanout
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var sizes = arguments.Flag("quick") ? ["1000"] : arguments.List("n", "1000", "10000");
        var explicitScenarios = arguments.Options.ContainsKey("scenarios");
        var names = arguments.List("scenarios", Scenario.All.Select(s => s.Name).ToArray());
        var parallel = (int)arguments.Number("parallel", new DeliveryOptions().MaxParallelSends);

        Console.WriteLine($"TeamsKiCoach delivery fan-out — {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"engine: OutboxDispatcher + DeliveryThrottle + TeamsOutboxSender on CloudAdapter, SQLite, MaxParallelSends {parallel}");
        Console.WriteLine();

        var results = new List<FanoutResult>();
        foreach (var size in sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            foreach (var scenario in Scenario.All.Where(s => names.Contains(s.Name)))
            {
                // The extra scenarios explain the standard ones; at 10,000 they only add minutes.
                if (!explicitScenarios && size > 1000 && !Scenario.Standard.Contains(scenario.Name))
                {
                    continue;
                }

                var result = await RunOneAsync(size, scenario, parallel);
                results.Add(result);
                Console.WriteLine($"  N={size,6} {scenario.Name,-14} {result.MessagesPerSecond,6:0.0} msg/s in {result.Duration.TotalSeconds:0.0} s");
            }
        }

        Console.WriteLine();
        PrintTable(results);
        var failed = results.Where(r => !r.Done || r.Lost > 0 || r.Duplicates > 0).ToList();
        return failed.Count == 0 ? 0 : 1;
    }

    private static async Task<FanoutResult> RunOneAsync(int n, Scenario scenario, int parallel)
    {
        var folder = Directory.CreateTempSubdirectory("coach-fanout-").FullName;
        try
        {
            await using var services = new ServiceCollection()
                .AddCoachStorage(StorageProvider.Sqlite, $"Data Source={Path.Combine(folder, "coach.db")}")
                .BuildServiceProvider();
            var db = services.GetRequiredService<CoachDbFactory>();
            await db.InitializeAsync(CancellationToken.None);
            await using var connector = await ConnectorSimulator.StartAsync(scenario.CeilingPerTenant);
            var load = new EngineLoad(scenario.Tenants, n / scenario.Tenants) { RosterOnlyEvery = scenario.FirstContact ? 1 : 0 };
            var planned = await EngineSeed.PlanAsync(db, connector.ServiceUrl, load);

            var options = new DeliveryOptions { RequestsPerSecond = scenario.EngineRate, MaxParallelSends = parallel };
            var engine = new TestDeliveryEngine(db, options);
            var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetBefore = WorkingSet();
            var clock = Stopwatch.StartNew();
            var expected = TimeSpan.FromSeconds(n / (scenario.EngineRate * scenario.Tenants));
            var done = await engine.RunUntilDoneAsync((expected * 3) + TimeSpan.FromSeconds(60), CancellationToken.None);
            var duration = clock.Elapsed;
            var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetAfter = WorkingSet();
            GC.KeepAlive(engine);

            var calls = connector.Calls;
            var accepted = calls.Where(c => c.Kind == SimulatedCallKind.SendActivity && c.Status < 300).ToList();
            var span = accepted.Count > 1 ? (accepted[^1].ArrivedAt - calls[0].ArrivedAt).TotalSeconds : double.NaN;
            var deliveries = connector.DeliveriesByPrompt();
            var lost = planned.Count(id => !deliveries.ContainsKey(id.ToString(CultureInfo.InvariantCulture)));
            var duplicates = deliveries.Values.Sum(count => count - 1);

            return new FanoutResult(n, scenario, done, (accepted.Count - 1) / span, (calls.Count - 1) / span, connector.Stats(), lost, duplicates,
                await EngineSeed.OutboxStatesAsync(db), Mb(managedAfter - managedBefore), Mb(workingSetAfter - workingSetBefore),
                Mb(Process.GetCurrentProcess().PeakWorkingSet64), duration);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void PrintTable(IReadOnlyList<FanoutResult> results)
    {
        Console.WriteLine("| N | scenario | engine rate | ceiling | msg/s | of ceiling | of engine rate | req/s | window / tenant-rate violations | lost | duplicates | early | 429s | managed growth | working set growth | time |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var states = string.Join(", ", r.States.Where(s => s.Key != OutboxState.Sent).Select(s => $"{s.Value} {s.Key}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.N:N0} | {r.Scenario.Name} | {r.Allowed:0}/s | {r.Ceiling:0}/s | {r.MessagesPerSecond:0.0} | {r.MessagesPerSecond / r.Ceiling:P1} | {r.MessagesPerSecond / r.Allowed:P1} | {r.RequestsPerSecond:0.0} | {r.Stats.WindowViolations} / {r.Stats.TenantRateViolations} | {r.Lost}{(states.Length > 0 ? $" ({states})" : "")} | {r.Duplicates} | {r.Stats.EarlyRequests} | {r.Stats.Throttled} | {r.ManagedGrowthMb:0.0} MB | {r.WorkingSetGrowthMb:0.0} MB | {r.Duration.TotalSeconds:0.0} s |"));
        }

        Console.WriteLine();
        foreach (var scenario in results.Select(r => r.Scenario).Distinct())
        {
            Console.WriteLine($"{scenario.Name}: {scenario.Description}; simulated ceiling {scenario.CeilingPerTenant}/s per tenant.");
        }

        Console.WriteLine($"peak working set: {results.Max(r => r.PeakWorkingSetMb):0} MB; connections opened: {string.Join(", ", results.Select(r => $"{r.Scenario.Name}@{r.N}: {r.Stats.Connections}"))}");
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static double Mb(long bytes) => bytes / 1024d / 1024d;
}
