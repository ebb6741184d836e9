using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TeamsKiCoach.Bot.Hosting;

namespace TeamsKiCoach.Benchmarks;

/// <summary>
/// The real host (the same composition as the bot's Program) on a clock that runs faster than real time, so that a
/// test can let several hosts on one database live through weeks of prompt runs in minutes.
/// </summary>
internal static class HostProcess
{
    public static async Task<int> RunAsync(Arguments arguments, string[] configuration)
    {
        var clock = new AcceleratedClock(
            DateTimeOffset.Parse(arguments.Required("clock-start"), CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeMilliseconds((long)arguments.Number("clock-real-start-ms", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())),
            arguments.Number("clock-speed", 1));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = configuration, EnvironmentName = "Development" });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.WebHost.UseUrls(arguments.Required("urls"));
        builder.AddCoaching();
        var app = builder.Build();
        await app.MapCoachingAsync();
        Console.WriteLine($"host up (pid {Environment.ProcessId})");
        await app.RunAsync();
        return 0;
    }
}

/// <summary>
/// Simulated time that starts at <paramref name="simulatedStart"/> at the real moment <paramref name="realStart"/>
/// and then runs <paramref name="speed"/> times faster; timers and delays run faster by the same factor. Processes
/// given the same three values share one simulated time.
/// </summary>
internal sealed class AcceleratedClock(DateTimeOffset simulatedStart, DateTimeOffset realStart, double speed) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => simulatedStart + ((DateTimeOffset.UtcNow - realStart) * speed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan simulated) =>
        simulated == Timeout.InfiniteTimeSpan || simulated <= TimeSpan.Zero ? simulated : simulated / speed;
}
