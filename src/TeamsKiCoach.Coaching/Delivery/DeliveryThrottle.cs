namespace TeamsKiCoach.Coaching.Delivery;

/// <summary>
/// Keeps proactive sends within what Teams allows: one paced rate per tenant (this app's share of Teams'
/// per-app-per-tenant limit) and the per-conversation windows Teams documents. After a 429 or a server error
/// it holds every send to that tenant until Retry-After has passed (or an exponential backoff with jitter).
/// One instance serves the whole process.
/// </summary>
public sealed class DeliveryThrottle(DeliveryOptions options, TimeProvider clock)
{
    /// <summary>Teams' per-conversation limits for a bot: sends per window.</summary>
    public static readonly IReadOnlyList<(int Sends, TimeSpan Window)> ConversationWindows =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    private static readonly TimeSpan LongestWindow = TimeSpan.FromHours(1);

    // A send leaves a little after its slot and reaches Teams a little later still; windows are kept with this
    // much room, so that a chat never looks fuller to Teams than it was counted here.
    public static readonly TimeSpan WindowMargin = TimeSpan.FromMilliseconds(500);

    // Waiting for a paced slot is short; anything longer (a hold, a full window) frees the worker instead.
    internal static readonly TimeSpan ShortWait = TimeSpan.FromSeconds(1);

    private readonly object gate = new();
    private readonly Dictionary<string, TenantState> tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> conversations = new(StringComparer.Ordinal);

    // When requests to each chat really left (see TryStart), as against the slots booked for them.
    private readonly Dictionary<string, Queue<DateTimeOffset>> started = new(StringComparer.Ordinal);
    private readonly TimeSpan interval = TimeSpan.FromSeconds(1 / options.RequestsPerSecond);
    private readonly int departuresPerSecond = Math.Max(1, (int)Math.Floor(options.RequestsPerSecond));
    private int acquiredSinceCleanup;

    /// <summary>
    /// Told, within the step, of each request the throttle lets leave: its tenant, its chat and the throttle's time
    /// of that step. Tests judge the engine by these decisions, whatever a busy machine does to the request after.
    /// </summary>
    internal Action<string, string, DateTimeOffset>? LetGo { get; set; }

    /// <summary>
    /// Waits for the next paced slot of the tenant and counts the send. Does not wait out a hold or a full
    /// conversation window: it returns false, so the caller can give its worker to another tenant and try the
    /// message again at <see cref="RetryAt"/>.
    /// </summary>
    public async Task<bool> AcquireAsync(string tenantId, string conversationKey, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (reserved, wait) = TryReserve(tenantId, conversationKey);
            if (!reserved && wait > ShortWait)
            {
                return false;
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken);
            }

