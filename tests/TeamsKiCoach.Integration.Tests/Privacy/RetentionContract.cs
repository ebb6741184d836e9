using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Audit;
using TeamsKiCoach.Storage.Privacy;
using TeamsKiCoach.Storage.Pulse;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Tests.Privacy;

/// <summary>The daily retention run against a real database of each provider, with a fake clock.</summary>
public abstract class RetentionContract(StorageProvider provider) : IAsyncLifetime
{
    private const string Contoso = "tenant-contoso";
    private const string Fabrikam = "tenant-fabrikam";
    private const string Team = "19:team-vertrieb@thread.tacv2";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));
    private TestDatabase database = null!;
    private CoachDbFactory dbFactory = null!;

    private DateTimeOffset Now => clock.GetUtcNow();
    private DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public async Task InitializeAsync()
    {
        database = TestDatabase.Create(provider);
        dbFactory = await database.OpenAsync();
        await SeedAsync(Contoso);
        await SeedAsync(Fabrikam);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    // Each host has its own Retention (and its own memory of the day it last ran); the database is shared.
    private Retention Host(RetentionOptions? options = null) => new(
        dbFactory,
        new PulseService(dbFactory, new PulseKeys(null), new StoredPilots(), new LexicalPatternGrouper(), clock),
        options ?? new RetentionOptions(),
        clock);

    [Fact]
    public async Task WhatIsPastItsRetentionGoesWhatIsYoungerStaysAndClosedWeeksLoseTheirKeys()
    {
        var before = await SnapshotAsync(Contoso);

        var result = await Host().RunAsync(Contoso, default);

        Assert.NotNull(result);
        var after = await SnapshotAsync(Contoso);
        Assert.Equal(["young-closed", "young-open"], after.PulseAnswers.Select(a => a.StillManual));
        Assert.Equal([(string?)null, "key-open"], after.PulseAnswers.Select(a => a.AnswerKey));
        Assert.Equal([Week(-11).Key, Week(0).Key], after.PulseRuns);
        Assert.Equal(["kept"], after.Audit);
        Assert.Equal(["finished-young", "pending-old"], after.Outbox);
        Assert.Equal([Today.AddDays(-59)], after.Prompts);
        Assert.Equal(before.Backlog, after.Backlog);
        Assert.Equal([Today], after.Claims);
        Assert.Equal(1, result.KeysForgotten);
        Assert.Equal(
            new Dictionary<string, int> { ["audit_trail"] = 1, ["daily_prompts"] = 1, ["outbox"] = 1, ["pulse_answers"] = 1, ["pulse_runs"] = 1, ["retention_runs"] = 1 },
            result.Deleted);
    }

    [Fact]
    public async Task ShorterSettingsDeleteMoreAndTheDefaultsKeepTheYoungRows()
    {
        var options = new RetentionOptions { PulseAnswerMonths = 1, AuditMonths = 12, FinishedOutboxDays = 7, DailyPromptDays = RetentionOptions.PromptHistoryDays };

        await Host(options).RunAsync(Contoso, default);

        var after = await SnapshotAsync(Contoso);
        Assert.Equal(["young-open"], after.PulseAnswers.Select(a => a.StillManual));
        Assert.Empty(after.Audit);
        Assert.Equal(["pending-old"], after.Outbox);
        Assert.Empty(after.Prompts);
    }

    [Fact]
    public async Task TwoHostsRunningAtOnceDeleteOnceAndClaimOnce()
    {
        var runs = await Task.WhenAll(Host().RunAsync(Contoso, default), Host().RunAsync(Contoso, default));

        var done = Assert.Single(runs, r => r is not null)!;
        Assert.Single(runs, r => r is null);
        Assert.Equal(6, done.Total);
        await using var db = await dbFactory.ForTenantAsync(Contoso, default);
        var claim = await db.RetentionRuns.AsNoTracking().SingleAsync(r => r.Day == Today);
        Assert.Equal(6, claim.Deleted);
    }

    [Fact]
    public async Task AnotherTenantIsUntouched()
    {
        var before = await SnapshotAsync(Fabrikam);

        await Host().RunAsync(Contoso, default);

        Assert.Equivalent(before, await SnapshotAsync(Fabrikam), strict: true);
    }

    [Fact]
    public async Task TheDailyRoundRunsEveryTenantOnceADayAndAnotherHostFindsTheDayClaimed()
    {
        var first = Host();
        var second = Host();

        var today = await first.RunDueAsync(default);
        var again = await first.RunDueAsync(default);
        var elsewhere = await second.RunDueAsync(default);

        Assert.Equal([(Contoso, true), (Fabrikam, true)], today.Select(o => (o.TenantId, o.Result is not null)));
        Assert.Empty(again);
        Assert.Equal([(Contoso, false), (Fabrikam, false)], elsewhere.Select(o => (o.TenantId, o.Result is not null)));
        Assert.All(elsewhere, o => Assert.Null(o.Error));

        clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = await first.RunDueAsync(default);

        Assert.All(tomorrow, o => Assert.NotNull(o.Result));
        Assert.Equal([Today.AddDays(-1), Today], (await SnapshotAsync(Contoso)).Claims);
    }

    private static IsoWeek Week(int monthsFromNow, DateOnly today) => IsoWeek.Of(today.AddMonths(monthsFromNow));

    private IsoWeek Week(int monthsFromNow) => Week(monthsFromNow, Today);

    private async Task SeedAsync(string tenant)
    {
        await new TeamDirectory(dbFactory, clock).RecordInstallAsync(tenant, Team, "Vertrieb", "aad-lead", default);
        await using var db = await dbFactory.ForTenantAsync(tenant, default);
        foreach (var (week, closes, text, key) in new[]
        {
            (Week(-13), Now.AddMonths(-13), "old", (string?)null),
            (Week(-11), Now.AddMonths(-11), "young-closed", "key-closed"),
            (Week(0), Now.AddDays(2), "young-open", "key-open"),
        })
        {
            db.PulseRuns.Add(new PulseRun { TenantId = tenant, TeamId = Team, Week = week.Key, SentAt = closes.AddDays(-3), ClosesAt = closes, MinAnswers = 5 });
            db.PulseAnswers.Add(new PulseAnswer { TenantId = tenant, TeamId = Team, Week = week.Key, AnswerKey = key, Relief = 4, StillManual = text });
        }

        foreach (var (at, detail) in new[] { (Now.AddMonths(-37), "gone"), (Now.AddMonths(-35), "kept") })
        {
            AuditTrail.Add(db, Team, AuditSubjects.Assessment, "1", "confirm", "aad-anna", "Anna Becker", at, detail);
        }

        foreach (var (run, state, finished) in new[]
        {
            ("finished-old", OutboxState.Sent, (DateTimeOffset?)Now.AddDays(-31)),
            ("finished-young", OutboxState.Failed, Now.AddDays(-29)),
            ("pending-old", OutboxState.Pending, null),
        })
        {
            db.Outbox.Add(new OutboxMessage
            {
                TenantId = tenant, RunKey = run, RecipientKey = "aad-anna", RecipientAadObjectId = "aad-anna", Kind = OutboxKind.DailyPrompt,
                State = state, CreatedAt = Now.AddDays(-40), NextAttemptAt = Now.AddDays(-40), ExpiresAt = Now.AddDays(-39), FinishedAt = finished,
            });
        }

        foreach (var days in new[] { 61, 59 })
        {
            db.DailyPrompts.Add(new DailyPrompt
            {
                TenantId = tenant, RecipientAadObjectId = "aad-anna", TeamId = Team, LocalDate = Today.AddDays(-days),
                DueAt = Now.AddDays(-days), CreatedAt = Now.AddDays(-days), Answer = PromptAnswer.NothingToday,
            });
        }

        db.BacklogEntries.Add(new BacklogEntry { TenantId = tenant, TeamId = Team, Number = 1, Text = "Rechnungen abtippen", CreatedAt = Now.AddYears(-5) });
        db.BacklogEntries.Add(new BacklogEntry { TenantId = tenant, TeamId = Team, Number = 2, Text = "", CreatedAt = Now.AddYears(-4), WithdrawnAt = Now.AddYears(-4) });
        db.RetentionRuns.Add(new RetentionRun { TenantId = tenant, Day = Today.AddMonths(-37), StartedAt = Now.AddMonths(-37) });
        await db.SaveChangesAsync();
    }

    private async Task<Snapshot> SnapshotAsync(string tenant)
    {
        await using var db = await dbFactory.ForTenantAsync(tenant, default);
        return new Snapshot(
            await db.PulseAnswers.AsNoTracking().OrderBy(a => a.Week).Select(a => new PulseRow(a.StillManual, a.AnswerKey)).ToListAsync(),
            await db.PulseRuns.AsNoTracking().OrderBy(r => r.Week).Select(r => r.Week).ToListAsync(),
            await db.AuditRecords.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Detail!).ToListAsync(),
            await db.Outbox.AsNoTracking().OrderBy(m => m.RunKey).Select(m => m.RunKey).ToListAsync(),
            await db.DailyPrompts.AsNoTracking().OrderBy(p => p.LocalDate).Select(p => p.LocalDate).ToListAsync(),
            await db.BacklogEntries.AsNoTracking().OrderBy(e => e.Number).Select(e => e.Text).ToListAsync(),
            await db.RetentionRuns.AsNoTracking().Where(r => r.Day > Today.AddYears(-1)).OrderBy(r => r.Day).Select(r => r.Day).ToListAsync());
    }

    private sealed record PulseRow(string? StillManual, string? AnswerKey);

    private sealed record Snapshot(
        List<PulseRow> PulseAnswers, List<string> PulseRuns, List<string> Audit, List<string> Outbox, List<DateOnly> Prompts, List<string> Backlog, List<DateOnly> Claims);
}

public sealed class SqliteRetentionTests() : RetentionContract(StorageProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresRetentionTests() : RetentionContract(StorageProvider.Postgres);
