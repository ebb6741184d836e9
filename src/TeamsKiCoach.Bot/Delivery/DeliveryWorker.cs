using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Storage.Delivery;
using TeamsKiCoach.Storage.Nudges;
using TeamsKiCoach.Storage.Privacy;
using TeamsKiCoach.Storage.Prompts;
using TeamsKiCoach.Storage.Pulse;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>
/// The scheduler: plans due prompts and the weekly nudges from the database and sends what the outbox holds, then sleeps until the
/// next message is due or someone asks for a run now. Everything it does survives a restart, because all of
/// it is in the database. Once a day it also runs the retention, after the sends, so that it never delays one.
/// </summary>
public sealed class DeliveryWorker(
    PromptPlanner planner,
    PulseService pulses,
    NudgePlanner nudges,
    OutboxDispatcher dispatcher,
    Retention retention,
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
                await pulses.PlanDueAsync(stoppingToken);
                await nudges.PlanDueAsync(stoppingToken);
                while (await dispatcher.DispatchDueAsync(stoppingToken) > 0)
                {
                }

                await RunRetentionAsync(stoppingToken);
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

    private async Task RunRetentionAsync(CancellationToken stoppingToken)
    {
        foreach (var outcome in await retention.RunDueAsync(stoppingToken))
        {
            if (outcome.Error is { } error)
            {
                logger.LogError(error, "The retention run of tenant {TenantId} failed; trying again in {Wait}", outcome.TenantId, Retention.RetryAfterFailure);
            }
            else if (outcome.Result is { } result)
            {
                logger.LogInformation("Retention run of tenant {TenantId}: {Deleted} rows deleted, {Keys} pulse answer keys forgotten",
                    result.TenantId, result.Total, result.KeysForgotten);
            }
        }
    }
}
