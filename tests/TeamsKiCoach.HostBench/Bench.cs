using System.Globalization;
using Npgsql;

namespace TeamsKiCoach.HostBench;

/// <summary>A host configuration that is measured: the default, or one storage optimisation turned off.</summary>
internal sealed record Variant(string Name, string? Key, bool SqliteOnly)
{
    public static readonly Variant Default = new("default", null, false);

    public static readonly Variant[] Switches =
    [
        new("KeepConnections off", "KeepConnections", true),
        new("KeepStatements off", "KeepStatements", true),
        new("CompiledQueries off", "CompiledQueries", false),
        new("WrittenLookup off", "WrittenLookup", false),
    ];
}

internal sealed record RowResult(TurnRow Row, Measured Open, Measured? Closed);

internal sealed record VariantResult(Variant Variant, IReadOnlyList<RowResult> Rows, double IdleMb, double PeakMb, string Warmup);

internal static class Bench
{
    public const double ReadP99Ms = 50;
    public const double WriteP99Ms = 100;
    public const double IdleLimitMb = 150;

    public static async Task<int> RunAsync(Options options)
    {
        var benchOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(benchOutput);
        var configuration = Path.GetFileName(Path.GetDirectoryName(benchOutput)!);
        var repository = Path.GetFullPath(Path.Combine(benchOutput, "..", "..", "..", "..", ".."));
        var botDll = Path.Combine(repository, "src", "TeamsKiCoach.Bot", "bin", configuration, framework, "TeamsKiCoach.Bot.dll");
        var echoDll = typeof(Bench).Assembly.Location;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        await using var connector = await Connector.StartAsync();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {Machine("/proc/loadavg")}");

        var pass = true;
        var memory = new List<(string Name, double IdleMb, double PeakMb, bool Counts)>();
        foreach (var provider in options.Providers)
        {
            var postgres = provider.Equals("postgres", StringComparison.OrdinalIgnoreCase);
            var data = Directory.CreateTempSubdirectory("coach-hostbench-");
            var database = $"coach_bench_{Environment.ProcessId}";
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Coach__Delivery__Enabled"] = "false",
                ["Coach__Storage__Provider"] = postgres ? "Postgres" : "Sqlite",
                ["ConnectionStrings__Coach"] = postgres
                    ? new NpgsqlConnectionStringBuilder(options.Postgres) { Database = database }.ConnectionString
                    : $"Data Source={Path.Combine(data.FullName, "coach.db")}",
            };
            try
            {
                if (postgres && !await DropAsync(options.Postgres, database))
                {
                    Console.WriteLine($"== PostgreSQL: not reachable with {options.Postgres}; rows not measured");
                    pass = false;
                    continue;
                }

                var seeding = System.Diagnostics.Stopwatch.StartNew();
                var set = await DataSet.SeedAsync(environment, connector.ServiceUrl, options.Users, options.Entries, CancellationToken.None);
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                NpgsqlConnection.ClearAllPools();
                Console.WriteLine($"== {(postgres ? "PostgreSQL" : "SQLite")}: seeded {DataSet.Describe(set)}, {options.Users} people, in {seeding.Elapsed.TotalSeconds:F0} s");

                var variants = new List<Variant> { Variant.Default };
                if (options.Switches)
                {
                    variants.AddRange(Variant.Switches.Where(v => !postgres || !v.SqliteOnly));
                }

                var results = new List<VariantResult>();
                foreach (var variant in variants)
                {
                    var env = new Dictionary<string, string>(environment);
                    if (variant.Key is { } key)
                    {
                        env[$"Coach__Storage__Optimisations__{key}"] = "false";
                    }

                    var rows = Rows(set, options.Users);
                    results.Add(await MeasureAsync(variant, botDll, env, client, connector, rows, options));
                    Console.WriteLine($"  {variant.Name}: done ({clock.Elapsed.TotalSeconds:F0} s)");
                }

                var name = postgres ? "PostgreSQL" : "SQLite";
                pass &= PrintRows(name, results[0], options, postgres ? 1000 : 2000);
                if (results.Count > 1)
                {
                    PrintSwitches(name, results);
                }

                memory.Add(($"TeamsKiCoach, {name}, default configuration (after seeding)", results[0].IdleMb, results[0].PeakMb, true));
            }
            finally
            {
                if (postgres)
                {
                    await DropAsync(options.Postgres, database);
                }

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

        // The same reads while the host's own delivery engine sends a fan-out.
        if (options.Fanout)
        {
            pass &= await FanoutReads.RunAsync(botDll, client, connector, options);
        }

        // The peers: the echo bot on the host's adapter setup, and on the Bot Framework's own authentication.
        var serverGc = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["DOTNET_gcServer"] = "1" };
        foreach (var (name, stock) in new[] { ("echo bot (host's adapter setup)", false), ("echo bot, stock authentication", true) })
        {
            await using var echo = await HostProcess.StartAsync(echoDll, stock ? ["echo-host", "stock"] : ["echo-host"], serverGc, client);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var idle = echo.Memory().CurrentMb;
            var row = new TurnRow("hallo", TurnKind.Message, false, i => ($"echo-{i % options.Users}", Json.Text("hallo")));
            await Load.ClosedAsync(client, echo, connector, row, options.Concurrency, 2000, 5, 0);
            memory.Add((name, idle, echo.Memory().PeakMb, false));
        }

        Console.WriteLine();
        Console.WriteLine($"Idle working set (resident set 2 s after start, before any turn; peak after the rows). Target: TeamsKiCoach ≤ {IdleLimitMb:F0} MB");
        Console.WriteLine();
        Console.WriteLine("| process | idle RSS MB | peak RSS MB | ≤ 150 MB idle |");
        Console.WriteLine("|---|---:|---:|---|");
        foreach (var m in memory)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {m.Name} | {m.IdleMb:F0} | {m.PeakMb:F0} | {(m.Counts ? Mark(m.IdleMb <= IdleLimitMb) : "peer")} |"));
            pass &= !m.Counts || m.IdleMb <= IdleLimitMb;
        }

        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {Machine("/proc/loadavg")}, CPU pressure {Machine("/proc/pressure/cpu")}; run took {clock.Elapsed.TotalSeconds:F0} s");
        Console.WriteLine($"targets: {(pass ? "met" : "NOT met")}");
        return pass ? 0 : 1;
    }

    // The rows of the tables. Writes take fresh targets across variants (a +1 counts once per person and pattern,
    // a prompt is answered once; see WriteOffset), so every variant writes as much as the first.
    private static List<TurnRow> Rows(DataSet set, int users)
    {
        var team = Json.Text(DataSet.Team);
        var rows = ReadRows(set, users);
        rows.Add(TurnRow.Card("pattern.plusone", true, i =>
            (DataSet.User(i % users), $"{{\"team\":{team},\"entry\":{set.PatternKeys[i / users % set.PatternKeys.Count]}}}")));
        if (set.Prompts.Count > 0)
        {
            rows.Add(TurnRow.Card("prompt.answer", true, i =>
            {
                var (id, recipient) = set.Prompts[i % set.Prompts.Count];
                return (recipient, $"{{\"promptId\":\"{id}\",\"text\":\"Rechnungen von Hand abtippen, Nummer {i}\",\"frequency\":\"daily\",\"minutes\":\"10\",\"team\":{team}}}");
            }));
        }

        return rows;
    }

    /// <summary>Every command a person types and the card actions that read, for the seeded team's people.</summary>
    public static List<TurnRow> ReadRows(DataSet set, int users)
    {
        var team = Json.Text(DataSet.Team);
        var rows = new List<TurnRow>();
        rows.AddRange(new[] { "hilfe", "status", "backlog", "meine daten", "prüfen", "piloten", "was ist automatisiert?" }.Select(t => TurnRow.Command(t, users)));
        rows.Add(TurnRow.Card("pattern.show", false, i => (DataSet.User(i % users), $"{{\"team\":{team},\"entry\":{set.PatternKeys[i % set.PatternKeys.Count]}}}")));
        if (set.Pilots.Count > 0)
        {
            rows.Add(TurnRow.Card("pilot.show", false, i => (DataSet.User(i % users), $"{{\"pilot\":{set.Pilots[i % set.Pilots.Count]}}}")));
        }

        rows.Add(TurnRow.Card("registry.show", false, i => (DataSet.User(i % users), $"{{\"team\":{team}}}")));
        return rows;
    }

    private static async Task<VariantResult> MeasureAsync(Variant variant, string botDll, Dictionary<string, string> environment, HttpClient client, Connector connector, List<TurnRow> rows, Options options)
    {
        await using var host = await HostProcess.StartAsync(botDll, [], environment, client);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var idle = host.Memory().CurrentMb;
        var reads = rows.Where(r => !r.Writes).ToList();
        var warmup = await WarmUpAsync(host, client, connector, reads, options);
        var results = new List<RowResult>();
        var offset = 1_000_000;
        foreach (var row in rows)
        {
            await Load.SettleAsync(host, TimeSpan.FromSeconds(20));
            if (row.Writes)
            {
                var writes = (int)(options.WriteRate * options.WriteSeconds);
                var open = await Load.OpenAsync(client, host, connector, row, options.WriteRate, options.WriteSeconds, options.Drain, WriteOffset(row, writes));
                results.Add(new RowResult(row, open, null));
                continue;
            }

            var openRead = await Load.OpenAsync(client, host, connector, row, options.ReadRate, options.OpenSeconds, options.Drain, offset);
            if (openRead.Errors > 0)
            {
                Console.WriteLine($"  {row.Name}: {openRead.Errors} of {openRead.Turns} failed; the host said: {string.Join(" / ", host.LastOutput.Where(l => l.Contains("Exception", StringComparison.Ordinal) || l.Contains("fail", StringComparison.Ordinal)).TakeLast(2))}; last text reply: {connector.LastText}");
            }

            await Load.SettleAsync(host, TimeSpan.FromSeconds(20));
            var closed = await Load.ClosedAsync(client, host, connector, row, options.Concurrency, options.ClosedTurns, options.ClosedSeconds, offset + 100_000);
            results.Add(new RowResult(row, openRead, closed));
        }

        return new VariantResult(variant, results, idle, host.Memory().PeakMb, warmup);
    }

    // Writes of the next variant start where this one's ended.
    private static readonly Dictionary<string, int> WriteOffsets = [];

    private static int WriteOffset(TurnRow row, int writes)
    {
        var start = WriteOffsets.GetValueOrDefault(row.Name);
        WriteOffsets[row.Name] = start + writes;
        return start;
    }

    // Passes over the read rows (closed loop, at most 3 s each) until the host's tiered compilation thread used at
    // most one clock tick in two passes in a row, or the limit: until then a row measures the compiler as much as the bot.
    private static async Task<string> WarmUpAsync(HostProcess host, HttpClient client, Connector connector, List<TurnRow> rows, Options options)
    {
        var jitBefore = host.JitTime();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var quiet = 0;
        var passes = 0;
        while (quiet < 2 && clock.Elapsed < TimeSpan.FromSeconds(options.WarmupLimit))
        {
            var start = host.JitTime();
            foreach (var row in rows)
            {
                // Four at a time: enough to compile every path, without burying a slow row's host in turns.
                await Load.ClosedAsync(client, host, connector, row, 4, options.Warmup, 3, 0);
            }

            passes++;
            quiet = host.JitTime() - start <= TimeSpan.FromMilliseconds(10) ? quiet + 1 : 0;
        }

        return $"{passes} passes in {clock.Elapsed.TotalSeconds:F0} s, {(quiet >= 2 ? "compiler quiet" : "compiler still busy")} (compiler CPU {(host.JitTime() - jitBefore).TotalSeconds:F1} s)";
    }

    private static bool PrintRows(string provider, VariantResult result, Options options, double closedGoal)
    {
        Console.WriteLine();
        Console.WriteLine($"### {provider}, default configuration; warm-up: {result.Warmup}");
        Console.WriteLine();
        Console.WriteLine($"Reads at {options.ReadRate:F0} turns/s open loop ({options.OpenSeconds:F0} s) and closed loop with {options.Concurrency} concurrent ({options.ClosedSeconds:F1} s); writes at {options.WriteRate:F0}/s open loop ({options.WriteSeconds:F0} s). Latency from the scheduled send; a failed or unfinished turn counts as slowest.");
        Console.WriteLine();
        Console.WriteLine($"| row | open-loop turns | failed | p50 ms | p99 ms | p99 target | met | closed-loop turns/s | goal {closedGoal:F0}/s | host CPU ms/turn |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|---:|---|---:|");
        var pass = true;
        foreach (var r in result.Rows)
        {
            var target = r.Row.Writes ? WriteP99Ms : ReadP99Ms;
            var met = r.Open.Errors == 0 && r.Open.Percentile(0.99) <= target;
            var goal = r.Closed is { } c && c.Errors == 0 && c.Throughput >= closedGoal;
            pass &= met && (r.Closed is null || goal);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Row.Name} | {r.Open.Turns:N0} | {r.Open.Errors} | {Ms(r.Open.Percentile(0.5))} | {Ms(r.Open.Percentile(0.99))} | ≤ {target:F0} | {Mark(met)} | {(r.Closed is { } closed ? $"{closed.Throughput:F0}{(closed.Errors > 0 ? $" ({closed.Errors} failed)" : "")}" : "–")} | {(r.Closed is null ? "–" : Mark(goal))} | {(r.Closed ?? r.Open).CpuMsPerTurn:F2} |"));
        }

        return pass;
    }

    // Each switch next to the default: p99 of the open loop, closed-loop throughput and host CPU per turn (closed
    // loop), with the switch's figure as a ratio of the default's.
    private static void PrintSwitches(string provider, IReadOnlyList<VariantResult> results)
    {
        var baseline = results[0];
        Console.WriteLine();
        Console.WriteLine($"### {provider}, each storage optimisation off against the default (ratio = off / default; CPU from the closed loop)");
        Console.WriteLine();
        Console.WriteLine("| row | default p99 ms | default turns/s | default CPU ms/turn | " + string.Join(" | ", results.Skip(1).Select(r => $"{r.Variant.Name}: p99 ms / turns/s / CPU ms"))+ " |");
        Console.WriteLine("|---|---:|---:|---:|" + string.Concat(results.Skip(1).Select(_ => "---:|")));
        for (var i = 0; i < baseline.Rows.Count; i++)
        {
            var b = baseline.Rows[i];
            var cells = results.Skip(1).Select(v =>
            {
                var r = v.Rows[i];
                var p99 = r.Open.Percentile(0.99);
                var cpu = (r.Closed ?? r.Open).CpuMsPerTurn;
                var rate = r.Closed?.Throughput;
                return string.Create(CultureInfo.InvariantCulture,
                    $"{Ms(p99)} ({Ratio(p99, b.Open.Percentile(0.99))}) / {(rate is { } x ? $"{x:F0} ({Ratio(x, b.Closed!.Throughput)})" : "–")} / {cpu:F2} ({Ratio(cpu, (b.Closed ?? b.Open).CpuMsPerTurn)})");
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {b.Row.Name} | {Ms(b.Open.Percentile(0.99))} | {(b.Closed is { } c ? c.Throughput.ToString("F0", CultureInfo.InvariantCulture) : "–")} | {(b.Closed ?? b.Open).CpuMsPerTurn:F2} | {string.Join(" | ", cells)} |"));
        }
    }

    private static string Ms(double ms) => double.IsPositiveInfinity(ms) ? "failed" : ms.ToString("F1", CultureInfo.InvariantCulture);

    private static string Ratio(double value, double baseline) =>
        double.IsFinite(value) && double.IsFinite(baseline) && baseline > 0 ? (value / baseline).ToString("F2", CultureInfo.InvariantCulture) : "–";

    private static string Mark(bool met) => met ? "yes" : "**no**";

    private static async Task<bool> DropAsync(string connectionString, string database)
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    public static string Machine(string file)
    {
        try
        {
            return File.ReadLines(file).First();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
