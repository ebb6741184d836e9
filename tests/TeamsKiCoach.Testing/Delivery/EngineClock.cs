using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace TeamsKiCoach.Tests.Delivery;

/// <summary>
/// A clock for the delivery engine that only the test moves: it follows the real one in steps of at most a few
/// milliseconds, and falls behind it when the machine is busy, never ahead. The engine reads, waits and paces on
/// it alone, so what a test counts on it is what the engine decided, however late the machine let a request
/// reach the connector. A due timer's work goes to the thread pool, as the system clock's does: run on the
/// stepping thread, the engine's synchronous database work would hold the clock still.
/// </summary>
public sealed class EngineClock : IAsyncDisposable
{
    private static readonly TimeSpan LongestStep = TimeSpan.FromMilliseconds(5);

    private readonly CancellationTokenSource stop = new();
    private readonly Task stepping;

    private readonly FakeTimeProvider fake = new(DateTimeOffset.UtcNow);

    public EngineClock()
    {
        Time = new Pooled(fake);
        stepping = Task.Run(() => StepAsync(stop.Token));
    }

    public TimeProvider Time { get; }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var last = Stopwatch.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            var step = Stopwatch.GetElapsedTime(last, now);
            last = now;
            fake.Advance(step < LongestStep ? step : LongestStep);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await stepping;
        stop.Dispose();
    }

    private sealed class Pooled(FakeTimeProvider fake) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

        public override long GetTimestamp() => fake.GetTimestamp();

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            fake.CreateTimer(s => ThreadPool.QueueUserWorkItem(s2 => callback(s2), s), state, dueTime, period);
    }
}