            if (reserved)
            {
                // A 429 that came back while this send waited for its slot holds it too.
                return !IsPaused(tenantId);
            }
        }
    }

    /// <summary>
    /// Lets a request leave, in one step with respect to holds: <paramref name="start"/> (the synchronous start of
    /// the request) runs only if the tenant is not held, the tenant's rate counted on the times its requests really
    /// left has room, and so do the chat's windows. A request therefore either left before a hold began, or does
    /// not leave. Returns zero when it started, else how long until it may be tried again.
    /// </summary>
    public TimeSpan TryStart(string tenantId, string conversationKey, Action start)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            var tenant = Tenant(tenantId);
            if (tenant.PausedUntil > now)
            {
                return tenant.PausedUntil - now;
            }

            // Slots are paced, but a send can leave late and then together with the next ones: the rate is kept
            // again on the real departures, over any sliding second.
            var free = now;
            while (tenant.Departures.Count > 0 && tenant.Departures.Peek() <= now - TimeSpan.FromSeconds(1))
            {
                tenant.Departures.Dequeue();
            }

            if (tenant.Departures.Count >= departuresPerSecond)
            {
                free = Max(free, tenant.Departures.ElementAt(tenant.Departures.Count - departuresPerSecond) + TimeSpan.FromSeconds(1));
            }

            var left = Times(started, conversationKey, now).ToArray();
            foreach (var (limit, window) in ConversationWindows)
            {
                var inWindow = left.Where(t => t > now - window - WindowMargin).ToArray();
                if (inWindow.Length >= limit)
                {
                    free = Max(free, inWindow[^limit] + window + WindowMargin);
                }
            }

            if (free > now)
            {
                return free - now;
            }

            start();
            started[conversationKey].Enqueue(now);
            tenant.Departures.Enqueue(now);
            LetGo?.Invoke(tenantId, conversationKey, now);
            return TimeSpan.Zero;
        }
    }

    /// <summary>Holds the tenant at once, without counting a failure: a request just came back 429 or 5xx.</summary>
    public void HoldNow(string tenantId, TimeSpan? retryAfter)
    {
        lock (gate)
        {
            Hold(Tenant(tenantId), retryAfter);
        }
    }

    private static Queue<DateTimeOffset> Times(Dictionary<string, Queue<DateTimeOffset>> all, string key, DateTimeOffset now)
    {
        if (!all.TryGetValue(key, out var times))
        {
            times = new Queue<DateTimeOffset>();
            all[key] = times;
        }

        while (times.Count > 0 && times.Peek() <= now - LongestWindow - WindowMargin)
        {
            times.Dequeue();
        }

        return times;
    }

    /// <summary>When a send refused by <see cref="AcquireAsync"/> is worth trying again.</summary>
    public DateTimeOffset RetryAt(string tenantId, string conversationKey)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            var tenant = Tenant(tenantId);
            return Max(Max(now, tenant.PausedUntil), EarliestFor(conversationKey, Max(now, tenant.NextSlot)));
        }
    }

    /// <summary>
    /// One step of <see cref="AcquireAsync"/>: either reserves the next slot (the send may go after
    /// <c>Wait</c>), or says how long to wait before asking again (the tenant is held, or the conversation's
    /// windows are full).
    /// </summary>
    internal (bool Reserved, TimeSpan Wait) TryReserve(string tenantId, string conversationKey)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            var tenant = Tenant(tenantId);
            if (tenant.PausedUntil > now)
            {
                return (false, tenant.PausedUntil - now);
            }

            var slot = Max(now, tenant.NextSlot);
            var conversationFree = EarliestFor(conversationKey, slot);
            if (conversationFree > slot)
            {
                return (false, conversationFree - now);
            }

            tenant.NextSlot = slot + interval;
            Record(conversationKey, slot, now);
            return (true, slot - now);
        }
    }

    public bool IsPaused(string tenantId)
    {
        lock (gate)
        {
            return Tenant(tenantId).PausedUntil > clock.GetUtcNow();
        }
    }

    public DateTimeOffset PausedUntil(string tenantId)
    {
        lock (gate)
        {
            return Tenant(tenantId).PausedUntil;
        }
    }

    public void ReportSuccess(string tenantId)
    {
        lock (gate)
        {
            Tenant(tenantId).ConsecutiveFailures = 0;
        }
    }

    /// <summary>Holds the tenant until Retry-After, or for a growing backoff with jitter; returns when sends may resume.</summary>
    public DateTimeOffset ReportRetry(string tenantId, TimeSpan? retryAfter)
    {
        lock (gate)
        {
            var tenant = Tenant(tenantId);
            Hold(tenant, retryAfter);
            tenant.ConsecutiveFailures++;
            return tenant.PausedUntil;
        }
    }

    // Until Retry-After has passed, else for the backoff of the failures so far; an earlier, longer hold stands.
    private void Hold(TenantState tenant, TimeSpan? retryAfter)
    {
        var pause = retryAfter is { } after && after > TimeSpan.Zero ? after : Backoff(tenant.ConsecutiveFailures);
        tenant.PausedUntil = Max(tenant.PausedUntil, clock.GetUtcNow() + pause);
    }

    private TimeSpan Backoff(int failures)
    {
        var exponential = options.BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20));
        var capped = Math.Min(exponential, options.BackoffMax.TotalMilliseconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(capped * jitter);
    }

    private TenantState Tenant(string tenantId)
    {
        if (!tenants.TryGetValue(tenantId, out var state))
        {
            state = new TenantState();
            tenants[tenantId] = state;
        }

        return state;
    }

    // The earliest instant at or after `at` when one more send to the conversation stays within every window.
    private DateTimeOffset EarliestFor(string conversationKey, DateTimeOffset at)
    {
        if (!conversations.TryGetValue(conversationKey, out var sends))
        {
            return at;
        }

        var earliest = at;
        var times = sends.ToArray();
        foreach (var (limit, window) in ConversationWindows)
        {
            if (times.Length >= limit)
            {
                earliest = Max(earliest, times[^limit] + window + WindowMargin);
            }
        }

        return earliest;
    }

    private void Record(string conversationKey, DateTimeOffset at, DateTimeOffset now)
    {
        if (!conversations.TryGetValue(conversationKey, out var sends))
        {
            sends = new Queue<DateTimeOffset>();
            conversations[conversationKey] = sends;
        }

        while (sends.Count > 0 && sends.Peek() <= now - LongestWindow)
        {
            sends.Dequeue();
        }

        sends.Enqueue(at);
        if (++acquiredSinceCleanup >= 10_000)
        {
            acquiredSinceCleanup = 0;
            foreach (var key in conversations.Where(c => c.Value.Count == 0 || c.Value.Last() <= now - LongestWindow).Select(c => c.Key).ToList())
            {
                conversations.Remove(key);
            }

            foreach (var key in started.Where(c => c.Value.Count == 0 || c.Value.Last() <= now - LongestWindow - WindowMargin).Select(c => c.Key).ToList())
            {
                started.Remove(key);
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class TenantState
    {
        public DateTimeOffset NextSlot { get; set; }
        public DateTimeOffset PausedUntil { get; set; }
        public int ConsecutiveFailures { get; set; }

        /// <summary>When the tenant's requests really left, over the last second.</summary>
        public Queue<DateTimeOffset> Departures { get; } = new();
    }
}
