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
    private sealed class BotProcess : ChildProcess
    {
        private BotProcess(ProcessStartInfo start)
            : base(start, "the bot process")
        {
        }

        public static Task<BotProcess> StartAsync(string connectionString)
        {
            var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var framework = Path.GetFileName(testOutput);
            var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput)!);
            var bot = Path.Combine(RepositoryRoot.Path, "src", "TeamsKiCoach.Bot", "bin", configuration, framework);
            var start = new ProcessStartInfo(DotnetHost(), [Path.Combine(bot, "TeamsKiCoach.Bot.dll")]) { WorkingDirectory = bot };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["Urls"] = "http://127.0.0.1:0";
            start.Environment["ConnectionStrings__Coach"] = connectionString;
            start.Environment["Coach__Delivery__Enabled"] = "false";
            return Task.FromResult(new BotProcess(start));
        }
    }
}
