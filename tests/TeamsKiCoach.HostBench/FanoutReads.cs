using System.Diagnostics;
using System.Globalization;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.HostBench;

/// <summary>
/// The read rows while the host fans prompts out: the seeded team plus a second team whose members all get a
/// prompt planned at once; the host's own delivery engine (at the rate configured here) sends them to the fan-out
/// benchmark's simulated Bot Connector (Teams' per-conversation windows and a tenant ceiling of 50 requests/s),
/// which counts each prompt's deliveries. Meanwhile the read rows run one after the other, open loop, again and
/// again until the last prompt is accepted (or a deadline of three times the expected time).
/// </summary>
internal static class FanoutReads
{
    public const double EngineRate = 45;
    public const double RateShare = 0.97;

    public static async Task<bool> RunAsync(string botDll, HttpClient client, Connector connector, Options options)
    {
        var data = Directory.CreateTempSubdirectory("coach-hostbench-fanout-");
        await using var simulator = await ConnectorSimulator.StartAsync(50);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Coach__Storage__Provider"] = "Sqlite",
            ["ConnectionStrings__Coach"] = $"Data Source={Path.Combine(data.FullName, "coach.db")}",
            ["Coach__Delivery__Enabled"] = "true",
            ["Coach__Delivery__RequestsPerSecond"] = EngineRate.ToString(CultureInfo.InvariantCulture),
        };
        try
        {
            var seeding = Stopwatch.StartNew();
            var set = await DataSet.SeedAsync(environment, simulator.ServiceUrl, options.Users, options.Entries, CancellationToken.None);
            var prompts = await DataSet.SeedFanoutAsync(environment, simulator.ServiceUrl, options.FanoutPrompts, set.Prompts.Count == 0 ? 0 : set.Prompts.Max(p => p.Id), CancellationToken.None);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Console.WriteLine($"== fan-out of {prompts.Count:N0} prompts with reads (SQLite): seeded in {seeding.Elapsed.TotalSeconds:F0} s");

            var callsBefore = simulator.Calls.Count;
            await using var host = await HostProcess.StartAsync(botDll, [], environment, client);
            var rows = RowsOf(set, options.Users);
            var merged = rows.ToDictionary(r => r.Name, _ => new List<Measured>());
            var expected = TimeSpan.FromSeconds(prompts.Count / EngineRate);
            var deadline = Stopwatch.StartNew();
            var wanted = prompts.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
            var offset = 2_000_000;
            while (deadline.Elapsed < (expected * 3) + TimeSpan.FromSeconds(60) && Delivered(simulator, wanted) < wanted.Count)
            {
                foreach (var row in rows)
                {
                    merged[row.Name].Add(await Load.OpenAsync(client, host, connector, row, options.ReadRate, options.OpenSeconds, options.Drain, offset));
                    offset += 10_000;
                    await Load.SettleAsync(host, TimeSpan.FromSeconds(10));
                }
            }

            // The engine's own pace: accepted sends of the fan-out's prompts from the first to the last.
            var calls = simulator.Calls.Skip(callsBefore).ToList();
            var accepted = calls.Where(c => c.Kind == SimulatedCallKind.SendActivity && c.Status < 300 && c.PromptId is { } id && wanted.Contains(id)).ToList();
            var span = accepted.Count > 1 ? (accepted[^1].ArrivedAt - accepted[0].ArrivedAt).TotalSeconds : double.NaN;
            var rate = (accepted.Count - 1) / span;
            var deliveries = simulator.DeliveriesByPrompt();
            var lost = wanted.Count(id => !deliveries.ContainsKey(id));
            var duplicates = wanted.Sum(id => deliveries.TryGetValue(id, out var n) ? n - 1 : 0);
            var stats = simulator.Stats();

            Console.WriteLine();
            Console.WriteLine($"### Reads during a fan-out of {wanted.Count:N0} prompts (SQLite, engine at {EngineRate:F0}/s, simulated ceiling 50/s), {deadline.Elapsed.TotalSeconds:F0} s");
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Fan-out: {rate:F1} msg/s = {rate / EngineRate:P1} of the engine's rate (target ≥ {RateShare:P0}); lost {lost}, duplicates {duplicates}; window / tenant-rate violations {stats.WindowViolations} / {stats.TenantRateViolations}, 429s {stats.Throttled}"));
            Console.WriteLine();
            Console.WriteLine($"| row | open-loop turns | failed | p50 ms | p99 ms | p99 ≤ {Bench.WriteP99Ms:F0} ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|---|");
            var pass = rate / EngineRate >= RateShare && lost == 0 && duplicates == 0;
            foreach (var row in rows)
            {
                var runs = merged[row.Name];
                if (runs.Count == 0)
                {
                    continue;
                }

                var all = new Measured(runs.Sum(r => r.Turns), runs.Sum(r => r.Errors), TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)), runs.SelectMany(r => r.LatenciesMs).ToArray(), TimeSpan.Zero);
                var met = all.Errors == 0 && all.Percentile(0.99) <= Bench.WriteP99Ms;
                pass &= met;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {row.Name} | {all.Turns:N0} | {all.Errors} | {Fmt(all.Percentile(0.5))} | {Fmt(all.Percentile(0.99))} | {(met ? "yes" : "**no**")} |"));
            }

            Console.WriteLine();
            Console.WriteLine($"reads during fan-out and fan-out: {(pass ? "targets met" : "targets NOT met")}");
            return pass;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
                // The host may still hold the file for a moment; a temp folder stays behind.
            }
        }
    }

    private static List<TurnRow> RowsOf(DataSet set, int users) => Bench.ReadRows(set, users);

    private static int Delivered(ConnectorSimulator simulator, HashSet<string> wanted) =>
        simulator.DeliveriesByPrompt().Keys.Count(wanted.Contains);

    private static string Fmt(double ms) => double.IsPositiveInfinity(ms) ? "failed" : ms.ToString("F1", CultureInfo.InvariantCulture);
}
