using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.Pulse;
using TeamsKiCoach.Storage.Teams;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Storage;

/// <summary>
/// Pulse results are built once and kept per team while nothing they read changes: what makes the next read build
/// them again, on every provider against a real database, with a second host on the same database.
/// </summary>
public abstract class PulseResultsContract(StorageProvider provider) : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private const string Team = "team-1";
    private static readonly string[] People = ["aad-1", "aad-2", "aad-3", "aad-4", "aad-5", "aad-6"];

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));
    private readonly PulseKeys keys = new(new byte[32]);
    private TestDatabase database = null!;
    private CoachDbFactory dbFactory = null!;
    private CoachDbFactory otherHost = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabase.Create(provider);
        dbFactory = await database.OpenAsync();
        otherHost = await database.OpenAsync();
        await new TeamDirectory(dbFactory, clock).RecordInstallAsync(Tenant, Team, "Vertrieb", "aad-1", default);
        await new ConversationDirectory(dbFactory, clock).AddTeamMembersAsync(Tenant, Team, People.Select(p => new Person(p, "29:" + p, p)).ToList(), default);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task KeptResultsAreServedUntilAnotherHostWritesAnAnswer()
    {
        var run = await ClosedWeekAsync(answers: 5);
        var first = await ResultsAsync(dbFactory);
        Assert.Same(first, await ResultsAsync(dbFactory));
        Assert.Equal(5, first.Aggregates.Single().Answers);

        await using (var db = await otherHost.ForTenantAsync(Tenant, default))
        {
            db.PulseAnswers.Add(PulseAnswer.Create(Tenant, Team, run.IsoWeek, "written-elsewhere", new PulseSubmission(1, null, null, null, false)));
            await db.SaveChangesAsync();
        }

        var after = await ResultsAsync(dbFactory);
        Assert.Equal(6, after.Aggregates.Single().Answers);
        Assert.Equal(await FreshAsync(after), Figures(after));
    }

    [Fact]
    public async Task AnErasedAnswerLeavesTheKeptResultsAtTheNextRead()
    {
        await ClosedWeekAsync(answers: 6);
        Assert.Equal(6, (await ResultsAsync(dbFactory)).Aggregates.Single().Answers);

        await using (var db = await dbFactory.ForTenantAsync(Tenant, default))
        {
            Assert.Equal(1, (await new PulsePersonalData(keys).EraseAsync(db, "aad-6", default)).Deleted);
        }

        Assert.Equal(5, (await ResultsAsync(dbFactory)).Aggregates.Single().Answers);
        Assert.Equal(5, (await ResultsAsync(otherHost)).Aggregates.Single().Answers);
    }

    [Fact]
    public async Task AnAnswerOfAnOpenWeekShowsOnceTheWeekClosesAsItWasLastChanged()
    {
        var run = await ClosedWeekAsync(answers: 5);
        var closed = await ResultsAsync(dbFactory);

        // The next week: answered, changed while open, and kept results of the open week before it closes.
        var next = await OpenRunAsync();
        var pulses = Pulses(otherHost);
        foreach (var person in People)
        {
            Assert.Equal(PulseSubmit.Saved, await pulses.SubmitAsync(Tenant, person, next.Id, new PulseSubmission(2, null, null, null, false), default));
        }

        var open = await ResultsAsync(dbFactory);
        Assert.Equal(Figures(closed), Figures(open));
        Assert.Equal(PulseSubmit.Changed, await pulses.SubmitAsync(Tenant, "aad-1", next.Id, new PulseSubmission(5, null, null, null, false), default));
        Assert.Equal(Figures(open), Figures(await ResultsAsync(dbFactory)));

        clock.SetUtcNow(next.ClosesAt);
        var after = await ResultsAsync(dbFactory);
        Assert.Equal(2, after.Aggregates.Count);
        Assert.Equal(6, after.Aggregates[^1].Answers);
        Assert.Equal([0, 5, 0, 0, 1], after.Aggregates[^1].Relief!.Distribution);
        Assert.Equal(await FreshAsync(after), Figures(after));
        Assert.NotEqual(run.Week, next.Week);
    }

    [Fact]
    public async Task EachTeamAndTenantHasItsOwnKeptResults()
    {
        await ClosedWeekAsync(answers: 5);
        var mine = await ResultsAsync(dbFactory);
        await using (var db = await dbFactory.ForTenantAsync("tenant-b", default))
        {
            var other = await PulseService.ResultsAsync(db, Team, new LexicalPatternGrouper(), clock.GetUtcNow(), default);
            Assert.Empty(other.Aggregates);
        }

        Assert.Same(mine, await ResultsAsync(dbFactory));
        Assert.Equal(2, dbFactory.PulseResults.Count);
    }

    private async Task<PulseRun> OpenRunAsync()
    {
        await using var db = await dbFactory.ForTenantAsync(Tenant, default);
        var run = PulseRun.Start(Tenant, Team, PulseWeek.At(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")), 5, clock.GetUtcNow());
        db.PulseRuns.Add(run);
        await db.SaveChangesAsync();
        return run;
    }

    // A week of the team with that many answers, and the clock an hour past its close.
    private async Task<PulseRun> ClosedWeekAsync(int answers)
    {
        var run = await OpenRunAsync();
        var pulses = Pulses(dbFactory);
        foreach (var person in People.Take(answers))
        {
            Assert.Equal(PulseSubmit.Saved, await pulses.SubmitAsync(Tenant, person, run.Id, new PulseSubmission(3, "Angebote von Hand", null, null, false), default));
        }

        clock.SetUtcNow(run.ClosesAt.AddHours(1));
        return run;
    }

    private PulseService Pulses(CoachDbFactory factory) => new(factory, keys, new StoredPilots(), new LexicalPatternGrouper(), clock);

    private async Task<PulseResults> ResultsAsync(CoachDbFactory factory) => await Pulses(factory).ResultsAsync(Tenant, Team, default);

    // The same results built from the rows without any kept ones.
    private async Task<string> FreshAsync(PulseResults kept)
    {
        await using var db = await dbFactory.ForTenantAsync(Tenant, default);
        var zones = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.TeamId, t => t.TimeZone);
        var fresh = PulseResults.Build(Team, await db.PulseRuns.AsNoTracking().ToListAsync(), await db.PulseAnswers.AsNoTracking().ToListAsync(),
            t => TimeZoneInfo.FindSystemTimeZoneById(zones.GetValueOrDefault(t) ?? "Europe/Berlin"), clock.GetUtcNow(), new LexicalPatternGrouper());
        Assert.NotSame(kept, fresh);
        return Figures(fresh);
    }

    private static string Figures(PulseResults results) =>
        string.Join('\n', results.Weeks.Select(w => $"{w.Week} {w.State}")) + "\n" + string.Join('\n', results.Aggregates.Select(TeamsKiCoach.Tests.Pulse.PulseTenant.Figures));
}

public sealed class SqlitePulseResultsTests() : PulseResultsContract(StorageProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresPulseResultsTests() : PulseResultsContract(StorageProvider.Postgres);
