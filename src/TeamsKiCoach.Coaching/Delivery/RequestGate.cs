namespace TeamsKiCoach.Coaching.Delivery;

/// <summary>
/// The last step of the throttle, for the HTTP pipeline of the Teams client: while an outbox message is being
/// sent, each of its requests starts only through <see cref="StartAsync"/> (so none leaves once its tenant is
/// held, or faster than the tenant's rate and the chat's windows allow on the times requests really leave), and a
/// 429 or server error holds the tenant the moment it is received (<see cref="Hold"/>), before the Bot Framework
/// has turned it into an exception and the dispatcher has judged it.
/// </summary>
public sealed class RequestGate(DeliveryThrottle throttle, string tenantId, TimeProvider clock)
{
    private static readonly AsyncLocal<RequestGate?> Scope = new();

    /// <summary>The gate of the outbox message being sent in this flow of execution, if any.</summary>
    public static RequestGate? Current => Scope.Value;

    public string TenantId => tenantId;

    /// <summary>The requests made until the returned scope ends belong to this message's send.</summary>
    public IDisposable Enter()
    {
        Scope.Value = this;
        return new Exit();
    }

    /// <summary>
    /// Starts the request through <paramref name="start"/> as soon as it may leave, waiting a moment when the
    /// tenant's rate or the chat's windows are just full; false when the wait would be long (a hold, a full
    /// window), so that the message is deferred and its worker freed.
    /// </summary>
    public async Task<bool> StartAsync(string conversationKey, Action start, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = throttle.TryStart(tenantId, conversationKey, start);
            if (wait == TimeSpan.Zero)
            {
                return true;
            }

            if (wait > DeliveryThrottle.ShortWait)
            {
                return false;
            }

            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    public void Hold(TimeSpan? retryAfter) => throttle.HoldNow(tenantId, retryAfter);

    private sealed class Exit : IDisposable
    {
        public void Dispose() => Scope.Value = null;
    }
}
