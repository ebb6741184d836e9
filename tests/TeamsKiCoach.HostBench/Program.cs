using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using TeamsKiCoach.HostBench;

// (no arguments): runs the benchmark and prints the table.
// echo-host:      serves the echo bot (the benchmark starts it as its own process);
//                 echo-host stock: the same with the Bot Framework's own authentication.
if (args.Length > 0 && args[0] == "echo-host")
{
    return await EchoHost.RunAsync(stock: args.Length > 1 && args[1] == "stock");
}

var options = Options.Parse(args);
return await Bench.RunAsync(options);

namespace TeamsKiCoach.HostBench
{
    internal sealed record Options(int Requests, int Warmup, int WarmupLimit, int Concurrency, int Rounds, int Users, string[] Texts, bool Stock, int Settle)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name)
            {
                var i = Array.IndexOf(args, "--" + name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }

            int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

            return new Options(
                Requests: Number("requests", 1000),
                Warmup: Number("warmup", 500),
                WarmupLimit: Number("warmup-limit", 180),
                Concurrency: Number("concurrency", 50),
                Rounds: Number("rounds", 6),
                Users: Number("users", 200),
                Texts: (Value("texts") ?? "hilfe,status").Split(',', StringSplitOptions.RemoveEmptyEntries),
                Stock: !args.Contains("--no-stock"),
                Settle: Number("settle", 2));
        }
    }

    internal sealed record Measured(string Name, int Requests, int Errors, TimeSpan Elapsed, double[] LatenciesMs, TimeSpan HostCpu, TimeSpan JitCpu)
    {
        public double CpuMsPerTurn => HostCpu.TotalMilliseconds / Requests;

        public double Throughput => (Requests - Errors) / Elapsed.TotalSeconds;

        public double Percentile(double p)
        {
            var sorted = LatenciesMs.Order().ToArray();
            return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        }

        public static Measured Merge(IReadOnlyList<Measured> rounds) => new(
            rounds[0].Name,
            rounds.Sum(r => r.Requests),
            rounds.Sum(r => r.Errors),
            TimeSpan.FromTicks(rounds.Sum(r => r.Elapsed.Ticks)),
            rounds.SelectMany(r => r.LatenciesMs).ToArray(),
            TimeSpan.FromTicks(rounds.Sum(r => r.HostCpu.Ticks)),
            TimeSpan.FromTicks(rounds.Sum(r => r.JitCpu.Ticks)));
    }

    internal static class Bench
    {
        public static async Task<int> RunAsync(Options options)
        {
            var benchOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var framework = Path.GetFileName(benchOutput);
            var configuration = Path.GetFileName(Path.GetDirectoryName(benchOutput)!);
            var repository = Path.GetFullPath(Path.Combine(benchOutput, "..", "..", "..", "..", ".."));
            var botDll = Path.Combine(repository, "src", "TeamsKiCoach.Bot", "bin", configuration, framework, "TeamsKiCoach.Bot.dll");
            var echoDll = typeof(Bench).Assembly.Location;
            var data = Directory.CreateTempSubdirectory("coach-hostbench-");

            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                Timeout = TimeSpan.FromSeconds(30),
            };
            await using var connector = await Connector.StartAsync();
            var development = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" };
            // The echo hosts run with the bot's garbage collector (server GC, the ASP.NET default), so memory compares.
            var serverGc = new Dictionary<string, string>(development) { ["DOTNET_gcServer"] = "1" };
            await using var stock = options.Stock ? await HostProcess.StartAsync(echoDll, ["echo-host", "stock"], serverGc, client) : null;
            await using var echo = await HostProcess.StartAsync(echoDll, ["echo-host"], serverGc, client);
            await using var host = await HostProcess.StartAsync(botDll, [], new Dictionary<string, string>(development)
            {
                ["ConnectionStrings__Coach"] = $"Data Source={Path.Combine(data.FullName, "coach.db")}",
                ["Coach__Delivery__Enabled"] = "false",
            }, client);

            // What is measured, in the order of the table: the yardstick first.
            var rows = new List<(string Name, HostProcess Target, string Text)> { ("echo bot", echo, "hallo") };
            if (options.Stock)
            {
                rows.Add(("echo bot, stock authentication", stock!, "hallo"));
            }

            rows.AddRange(options.Texts.Select(text => ($"TeamsKiCoach \"{text}\"", host, text)));

            await Task.Delay(TimeSpan.FromSeconds(2));
            var idle = rows.Select(r => r.Target).Distinct().ToDictionary(t => t, t => t.Memory().CurrentMb);

            // The stock echo bot is measured after all rounds of the others: it is slow and leaves a large heap
            // behind, and the garbage collection that follows would fall into the row after it.
            bool Compared((string Name, HostProcess Target, string Text) row) => row.Target != stock;
            await WarmUpAsync(rows.Where(Compared).ToArray(), client, connector, options, host);

            var measured = rows.Select(_ => new List<Measured>()).ToArray();
            for (var round = 1; round <= options.Rounds; round++)
            {
                Console.WriteLine($"round {round} of {options.Rounds}: {options.Requests} turns each, {options.Concurrency} at a time");
                for (var r = 0; r < rows.Count; r++)
                {
                    if (!Compared(rows[r]))
                    {
                        continue;
                    }

                    // Each row starts on settled processes: what the row before left to do (background garbage
                    // collection, the thread pool winding down) is not counted against the next one.
                    await Task.Delay(TimeSpan.FromSeconds(options.Settle));
                    measured[r].Add(await LoadAsync(rows[r].Name, client, rows[r].Target, connector, options, rows[r].Text, rows[r].Target == host));
                }
            }

            for (var r = 0; r < rows.Count; r++)
            {
                if (Compared(rows[r]))
                {
                    continue;
                }

                Console.WriteLine($"{rows[r].Name}: warm-up and {options.Rounds} × {options.Requests} turns");
                await Task.Delay(TimeSpan.FromSeconds(options.Settle));
                await LoadAsync("warm-up", client, rows[r].Target, connector, options with { Requests = options.Warmup }, rows[r].Text, expectsCard: false);
                for (var round = 1; round <= options.Rounds; round++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(options.Settle));
                    measured[r].Add(await LoadAsync(rows[r].Name, client, rows[r].Target, connector, options, rows[r].Text, expectsCard: false));
                }
            }

            var results = measured.Select(Measured.Merge).ToArray();
            var echoResult = results[0];
            Console.WriteLine();
            Console.WriteLine($"Message turns over HTTP, {options.Concurrency} concurrent requests, {options.Rounds} × {options.Requests} turns per row, {options.Users} users; replies to a loopback Bot Connector");
            Console.WriteLine();
            Console.WriteLine("| bot | turns | errors | turns/s | of echo | p50 ms | p99 ms | host CPU ms/turn | of it compiling | idle RSS MB | peak RSS MB |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var pass = true;
            for (var r = 0; r < rows.Count; r++)
            {
                Row(results[r], echoResult, idle[rows[r].Target], rows[r].Target.Memory().PeakMb);
                if (rows[r].Target == host)
                {
                    pass &= results[r].Errors == 0 && results[r].Throughput / echoResult.Throughput >= 0.6 && results[r].Percentile(0.99) <= 50;
                }
            }

            Console.WriteLine();
            Console.WriteLine($"targets: ≥ 0.6 of echo throughput and p99 ≤ 50 ms: {(pass ? "met" : "NOT met")}");
            Console.WriteLine($"memory now: echo {echo.Memory().CurrentMb:F0} MB, host {host.Memory().CurrentMb:F0} MB; connector replies: {connector.Replies}");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {Machine("/proc/loadavg")}, CPU pressure {Machine("/proc/pressure/cpu")}");
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
                // The host may still hold the file for a moment; a temp folder stays behind.
            }

            return pass ? 0 : 1;
        }

        // Warm-up passes (every compared row once) until no process has compiled anything for two passes in a row:
        // the runtime first compiles quickly, then with counters, and only then optimized code, one method after
        // another on one background thread. Until that thread is done, a row measures the compiler as much as the
        // bot, and the host has far more code to compile than the echo bot. A cap keeps a busy machine from
        // warming forever; the table then says how much compiling fell into the measured turns.
        private static async Task WarmUpAsync((string Name, HostProcess Target, string Text)[] rows, HttpClient client, Connector connector, Options options, HostProcess host)
        {
            var targets = rows.Select(r => r.Target).Distinct().ToArray();
            var jitBefore = targets.ToDictionary(t => t, t => t.JitTime());
            var quietPasses = 0;
            var passes = 0;
            var clock = Stopwatch.StartNew();
            while (quietPasses < 2 && clock.Elapsed < TimeSpan.FromSeconds(options.WarmupLimit))
            {
                var start = targets.ToDictionary(t => t, t => t.JitTime());
                foreach (var row in rows)
                {
                    await LoadAsync("warm-up", client, row.Target, connector, options with { Requests = options.Warmup }, row.Text, row.Target == host);
                }

                passes++;
                quietPasses = targets.All(t => t.JitTime() - start[t] <= QuietJit) ? quietPasses + 1 : 0;
            }

            var compiled = string.Join(", ", targets.Select(t => $"{(t == host ? "TeamsKiCoach" : rows.First(r => r.Target == t).Name)} {(t.JitTime() - jitBefore[t]).TotalSeconds:F1} s"));
            Console.WriteLine(quietPasses >= 2
                ? $"warm-up: {passes} passes of {options.Warmup} turns per row, {clock.Elapsed.TotalSeconds:F0} s, until nothing was compiled for two passes (compiler CPU: {compiled})"
                : $"warm-up: stopped after {clock.Elapsed.TotalSeconds:F0} s ({passes} passes), the runtime was still compiling (compiler CPU: {compiled})");
        }

        // A pass is quiet when the compiler used at most one clock tick (10 ms) of /proc/<pid>/task/<tid>/stat, the
        // least the kernel counts: a tick can fall to the thread for work done in the pass before.
        private static readonly TimeSpan QuietJit = TimeSpan.FromMilliseconds(10);

        // What else the machine was doing: the figures are only as good as the machine was quiet.
        private static string Machine(string file)
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

        private static void Row(Measured result, Measured echo, double idle, double peak) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Name} | {result.Requests:N0} | {result.Errors} | {result.Throughput:F0} | {result.Throughput / echo.Throughput:F2} | {result.Percentile(0.5):F1} | {result.Percentile(0.99):F1} | {result.CpuMsPerTurn:F2} | {result.JitCpu.TotalMilliseconds / result.Requests:F2} | {idle:F0} | {peak:F0} |"));

        private static async Task<Measured> LoadAsync(string name, HttpClient client, HostProcess target, Connector connector, Options options, string text, bool expectsCard)
        {
            var messages = new Uri(target.BaseUrl, "api/messages");
            var latencies = new double[options.Requests];
            var next = -1;
            var errors = 0;
            var repliesBefore = connector.Replies;
            var cardsBefore = connector.Cards;
            var cpuBefore = target.CpuTime();
            var jitBefore = target.JitTime();
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < options.Requests)
                {
                    var user = $"bench-user-{i % options.Users}";
                    using var content = new StringContent(Activity(connector.ServiceUrl, user, text), Encoding.UTF8, "application/json");
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await client.PostAsync(messages, content);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            })).ToArray();
            await Task.WhenAll(workers);
            var elapsed = clock.Elapsed;
            var cpu = target.CpuTime() - cpuBefore;
            var jit = target.JitTime() - jitBefore;
            var replies = connector.Replies - repliesBefore;
            if (replies < options.Requests - errors)
            {
                Console.WriteLine($"  {name}: only {replies} replies reached the connector for {options.Requests - errors} answered turns");
                errors += (int)(options.Requests - errors - replies);
            }

            // The bot's commands answer with a card; a text reply there is its error message, and counts as an error.
            var cards = connector.Cards - cardsBefore;
            if (expectsCard && cards < options.Requests - errors)
            {
                Console.WriteLine($"  {name}: {options.Requests - errors - cards} replies were not the expected card");
                errors += (int)(options.Requests - errors - cards);
            }

            return new Measured(name, options.Requests, errors, elapsed, latencies, cpu, jit);
        }

        private static string Activity(Uri serviceUrl, string user, string text) => $$$"""
            {"type":"message","id":"{{{Guid.NewGuid():N}}}","channelId":"msteams","serviceUrl":"{{{serviceUrl.AbsoluteUri}}}","locale":"de-DE",
             "text":"{{{text}}}","timestamp":"{{{DateTimeOffset.UtcNow:O}}}",
             "from":{"id":"29:{{{user}}}","name":"Bench","aadObjectId":"{{{user}}}"},
             "recipient":{"id":"28:coach-bot","name":"TeamsKiCoach"},
             "conversation":{"id":"a:{{{user}}}","conversationType":"personal","tenantId":"tenant-bench"},
             "channelData":{"tenant":{"id":"tenant-bench"}},
             "entities":[{"type":"clientInfo","locale":"de-DE","timezone":"Europe/Berlin"}]}
            """;
    }
}
