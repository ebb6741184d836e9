using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Tests.Support;
using Xunit.Abstractions;

namespace TeamsKiCoach.Tests.Delivery;

/// <summary>
/// Three host processes on one PostgreSQL database live through a month of daily prompts and weekly pulses on a clock that runs
/// 10,800 times faster than real time (a day in 8 s), against the simulated Bot Connector. Every host plans and
/// sends; the database decides who does what. All durations of the hosts are simulated time: a claim on a message
/// lasts a simulated day (8 s), since a send takes real milliseconds, and a prompt's three hours of lateness are one
/// real second.
/// </summary>
[Collection(nameof(EngineFaultTests))]
[Trait("Category", "Postgres")]
[Trait("Category", "Slow")]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const double Speed = 86_400 / 8.0;
    private static readonly string[] Zones = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Kolkata"];

    // March 2026: the United States move their clocks on the 8th, Europe on the 29th. The simulation starts on the
    // Saturday before, late enough that Friday's prompts are over everywhere (in New York too), which gives the
    // hosts a weekend (about 16 s) to come up.
    private static readonly DateTimeOffset SimulationStart = new(2026, 2, 28, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MonthEnd = new(2026, 4, 1, 4, 0, 0, TimeSpan.Zero);

    [ScaleOutFact]
    public async Task ThreeHostsOnOnePostgresSendEveryPromptAndPulseOfAMonthExactlyOnce()
    {
        await using var database = TestDatabase.CreatePostgres();
        var db = await database.OpenAsync();
        await using var connector = await ConnectorSimulator.StartAsync();
        var people = await SeedAsync(db, connector.ServiceUrl, tenants: 2, peoplePerTenant: 8);

        await EngineProcess.PrepareAsync();
        var realStart = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);
        var hosts = new List<EngineProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                hosts.Add(await EngineProcess.StartProgramAsync(
                [
                    "host", "--urls", "http://127.0.0.1:0",
                    "--clock-start", SimulationStart.ToString("O", CultureInfo.InvariantCulture),
                    "--clock-real-start-ms", realStart.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                    "--clock-speed", Speed.ToString(CultureInfo.InvariantCulture),
                    $"--ConnectionStrings:Coach={database.ConnectionString}",
                    "--Coach:Storage:Provider=Postgres",
                    "--Coach:AllowedTenants:0=*",
                    "--Coach:Delivery:PollInterval=00:20:00",
                    "--Coach:Delivery:ClaimLease=1.00:00:00",
                    "--Logging:LogLevel:Default=Warning",
                ]));
            }

            // The people answer each prompt soon after it arrives, as people do, so that nobody's prompts thin out.
            var answered = new HashSet<string>(StringComparer.Ordinal);
            var monday = realStart + (TimeSpan.FromDays(2) / Speed);
            var realEnd = realStart + ((MonthEnd - SimulationStart) / Speed);
            while (DateTimeOffset.UtcNow < realEnd)
            {
                await AnswerAsync(db, connector, answered);
                await Task.Delay(100);
                Assert.All(hosts, host => Assert.False(host.HasExited, $"a host ended: {host.Output}"));
                Assert.True(DateTimeOffset.UtcNow < monday || hosts.All(h => h.Printed("host up")), "the hosts were not up when the month began");
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }

        var deliveries = connector.DeliveriesByPrompt();
        await using var system = await db.ForSystemAsync(default);
        var prompts = await system.DailyPrompts.IgnoreQueryFilters().AsNoTracking().ToListAsync();
        var outbox = await system.Outbox.IgnoreQueryFilters().AsNoTracking().ToListAsync();
        output.WriteLine($"{people.Count} people, {prompts.Count} prompts planned, {deliveries.Count} delivered, {deliveries.Values.Sum() - deliveries.Count} twice, " +
            $"{connector.Stats().Requests} requests over {connector.Stats().Connections} connections");

        foreach (var missing in prompts.Where(p => !deliveries.ContainsKey(p.Id.ToString(CultureInfo.InvariantCulture))))
        {
            var message = outbox.FirstOrDefault(m => m.SubjectId == missing.Id);
            output.WriteLine($"not delivered: {missing.RecipientAadObjectId} {missing.LocalDate}: {message?.State} after {message?.Attempts} attempts, {message?.LastError}");
        }

        foreach (var person in people)
        {
            var expected = WorkDaysOfMarch();
            var got = prompts.Where(p => p.TenantId == person.TenantId && p.RecipientAadObjectId == person.AadObjectId).Select(p => p.LocalDate).Order().ToList();
            Assert.True(expected.SequenceEqual(got), $"{person.AadObjectId} in {person.Zone}: expected {expected.Count} work days, got {string.Join(", ", got)}");
        }

        Assert.All(prompts, p => Assert.Equal(1, deliveries.GetValueOrDefault(p.Id.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal(prompts.Count, deliveries.Count);
        Assert.Equal(prompts.Count, outbox.Count(m => m.Kind == OutboxKind.DailyPrompt));
        Assert.All(outbox, m => Assert.Equal(OutboxState.Sent, m.State));

        // The weekly pulse: one run per team and week (the Thursdays of March), each person's card sent once.
        var runs = await system.PulseRuns.IgnoreQueryFilters().AsNoTracking().ToListAsync();
        var pulses = connector.DeliveriesByPulse();
        output.WriteLine($"{runs.Count} pulse runs, {pulses.Count} pulse cards delivered, {pulses.Values.Sum() - pulses.Count} twice");
        foreach (var team in runs.GroupBy(r => r.TenantId))
        {
            Assert.Equal(["2026-W10", "2026-W11", "2026-W12", "2026-W13"], team.Select(r => r.Week).Order());
        }

        Assert.Equal(2 * 4, runs.Count);
        Assert.Equal(people.Count * 4, pulses.Count);
        Assert.All(pulses.Values, count => Assert.Equal(1, count));
        Assert.Equal(people.Count * 4, outbox.Count(m => m.Kind == OutboxKind.Pulse));
    }

    private static List<DateOnly> WorkDaysOfMarch() =>
        Enumerable.Range(2, 30)
            .Select(day => new DateOnly(2026, 3, day))
            .Where(d => d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
            .ToList();

    private sealed record SeededPerson(string TenantId, string AadObjectId, string Zone);

    private static async Task<List<SeededPerson>> SeedAsync(CoachDbFactory db, Uri serviceUrl, int tenants, int peoplePerTenant)
    {
        var now = DateTimeOffset.UtcNow;
        var people = new List<SeededPerson>();
        for (var t = 0; t < tenants; t++)
        {
            var tenant = $"tenant-scale-{t}";
            var teamId = $"19:team-{t}@thread.tacv2";
            await using var context = await db.ForTenantAsync(tenant, default);
            context.Teams.Add(new TeamRecord { TenantId = tenant, TeamId = teamId, Name = "Werkstatt", InstalledAt = now });
            for (var p = 0; p < peoplePerTenant; p++)
            {
                var person = new SeededPerson(tenant, $"aad-{t}-{p}", Zones[p % Zones.Length]);
                people.Add(person);
                context.TeamMembers.Add(new TeamMember
                {
                    TenantId = tenant, TeamId = teamId, AadObjectId = person.AadObjectId, TeamsUserId = "29:" + person.AadObjectId, JoinedAt = now, LastSeenAt = now,
                });
                context.Conversations.Add(new ConversationRecord
                {
                    TenantId = tenant,
                    ConversationId = "a:" + person.AadObjectId,
                    Scope = ConversationScope.Personal,
                    ServiceUrl = serviceUrl.AbsoluteUri,
                    ChannelId = "msteams",
                    BotId = EngineSeed.BotId,
                    UserAadObjectId = person.AadObjectId,
                    TeamsUserId = "29:" + person.AadObjectId,
                    Locale = "de-DE",
                    TimeZone = person.Zone,
                    FirstSeenAt = now,
                    LastSeenAt = now,
                });
            }

            await context.SaveChangesAsync();
        }

        return people;
    }

    private static async Task AnswerAsync(CoachDbFactory db, ConnectorSimulator connector, HashSet<string> answered)
    {
        var fresh = connector.Calls
            .Where(c => c.Kind == SimulatedCallKind.SendActivity && c.Status < 300 && c.PromptId is not null && !answered.Contains(c.PromptId))
            .GroupBy(c => c.TenantId);
        foreach (var tenant in fresh)
        {
            var ids = tenant.Select(c => long.Parse(c.PromptId!, CultureInfo.InvariantCulture)).ToList();
            await using var context = await db.ForTenantAsync(tenant.Key, default);
            await context.DailyPrompts.Where(p => ids.Contains(p.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Answer, PromptAnswer.NothingToday));
            answered.UnionWith(tenant.Select(c => c.PromptId!));
        }
    }
}

/// <summary>
/// A test that needs the machine to itself: its hosts live a day in 8 real seconds, so a prompt's three hours are
/// one real second, which builds and other tests beside it would eat. tests/run-all.sh runs it on its own after
/// the other tests, with <c>COACH_TEST_SCALE_OUT=1</c>; without that it is reported as skipped.
/// </summary>
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public const string Variable = "COACH_TEST_SCALE_OUT";

    public ScaleOutFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"runs alone: tests/run-all.sh runs it after the other tests with {Variable}=1";
        }
    }
}
