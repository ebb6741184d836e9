using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Storage.Backlog;

namespace TeamsKiCoach.Tests.Backlog;

public sealed class TeamBacklogCacheTests
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AKeptBacklogIsFoundOnlyUnderTheStampItWasReadWith()
    {
        var cache = new TeamBacklogCache();
        var backlog = Backlog(3);
        cache.Keep("tenant-a", "team-1", Stamp(3), backlog);

        Assert.Same(backlog, cache.Find("tenant-a", "team-1", Stamp(3)));
        Assert.Null(cache.Find("tenant-b", "team-1", Stamp(3)));
        Assert.Null(cache.Find("tenant-a", "team-1", Stamp(3) with { LastEdit = Monday }));

        // Under a stamp that moved on it is found only as the last one kept, to read what was added since.
        Assert.Same(backlog, cache.Last("tenant-a", "team-1")!.Value.Backlog);
        cache.Keep("tenant-a", "team-1", Stamp(4), Backlog(4));
        Assert.Null(cache.Find("tenant-a", "team-1", Stamp(3)));
        Assert.Equal(1, cache.Count);
        Assert.Equal(4, cache.EntryCount);
    }

    [Fact]
    public void TheBacklogUsedLongestAgoMakesRoomWhenTheEntriesWouldPassTheBudget()
    {
        var cache = new TeamBacklogCache(maxEntries: 10, maxTeams: 100);
        cache.Keep("tenant-a", "team-1", Stamp(4), Backlog(4));
        cache.Keep("tenant-a", "team-2", Stamp(4), Backlog(4));
        Assert.NotNull(cache.Find("tenant-a", "team-1", Stamp(4)));

        cache.Keep("tenant-b", "team-3", Stamp(4), Backlog(4));

        Assert.Equal(2, cache.Count);
        Assert.Equal(8, cache.EntryCount);
        Assert.NotNull(cache.Find("tenant-a", "team-1", Stamp(4)));
        Assert.Null(cache.Find("tenant-a", "team-2", Stamp(4)));
        Assert.NotNull(cache.Find("tenant-b", "team-3", Stamp(4)));
    }

    [Fact]
    public void NoMoreTeamsThanAllowedAreKeptAndNoBacklogLargerThanTheBudget()
    {
        var cache = new TeamBacklogCache(maxEntries: 1_000, maxTeams: 3);
        for (var team = 0; team < 50; team++)
        {
            cache.Keep($"tenant-{team}", "team", Stamp(1), Backlog(1));
        }

        Assert.Equal(3, cache.Count);
        Assert.NotNull(cache.Find("tenant-49", "team", Stamp(1)));
        Assert.Null(cache.Find("tenant-0", "team", Stamp(1)));

        cache.Keep("tenant-big", "team", Stamp(1_001), Backlog(1_001));
        Assert.Null(cache.Find("tenant-big", "team", Stamp(1_001)));
        Assert.True(cache.EntryCount <= 1_000);
    }

    private static BacklogStamp Stamp(int entries) =>
        new(entries, entries, 0, 0, entries, entries, entries * 10, 0, null, entries, 0, 0, entries * 10, Monday);

    private static TeamBacklog Backlog(int entries) =>
        TeamBacklog.Group(
            Enumerable.Range(1, entries).Select(i => new BacklogEntry
            {
                Id = i, TenantId = "tenant-a", TeamId = "team-1", Number = i, Text = $"Drucker {i} streikt", CreatedAt = Monday.AddMinutes(i),
            }).ToList(),
            new LexicalPatternGrouper());
}
