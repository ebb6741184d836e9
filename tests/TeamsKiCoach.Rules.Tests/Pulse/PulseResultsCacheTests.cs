using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Storage.Pulse;

namespace TeamsKiCoach.Tests.Pulse;

public sealed class PulseResultsCacheTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");

    // Wednesday 2026-W48, noon UTC.
    private static readonly DateTimeOffset Now = PulseTenant.Midweek(48);

    [Fact]
    public void KeptResultsAreFoundOnlyUnderTheirStampTenantAndTeam()
    {
        var cache = new PulseResultsCache();
        var results = Results();
        cache.Keep("tenant-a", "team-1", Stamp(5), Now, [Berlin], [], results);

        Assert.Same(results, cache.Find("tenant-a", "team-1", Stamp(5), Now.AddHours(1)));
        Assert.Null(cache.Find("tenant-b", "team-1", Stamp(5), Now));
        Assert.Null(cache.Find("tenant-a", "team-2", Stamp(5), Now));
        Assert.Null(cache.Find("tenant-a", "team-1", Stamp(6), Now));
        Assert.Null(cache.Find("tenant-a", "team-1", Stamp(5) with { ReliefSum = 1 }, Now));
    }

    [Fact]
    public void KeptResultsLastUntilTheFirstWeekOrRunClosesAndNotBeforeTheyWereBuilt()
    {
        var cache = new PulseResultsCache();
        var runCloses = new[] { Now.AddDays(-7), Now.AddHours(30) };
        cache.Keep("tenant-a", "team-1", Stamp(5), Now, [Berlin], runCloses, Results());

        Assert.NotNull(cache.Find("tenant-a", "team-1", Stamp(5), Now.AddHours(29)));
        Assert.Null(cache.Find("tenant-a", "team-1", Stamp(5), Now.AddHours(30)));
        Assert.Null(cache.Find("tenant-a", "team-1", Stamp(5), Now.AddMinutes(-1)));
    }

    [Fact]
    public void TheEarliestWeekEndOfAnyZoneInUseAndOfTheWesternmostOffsetBoundsTheKeptResults()
    {
        // Berlin's week ends Sunday 23:00 UTC, Auckland's Sunday 11:00 UTC, the westernmost Monday 12:00 UTC.
        Assert.Equal(new PulseWeek(new IsoWeek(2026, 48), Berlin).ClosesAt, PulseResultsCache.ValidUntil(Now, [], [Berlin]));
        Assert.Equal(new PulseWeek(new IsoWeek(2026, 48), Auckland).ClosesAt, PulseResultsCache.ValidUntil(Now, [], [Berlin, Auckland]));
        var utc = TimeZoneInfo.Utc;
        var mondayNoon = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(mondayNoon, PulseResultsCache.ValidUntil(mondayNoon.AddHours(-6), [], [utc]));
    }

    [Fact]
    public void NoMoreTeamsThanAllowedAreKeptAndTheOneUsedLongestAgoGoesFirst()
    {
        var cache = new PulseResultsCache(maxTeams: 3);
        for (var team = 0; team < 3; team++)
        {
            cache.Keep("tenant-a", $"team-{team}", Stamp(1), Now, [Berlin], [], Results());
        }

        Assert.NotNull(cache.Find("tenant-a", "team-0", Stamp(1), Now));
        for (var team = 3; team < 50; team++)
        {
            cache.Keep($"tenant-{team}", "team", Stamp(1), Now, [Berlin], [], Results());
            Assert.True(cache.Count <= 3);
        }

        Assert.Equal(3, cache.Count);
        Assert.NotNull(cache.Find("tenant-49", "team", Stamp(1), Now));
        Assert.Null(cache.Find("tenant-a", "team-0", Stamp(1), Now));
    }

    private static PulseStamp Stamp(int answers) => new(1, 1, 1, 5, answers, answers, answers, 0, 0, 0, "team-1=Europe/Berlin");

    private static PulseResults Results() => new PulseTenant().Week("team-1", PulseTenant.Week(47), 5).Results("team-1", Now);
}
