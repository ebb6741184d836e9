using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Delivery;

namespace TeamsKiCoach.Tests.Delivery;

public sealed class DeliveryThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    // Moves the fake clock exactly as far as the throttle asks to wait, so the recorded time is the send's slot.
    private static Task<DateTimeOffset> AcquireAtAsync(FakeTimeProvider clock, DeliveryThrottle throttle, string tenant, string conversation)
    {
        while (true)
        {
            var (reserved, wait) = throttle.TryReserve(tenant, conversation);
            if (wait > TimeSpan.Zero)
            {
                clock.Advance(wait);
            }

            if (reserved && !throttle.IsPaused(tenant))
            {
                return Task.FromResult(clock.GetUtcNow());
            }
        }
    }

    [Fact]
    public async Task SendsToATenantArePacedAtTheConfiguredRate()
    {
        var clock = new FakeTimeProvider(Start);
        var throttle = new DeliveryThrottle(new DeliveryOptions { RequestsPerSecond = 20 }, clock);

        var times = new List<DateTimeOffset>();
        for (var i = 0; i < 41; i++)
        {
            times.Add(await AcquireAtAsync(clock, throttle, "tenant-a", $"conversation-{i}"));
        }

        Assert.Equal(TimeSpan.FromSeconds(2), times[^1] - times[0]);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task TenantsArePacedIndependently()
    {
        var clock = new FakeTimeProvider(Start);
        var throttle = new DeliveryThrottle(new DeliveryOptions { RequestsPerSecond = 1 }, clock);

        await AcquireAtAsync(clock, throttle, "tenant-a", "c1");
        var other = await AcquireAtAsync(clock, throttle, "tenant-b", "c2");

        Assert.Equal(Start, other);
    }

    [Fact]
    public async Task OneConversationNeverGetsMoreThanTeamsAllowsInAnyWindow()
    {
        var clock = new FakeTimeProvider(Start);
        var throttle = new DeliveryThrottle(new DeliveryOptions { RequestsPerSecond = 45 }, clock);

        var times = new List<DateTimeOffset>();
        for (var i = 0; i < 130; i++)
        {
            times.Add(await AcquireAtAsync(clock, throttle, "tenant-a", "one-chat"));
        }

        foreach (var (limit, window) in DeliveryThrottle.ConversationWindows)
        {
            foreach (var t in times)
            {
                Assert.True(times.Count(x => x >= t && x < t + window) <= limit, $"more than {limit} sends within {window} from {t:O}");
            }
        }

        // 60 per 30 s is the binding window over this many sends: 130 sends need at least two full windows.
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task AfterRetryAfterNothingGoesToThatTenantUntilItHasPassed()
    {
        var clock = new FakeTimeProvider(Start);
        var throttle = new DeliveryThrottle(new DeliveryOptions { RequestsPerSecond = 45 }, clock);

        var resume = throttle.ReportRetry("tenant-a", TimeSpan.FromSeconds(7));
        var otherTenant = throttle.AcquireAsync("tenant-b", "c2", CancellationToken.None);
        var next = await AcquireAtAsync(clock, throttle, "tenant-a", "c1");

        Assert.Equal(Start.AddSeconds(7), resume);
        Assert.True(next >= resume);
        Assert.True(otherTenant.IsCompleted);
    }

    [Fact]
    public void WithoutRetryAfterTheHoldGrowsWithEachFailureAndStaysBounded()
    {
        var clock = new FakeTimeProvider(Start);
        var options = new DeliveryOptions { BackoffBase = TimeSpan.FromSeconds(1), BackoffMax = TimeSpan.FromSeconds(60) };
        var throttle = new DeliveryThrottle(options, clock);

        var holds = new List<TimeSpan>();
        for (var i = 0; i < 10; i++)
        {
            holds.Add(throttle.ReportRetry("tenant-a", null) - clock.GetUtcNow());
            clock.Advance(holds[^1]);
        }

        Assert.InRange(holds[0].TotalSeconds, 0.8, 1.2);
        Assert.InRange(holds[3].TotalSeconds, 6.4, 9.6);
        Assert.All(holds, h => Assert.True(h <= TimeSpan.FromSeconds(72)));

        throttle.ReportSuccess("tenant-a");
        Assert.InRange((throttle.ReportRetry("tenant-a", null) - clock.GetUtcNow()).TotalSeconds, 0.8, 1.2);
    }
}
