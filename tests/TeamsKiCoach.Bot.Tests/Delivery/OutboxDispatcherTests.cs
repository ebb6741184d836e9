using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Delivery;
using TeamsKiCoach.Storage.People;

namespace TeamsKiCoach.Tests.Delivery;

public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private const string Tenant = "tenant-contoso";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 14, 30, 0, TimeSpan.Zero));
    private TestDatabase database = null!;
    private CoachDbFactory db = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabase.CreateSqlite();
        db = await database.OpenAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private OutboxDispatcher Dispatcher(IOutboxSender sender, int maxAttempts = 12, int batchSize = 2000) =>
        new(db, sender, new DeliveryThrottle(new DeliveryOptions { RequestsPerSecond = 45 }, clock), new PersonPreferences(db, clock),
            new DeliveryOptions { MaxAttempts = maxAttempts, MaxParallelSends = 8, BatchSize = batchSize }, clock, NullLogger<OutboxDispatcher>.Instance);

    private async Task PlanAsync(int count, TimeSpan? expiresIn = null, string tenant = Tenant)
    {
        await using var context = await db.ForTenantAsync(tenant, default);
        for (var i = 0; i < count; i++)
        {
            context.Outbox.Add(new OutboxMessage
            {
                TenantId = tenant,
                RunKey = "prompt:2026-11-25",
                RecipientKey = $"person-{i}",
                RecipientAadObjectId = $"person-{i}",
                ConversationId = $"a:person-{i}",
                CreatedAt = clock.GetUtcNow(),
                NextAttemptAt = clock.GetUtcNow(),
                ExpiresAt = clock.GetUtcNow() + (expiresIn ?? TimeSpan.FromHours(3)),
            });
        }

        await context.SaveChangesAsync();
    }

    private async Task<List<OutboxMessage>> OutboxAsync()
    {
        await using var context = await db.ForTenantAsync(Tenant, default);
        return await context.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    // Runs the dispatcher while moving the fake clock, so that paced sends and holds pass in fake time.
    private async Task<int> DriveAsync(Func<Task<int>> run)
    {
        var task = Task.Run(run);
        for (var guard = 0; !task.IsCompleted && guard < 100_000; guard++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(25));
            await Task.Delay(1);
        }

        return await task;
    }

    [Fact]
    public async Task EveryPendingMessageIsSentOnceAndFinished()
    {
        await PlanAsync(50);
        var sender = new ScriptedSender();

        await DriveAsync(() => Dispatcher(sender).DispatchDueAsync(default));

        Assert.Equal(50, sender.Calls.Count);
        Assert.Equal(50, sender.Calls.Distinct().Count());
        Assert.All(await OutboxAsync(), m => Assert.Equal(OutboxState.Sent, m.State));
        Assert.Equal(0, await Dispatcher(sender).DispatchDueAsync(default));
    }

    [Fact]
    public async Task AThrottledMessageWaitsForRetryAfterAndIsSentLater()
    {
        await PlanAsync(1);
        var sender = new ScriptedSender(new SendOutcome.Retry(429, TimeSpan.FromSeconds(30), "Too Many Requests"));
        var dispatcher = Dispatcher(sender);

        await DriveAsync(() => dispatcher.DispatchDueAsync(default));
        var waiting = Assert.Single(await OutboxAsync());
        Assert.Equal(OutboxState.Pending, waiting.State);
        Assert.Equal(1, waiting.Attempts);
        Assert.Contains("429", waiting.LastError);
        Assert.Equal(0, await dispatcher.DispatchDueAsync(default));

        clock.Advance(TimeSpan.FromSeconds(30));
        await DriveAsync(() => dispatcher.DispatchDueAsync(default));

        Assert.Equal(OutboxState.Sent, Assert.Single(await OutboxAsync()).State);
        Assert.Equal(2, sender.Calls.Count);
    }

    [Fact]
    public async Task AfterTheLastAttemptAMessageIsMarkedFailedWithAVisibleReason()
    {
        await PlanAsync(1);
        var sender = new ScriptedSender(Enumerable.Repeat<SendOutcome>(new SendOutcome.Retry(503, null, "Service Unavailable"), 10).ToArray());
        var dispatcher = Dispatcher(sender, maxAttempts: 3);

        for (var i = 0; i < 5; i++)
        {
            await DriveAsync(() => dispatcher.DispatchDueAsync(default));
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        var failed = Assert.Single(await OutboxAsync());
        Assert.Equal(OutboxState.Failed, failed.State);
        Assert.Equal(3, sender.Calls.Count);
        Assert.Contains("HTTP 503", failed.LastError);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task ABlockedOrDeletedChatMarksThePersonUnreachableWithoutRetry(int status)
    {
        await PlanAsync(1);
        var sender = new ScriptedSender(new SendOutcome.Unreachable(status, $"HTTP {status}"));

        await DriveAsync(() => Dispatcher(sender).DispatchDueAsync(default));

        Assert.Equal(OutboxState.Unreachable, Assert.Single(await OutboxAsync()).State);
        Assert.Single(sender.Calls);
        Assert.NotNull((await new PersonPreferences(db, clock).FindAsync(Tenant, "person-0", default))!.UnreachableSince);
    }

    [Fact]
    public async Task AMessageNotSentBeforeItExpiresIsNotSentAtAll()
    {
        await PlanAsync(1, expiresIn: TimeSpan.FromMinutes(1));
        clock.Advance(TimeSpan.FromMinutes(2));
        var sender = new ScriptedSender();

        await DriveAsync(() => Dispatcher(sender).DispatchDueAsync(default));

        Assert.Empty(sender.Calls);
        Assert.Equal(OutboxState.Expired, Assert.Single(await OutboxAsync()).State);
    }

    [Fact]
    public async Task AfterACrashMidRunTheNextRunSendsTheRestAndRepeatsAtMostTheSendInFlight()
    {
        await PlanAsync(200);
        using var crash = new CancellationTokenSource();
        var sender = new ScriptedSender { CrashAfter = 37, Crash = crash };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DriveAsync(() => Dispatcher(sender).DispatchDueAsync(crash.Token)));
        var afterCrash = sender.Calls.Count;

        // What the dead run had claimed stays out of the due list until its claim runs out.
        Assert.InRange(await DriveAsync(() => Dispatcher(sender).DispatchDueAsync(default)), 1, 199);
        Assert.Contains(await OutboxAsync(), m => m.State == OutboxState.Pending);
        clock.Advance(new DeliveryOptions().ClaimLease);
        await DriveAsync(() => Dispatcher(sender).DispatchDueAsync(default));

        Assert.Equal(200, sender.Calls.Distinct().Count());
        Assert.All(await OutboxAsync(), m => Assert.Equal(OutboxState.Sent, m.State));
        Assert.InRange(sender.Calls.Count - 200, 1, 8);
        Assert.True(afterCrash >= 37);
    }

    [Fact]
    public async Task ABatchTakesEveryTenantWithDueMessagesInEqualShares()
    {
        await PlanAsync(300);
        await PlanAsync(300, tenant: "tenant-planned-later");
        var sender = new ScriptedSender();

        await DriveAsync(() => Dispatcher(sender, batchSize: 100).DispatchDueAsync(default));

        Assert.Equal(100, sender.Tenants.Count);
        Assert.Equal(50, sender.Tenants.Count(t => t == Tenant));
    }

    [Fact]
    public async Task TwoHostsDispatchingTheSameOutboxSendEachMessageOnce()
    {
        await PlanAsync(300);
        var sender = new ScriptedSender();

        // Both read the same due messages; the claim decides which one sends each.
        var read = await Task.WhenAll(
            DriveAsync(() => Dispatcher(sender).DispatchDueAsync(default)),
            DriveAsync(() => Dispatcher(sender).DispatchDueAsync(default)));

        Assert.True(read.Min() > 0, "one host found nothing due, so the two did not overlap");
        Assert.Equal(300, sender.Calls.Count);
        Assert.Equal(300, sender.Calls.Distinct().Count());
        Assert.All(await OutboxAsync(), m => Assert.Equal(OutboxState.Sent, m.State));
    }

    private sealed class ScriptedSender(params SendOutcome[] script) : IOutboxSender
    {
        private readonly ConcurrentQueue<SendOutcome> outcomes = new(script);
        private int calls;

        public ConcurrentQueue<string> Calls { get; } = new();
        public ConcurrentQueue<string> Tenants { get; } = new();
        public int CrashAfter { get; init; } = int.MaxValue;
        public CancellationTokenSource? Crash { get; init; }

        public async Task<SendOutcome> SendAsync(OutboxMessage message, SendGate gate, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await gate(message.ConversationKey, cancellationToken))
            {
                return new SendOutcome.Deferred();
            }

            Calls.Enqueue(message.RecipientKey);
            Tenants.Enqueue(message.TenantId);
            if (Interlocked.Increment(ref calls) == CrashAfter)
            {
                // The message reached Teams, then the process died before it could record that.
                Crash!.Cancel();
                throw new OperationCanceledException(Crash.Token);
            }

            return outcomes.TryDequeue(out var outcome) ? outcome : SendOutcome.Sent;
        }
    }
}
