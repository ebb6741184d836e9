using System.Globalization;
using TeamsKiCoach.HostBench;

// (no arguments): seeds the data set, measures every row on SQLite and PostgreSQL and prints the tables.
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
    internal sealed record Options(
        bool Quick,
        string[] Providers,
        string Postgres,
        int Users,
        int Entries,
        double ReadRate,
        double OpenSeconds,
        double WriteRate,
        double WriteSeconds,
        int Concurrency,
        double ClosedSeconds,
        int ClosedTurns,
        double Drain,
        int Warmup,
        int WarmupLimit,
        bool Switches,
        bool Fanout,
        int FanoutPrompts,
        int Settle)
    {
        public static Options Parse(string[] args)
        {
            string? Value(string name)
            {
                var i = Array.IndexOf(args, "--" + name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }

            double Number(string name, double fallback) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

            var quick = args.Contains("--quick");
            return new Options(
                Quick: quick,
                Providers: (Value("providers") ?? (quick ? "sqlite" : "sqlite,postgres")).Split(',', StringSplitOptions.RemoveEmptyEntries),
                Postgres: Value("postgres") ?? Environment.GetEnvironmentVariable("COACH_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=coach;Password=coach",
                Users: (int)Number("users", 200),
                Entries: (int)Number("entries", 2000),
                ReadRate: Number("rate", 500),
                OpenSeconds: Number("open-seconds", quick ? 1 : 2),
                WriteRate: Number("write-rate", 100),
                WriteSeconds: Number("write-seconds", 2),
                Concurrency: (int)Number("concurrency", 50),
                ClosedSeconds: Number("closed-seconds", quick ? 1.5 : 3),
                ClosedTurns: (int)Number("closed-turns", 3000),
                Drain: Number("drain", 5),
                Warmup: (int)Number("warmup", 40),
                WarmupLimit: (int)Number("warmup-limit", quick ? 20 : 45),
                Switches: !quick && !args.Contains("--no-switches"),
                Fanout: !quick && !args.Contains("--no-fanout"),
                FanoutPrompts: (int)Number("fanout-prompts", 10_000),
                Settle: (int)Number("settle", 1));
        }
    }
}
