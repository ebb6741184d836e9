using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TeamsKiCoach.Benchmarks;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Tests.Delivery;

// fanout:   fans prompts out through the real delivery engine against the simulated connector and prints a table.
// dispatch: runs only the engine on an existing database until its outbox is done (the process the kill test kills).
// host:     runs the whole bot host on an accelerated clock (the processes of the scale-out test).
var arguments = Arguments.Parse(args);
return arguments.Command switch
{
    "fanout" => await Fanout.RunAsync(arguments),
    "dispatch" => await DispatchAsync(arguments),
    "host" => await HostProcess.RunAsync(arguments, args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          fanout [--quick] [--n 1000,10000] [--scenarios one,two,first-contact,at-ceiling]
          host --urls <url> --clock-start <iso time> --clock-real-start-ms <unix ms> --clock-speed <factor> [--Key=value configuration ...]
          dispatch --db <sqlite file> [--rate 45] [--parallel 16] [--backoff-ms 1000] [--lease-seconds 3] [--deadline-seconds 120]
        """);
    return 2;
}

static async Task<int> DispatchAsync(Arguments arguments)
{
    var services = new ServiceCollection()
        .AddCoachStorage(StorageProvider.Sqlite, $"Data Source={arguments.Required("db")}")
        .BuildServiceProvider();
    var db = services.GetRequiredService<CoachDbFactory>();
    var options = new DeliveryOptions
    {
        RequestsPerSecond = arguments.Number("rate", 45),
        MaxParallelSends = (int)arguments.Number("parallel", 16),
        BackoffBase = TimeSpan.FromMilliseconds(arguments.Number("backoff-ms", 1000)),
        BackoffMax = TimeSpan.FromSeconds(10),
        ClaimLease = TimeSpan.FromSeconds(arguments.Number("lease-seconds", 3)),
    };
    var engine = new TestDeliveryEngine(db, options);
    Console.WriteLine($"dispatching (pid {Environment.ProcessId})");
    var done = await engine.RunUntilDoneAsync(TimeSpan.FromSeconds(arguments.Number("deadline-seconds", 120)), CancellationToken.None);
    Console.WriteLine(done ? "outbox done" : "deadline passed");
    return done ? 0 : 1;
}

namespace TeamsKiCoach.Benchmarks
{
    internal sealed record Arguments(string Command, Dictionary<string, string?> Options)
    {
        public static Arguments Parse(string[] args)
        {
            var options = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 1; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    continue;
                }

                var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                options[args[i][2..]] = hasValue ? args[++i] : null;
            }

            return new Arguments(args.Length > 0 ? args[0] : "fanout", options);
        }

        public bool Flag(string name) => Options.ContainsKey(name);

        public string Required(string name) =>
            Options.TryGetValue(name, out var value) && value is not null ? value : throw new ArgumentException($"--{name} is required");

        public double Number(string name, double fallback) =>
            Options.TryGetValue(name, out var value) && value is not null ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

        public IReadOnlyList<string> List(string name, params string[] fallback) =>
            Options.TryGetValue(name, out var value) && value is not null ? value.Split(',', StringSplitOptions.RemoveEmptyEntries) : fallback;
    }
}
