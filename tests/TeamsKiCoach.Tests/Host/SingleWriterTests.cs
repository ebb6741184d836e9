using System.Collections.Concurrent;
using System.Diagnostics;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Host;

/// <summary>SQLite serves one host: a second one on the same file refuses to start and says why.</summary>
public sealed class SingleWriterTests
{
    private const string Refusal = "is already in use by another TeamsKiCoach host";

    [Fact]
    public async Task ASecondHostProcessOnTheSameSqliteFileRefusesToStartAndAThirdStartsOnceTheFirstIsGone()
    {
        await using var database = TestDatabase.CreateSqlite();

        await using var first = await BotProcess.StartAsync(database.ConnectionString);
        Assert.True(await first.WaitForAsync("Now listening on", TimeSpan.FromSeconds(60)), first.Output);

        await using var second = await BotProcess.StartAsync(database.ConnectionString);
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(60)), second.Output);
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains(Refusal, second.Output);
        Assert.Contains("Coach:Storage:Provider=Postgres", second.Output);
        Assert.False(first.HasExited, first.Output);

        // Killed without a shutdown, the first process leaves no lock behind.
        await first.KillAsync();
        await using var third = await BotProcess.StartAsync(database.ConnectionString);
        Assert.True(await third.WaitForAsync("Now listening on", TimeSpan.FromSeconds(60)), third.Output);
    }

    [Fact]
    public async Task TwoHostsInOneProcessOnTheSameSqliteFileDoNotRunAtOnce()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using (var first = CoachHost.Development(database))
        {
            _ = first.CreateClient();
            await using var second = CoachHost.Development(database);

            var error = Assert.Throws<InvalidOperationException>(() => second.CreateClient());

            Assert.Contains(Refusal, error.Message);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await first.CreateClient().GetAsync("/health")).StatusCode);
        }

        await using var after = CoachHost.Development(database);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await after.CreateClient().GetAsync("/health")).StatusCode);
    }

    /// <summary>The bot host as its own process, built with the tests, on a port of its own.</summary>
    private sealed class BotProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly ConcurrentQueue<string> lines = new();

        private BotProcess(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Output => string.Join(Environment.NewLine, lines);

        public bool HasExited => process.HasExited;

        public int ExitCode => process.ExitCode;

        public static Task<BotProcess> StartAsync(string connectionString)
        {
            var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var framework = Path.GetFileName(testOutput);
            var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput)!);
            var bot = Path.Combine(RepositoryRoot.Path, "src", "TeamsKiCoach.Bot", "bin", configuration, framework);
            var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(bot, "TeamsKiCoach.Bot.dll")])
            {
                WorkingDirectory = bot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["Urls"] = "http://127.0.0.1:0";
            start.Environment["ConnectionStrings__Coach"] = connectionString;
            start.Environment["Coach__Delivery__Enabled"] = "false";
            return Task.FromResult(new BotProcess(Process.Start(start) ?? throw new InvalidOperationException("the bot process did not start")));
        }

        public async Task<bool> WaitForAsync(string text, TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < timeout && !process.HasExited)
            {
                if (lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
                {
                    return true;
                }

                await Task.Delay(100);
            }

            return lines.Any(l => l.Contains(text, StringComparison.Ordinal));
        }

        public async Task<bool> WaitForExitAsync(TimeSpan timeout)
        {
            using var wait = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(wait.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public async Task KillAsync()
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                await KillAsync();
            }

            process.Dispose();
        }

        private void Keep(string? line)
        {
            if (line is not null)
            {
                lines.Enqueue(line);
            }
        }

        private static string DotnetHost() =>
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }
}
