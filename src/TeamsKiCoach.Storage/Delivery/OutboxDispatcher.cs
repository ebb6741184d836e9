using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Storage.People;

namespace TeamsKiCoach.Storage.Delivery;

/// <summary>
/// Sends what the outbox holds. A message stays pending until its send is finished (sent, unreachable, failed,
/// expired), so after a crash or restart the next run picks up exactly what was not finished: nobody is missed,
/// and at most the sends that were in flight go out twice. Several hosts may dispatch from one database: each
/// message is claimed by one of them before it is sent (<see cref="DeliveryOptions.ClaimLease"/>).
/// </summary>
public sealed class OutboxDispatcher(
    CoachDbFactory dbFactory,
    IOutboxSender sender,
    DeliveryThrottle throttle,
    PersonPreferences preferences,
    DeliveryOptions options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>Sends every message that is due now (one batch); returns how many it handled.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var due = Interleaved(await DueAsync(cancellationToken));
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelSends, CancellationToken = cancellationToken },
            async (message, ct) => await SendOneAsync(message, ct));
        return due.Count;
    }

    /// <summary>The earliest moment a pending message becomes due, or null when nothing is pending.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForSystemAsync(cancellationToken);
        return await db.Outbox.IgnoreQueryFilters()
            .Where(m => m.State == OutboxState.Pending)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => (DateTimeOffset?)m.NextAttemptAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    // Each tenant has its own pace and its own holds: taking the tenants in turn keeps every worker busy with a
    // tenant that may send, instead of all of them queueing behind one.
    private static List<OutboxMessage> Interleaved(List<OutboxMessage> due) =>
        due.GroupBy(m => m.TenantId)
            .SelectMany(tenant => tenant.Select((message, turn) => (message, turn)))
            .OrderBy(x => x.turn)
            .Select(x => x.message)
            .ToList();

    // Scheduling is the one place that looks across tenants; each message is then handled within its own tenant.
    // A batch holds an equal share of every tenant with due messages: a tenant whose prompts were planned first
    // does not fill the batch while the others, each with a pace of its own, wait for the next one.
    // After a 429 or server error a tenant's waiting messages are due again around the end of its hold, each a
    // little apart (the hold grew with every failure, deferred sends wait for a paced slot). When a tenant has a
    // message due, its messages due within a short wait come along, and the one tried least goes first: it finds
    // out whether Teams takes requests again. So the tries an outage costs are shared among the tenant's messages
    // instead of using up one message's and marking it failed. The throttle keeps holds and windows whenever a
    // message is taken.
    private async Task<List<OutboxMessage>> DueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var soon = now + DeliveryThrottle.ShortWait;
        await using var db = await dbFactory.ForSystemAsync(cancellationToken);
        var pending = db.Outbox.IgnoreQueryFilters().AsNoTracking().Where(m => m.State == OutboxState.Pending);
        var tenants = await pending.Where(m => m.NextAttemptAt <= now).Select(m => m.TenantId).Distinct().ToListAsync(cancellationToken);
        var share = Math.Max(1, options.BatchSize / Math.Max(1, tenants.Count));
        var batch = new List<OutboxMessage>();
        foreach (var tenantId in tenants)
        {
            batch.AddRange(await pending.Where(m => m.TenantId == tenantId && m.NextAttemptAt <= soon)
                .OrderBy(m => m.Attempts).ThenBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
                .Take(share)
                .ToListAsync(cancellationToken));
        }

        return batch;
    }

    private async Task SendOneAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() >= message.ExpiresAt)
        {
            await FinishAsync(message, OutboxState.Expired, "not sent before it expired", null, cancellationToken);
            return;
        }

        if (!await ClaimAsync(message, cancellationToken))
        {
            return;
        }

        var refusedFor = (string?)null;
        async Task<bool> Gate(string conversationKey, CancellationToken ct)
        {
            if (await throttle.AcquireAsync(message.TenantId, conversationKey, ct))
            {
                return true;
            }

            refusedFor = conversationKey;
            return false;
        }

        SendOutcome outcome;
        try
        {
            using var requests = new RequestGate(throttle, message.TenantId, clock).Enter();
            outcome = await sender.SendAsync(message, Gate, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Send of outbox message {MessageId} failed unexpectedly", message.Id);
            outcome = new SendOutcome.Retry(null, null, ex.GetType().Name);
        }

        switch (outcome)
        {
            case SendOutcome.SentOutcome sent:
                throttle.ReportSuccess(message.TenantId);
                await FinishAsync(message, OutboxState.Sent, null, sent.ConversationId, cancellationToken);
                break;
            case SendOutcome.Skipped skipped:
                await FinishAsync(message, OutboxState.Expired, skipped.Reason, null, cancellationToken);
                break;
            case SendOutcome.Unreachable unreachable:
                await FinishAsync(message, OutboxState.Unreachable, unreachable.Reason, null, cancellationToken);
                if (message.RecipientAadObjectId is { } person)
                {
                    await preferences.MarkUnreachableAsync(message.TenantId, person, unreachable.Reason, cancellationToken);
                }

                break;
            case SendOutcome.Failed failed:
                await FinishAsync(message, OutboxState.Failed, failed.Reason, null, cancellationToken);
                break;
            case SendOutcome.Retry retry:
                await RetryLaterAsync(message, retry, cancellationToken);
                break;
            case SendOutcome.Deferred:
                await DeferAsync(message, throttle.RetryAt(message.TenantId, refusedFor ?? message.ConversationKey));
                break;
        }
    }

    // Several hosts may read the same due message. Moving it out of the due list, on the condition that nobody
    // moved it since it was read, succeeds for exactly one of them; that one sends it.
    private async Task<bool> ClaimAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var leaseEnds = clock.GetUtcNow() + options.ClaimLease;
        await using var db = await dbFactory.ForTenantAsync(message.TenantId, cancellationToken);
        var claimed = await db.Outbox
            .Where(m => m.Id == message.Id && m.State == OutboxState.Pending && m.NextAttemptAt == message.NextAttemptAt)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, leaseEnds), cancellationToken);
        return claimed == 1;
    }

    private async Task RetryLaterAsync(OutboxMessage message, SendOutcome.Retry retry, CancellationToken cancellationToken)
    {
        var resumeAt = throttle.ReportRetry(message.TenantId, retry.RetryAfter);
        var reason = retry.StatusCode is { } status ? $"HTTP {status}: {retry.Reason}" : retry.Reason;
        if (message.Attempts + 1 >= options.MaxAttempts)
        {
            logger.LogWarning("Outbox message {MessageId} failed after {Attempts} attempts: {Reason}", message.Id, message.Attempts + 1, reason);
            await FinishAsync(message, OutboxState.Failed, $"{options.MaxAttempts} attempts, last: {reason}", null, cancellationToken);
            return;
        }

        await using var db = await dbFactory.ForTenantAsync(message.TenantId, cancellationToken);
        await db.Outbox
            .Where(m => m.Id == message.Id && m.State == OutboxState.Pending)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.NextAttemptAt, resumeAt)
                    .SetProperty(m => m.LastError, reason),
                CancellationToken.None);
    }

    // Held back before anything left: the message keeps its attempts and waits for its tenant or chat.
    private async Task DeferAsync(OutboxMessage message, DateTimeOffset retryAt)
    {
        await using var db = await dbFactory.ForTenantAsync(message.TenantId, CancellationToken.None);
        await db.Outbox
            .Where(m => m.Id == message.Id && m.State == OutboxState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, retryAt), CancellationToken.None);
    }

    // Finishing is not cancelled: a send that went out is recorded even while the engine shuts down.
    private async Task FinishAsync(OutboxMessage message, OutboxState state, string? reason, string? conversationId, CancellationToken _)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.ForTenantAsync(message.TenantId, CancellationToken.None);
        await db.Outbox
            .Where(m => m.Id == message.Id && m.State == OutboxState.Pending)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.State, state)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.FinishedAt, now)
                    .SetProperty(m => m.LastError, reason)
                    .SetProperty(m => m.ConversationId, m => conversationId ?? m.ConversationId),
                CancellationToken.None);
    }
}
