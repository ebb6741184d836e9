using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using TeamsKiCoach.Bot.Hosting;

namespace TeamsKiCoach.Tests.Host;

public sealed class DevelopmentClockTests
{
    private static IConfiguration Config(string? start) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DevelopmentClock.Key] = start }).Build();

    [Fact]
    public void InDevelopmentTheClockStartsAtTheGivenInstantAndRunsOn()
    {
        var clock = DevelopmentClock.From(Config("2026-11-25T09:00:00Z"), new HostingEnvironment { EnvironmentName = "Development" })!;

        var now = clock.GetUtcNow();

        Assert.InRange(now, new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 9, 1, 0, TimeSpan.Zero));
    }

    [Fact]
    public void OutsideDevelopmentTheSettingStopsTheStartAndWithoutItTheRealClockRuns()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DevelopmentClock.From(Config("2026-11-25T09:00:00Z"), new HostingEnvironment { EnvironmentName = "Production" }));

        Assert.Contains("Coach:Development:ClockStart is for the Development environment only", error.Message);
        Assert.Null(DevelopmentClock.From(Config(null), new HostingEnvironment { EnvironmentName = "Production" }));
    }
}
