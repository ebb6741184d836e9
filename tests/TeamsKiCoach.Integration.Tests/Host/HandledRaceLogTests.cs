using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Host;

/// <summary>
/// A race the unique indexes settle (two installs at once, two hosts planning the same prompt, two first pulse
/// answers making the tenant's secret) is handled where it is caught and leaves no error in the log; a database
/// failure nobody handles still does, with its stack trace.
/// </summary>
public sealed class HandledRaceLogTests
{
    [Fact]
    public async Task TwoHostsPlanningTheSameMessageOnSqliteLogNoErrorAndNoStackTrace() =>
        await TwoHostsPlanTheSameMessageAsync(TestDatabase.CreateSqlite());

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task TwoHostsPlanningTheSameMessageOnPostgresLogNoErrorAndNoStackTrace() =>
        await TwoHostsPlanTheSameMessageAsync(TestDatabase.CreatePostgres());

    private static async Task TwoHostsPlanTheSameMessageAsync(TestDatabase created)
    {
        await using var database = created;
        var logs = new CapturedLogs();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .AddCoachStorage(database.Provider, database.ConnectionString)
            .BuildServiceProvider();
        var dbFactory = services.GetRequiredService<CoachDbFactory>();
        await dbFactory.InitializeAsync(default);

        // From here on: creating a new PostgreSQL database logs a failed connection of its own while it checks that none exists.
        var (linesBefore, errorsBefore) = (logs.All.Count, logs.Errors.Count);

        // Both hosts found nothing planned and plan the same message: the unique index lets the first one win.
        await using var first = await dbFactory.ForTenantAsync("tenant-a", default);
        await using var second = await dbFactory.ForTenantAsync("tenant-a", default);
        Assert.True(await PlanOnce.SaveAsync(first, () => PlanAsync(first), default));
        Assert.False(await PlanOnce.SaveAsync(second, () => PlanAsync(second), default));

        var lines = logs.All.Skip(linesBefore).ToList();
        Assert.NotEmpty(lines);
        Assert.Empty(logs.Errors.Skip(errorsBefore));
        Assert.DoesNotContain(lines, line => line.Contains("Exception", StringComparison.Ordinal) || line.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADatabaseFailureNobodyHandlesIsStillLoggedAsAnErrorWithItsStackTrace()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database);
        await host.PostActivityAsync(CoachHost.Message(connector.ServiceUrl, "hilfe"));
        await using (var db = await host.Services.GetRequiredService<CoachDbFactory>().ForSystemAsync(default))
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE conversations");
        }

        var response = await host.PostActivityAsync(CoachHost.Message(connector.ServiceUrl, "hilfe"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = Assert.Single(host.Logs.Errors, e => e.Contains("Turn failed", StringComparison.Ordinal));
        Assert.Contains("   at ", error);
    }

    private static Task PlanAsync(CoachDbContext db)
    {
        db.Outbox.Add(new OutboxMessage
        {
            TenantId = db.TenantId,
            RunKey = "prompt:2026-11-25",
            RecipientKey = "aad-anna",
            RecipientAadObjectId = "aad-anna",
            Kind = OutboxKind.DailyPrompt,
            CreatedAt = DateTimeOffset.UnixEpoch,
            NextAttemptAt = DateTimeOffset.UnixEpoch,
            ExpiresAt = DateTimeOffset.UnixEpoch.AddHours(6),
        });
        return Task.CompletedTask;
    }
}
