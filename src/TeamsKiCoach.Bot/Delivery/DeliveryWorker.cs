using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Prompts;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>
/// The scheduler: plans due prompts and the weekly nudges from the database and sends what the outbox holds, then sleeps until the
/// next message is due or someone asks for a run now. Everything it does survives a restart, because all of
/// it is in the database.
/// </summary>
public sealed class DeliveryWorker(
    PromptPlanner planner,
    NudgePlanner nudges,
    OutboxDispatcher dispatcher,
    DeliveryOptions options,
    TimeProvider clock,
    ILogger<DeliveryWorker> logger) : BackgroundService, IDeliveryTrigger
{
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Starts a round now instead of at the next poll (a lead sent today's prompt).</summary>
    public void RunSoon()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller woke it in the same instant; one round serves both.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.PollInterval;
            try
            {
                await planner.PlanDueAsync(stoppingToken);
                await nudges.PlanDueAsync(stoppingToken);
                while (await dispatcher.DispatchDueAsync(stoppingToken) > 0)
                {
                }

                if (await dispatcher.NextDueAsync(stoppingToken) is { } next)
                {
                    var untilNext = next - clock.GetUtcNow();
                    wait = untilNext < wait ? (untilNext > TimeSpan.Zero ? untilNext : TimeSpan.FromMilliseconds(50)) : wait;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "A delivery round failed; trying again in {Wait}", wait);
            }

            try
            {
                using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var woken = wake.WaitAsync(round.Token);
                await Task.WhenAny(woken, Task.Delay(wait, clock, round.Token));
                await round.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
