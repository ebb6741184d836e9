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
    private static readonly TimeSpan ShortWait = TimeSpan.FromSeconds(1);

    private readonly object gate = new();
    private readonly Dictionary<string, TenantState> tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> conversations = new(StringComparer.Ordinal);
    private readonly TimeSpan interval = TimeSpan.FromSeconds(1 / options.RequestsPerSecond);
    private int acquiredSinceCleanup;

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
            var now = clock.GetUtcNow();
            var pause = retryAfter is { } after && after > TimeSpan.Zero ? after : Backoff(tenant.ConsecutiveFailures);
            tenant.ConsecutiveFailures++;
            tenant.PausedUntil = Max(tenant.PausedUntil, now + pause);
            return tenant.PausedUntil;
        }
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
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class TenantState
    {
        public DateTimeOffset NextSlot { get; set; }
        public DateTimeOffset PausedUntil { get; set; }
        public int ConsecutiveFailures { get; set; }
    }
}
