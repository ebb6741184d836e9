namespace TeamsKiCoach.Coaching.Delivery;

/// <summary>What happened to one send, as the delivery engine needs to know it.</summary>
public abstract record SendOutcome
{
    private SendOutcome()
    {
    }

    public static readonly SendOutcome Sent = new SentOutcome();

    /// <summary>The message went out. <paramref name="ConversationId"/> is set when a new 1:1 chat was created for it.</summary>
    public sealed record SentOutcome(string? ConversationId = null) : SendOutcome;

    /// <summary>429 or 412/502/503/504, or no answer at all: try again later, and hold every send to the tenant until then.</summary>
    public sealed record Retry(int? StatusCode, TimeSpan? RetryAfter, string Reason) : SendOutcome;

    /// <summary>403 (blocked, uninstalled) or 404 (chat deleted): the person cannot be reached until they write again.</summary>
    public sealed record Unreachable(int StatusCode, string Reason) : SendOutcome;

    /// <summary>Anything else: retrying would not help.</summary>
    public sealed record Failed(string Reason) : SendOutcome;

    /// <summary>The message no longer makes sense (the prompt was answered, the person paused).</summary>
    public sealed record Skipped(string Reason) : SendOutcome;

    /// <summary>Nothing was sent: the tenant is held or the chat's windows are full. Try again later, not counted as an attempt.</summary>
    public sealed record Deferred : SendOutcome;
}

/// <summary>
/// Asks for permission to make one request to Teams for this conversation, right before it leaves. False: the
/// tenant is held (a 429 or server error came back meanwhile) or the conversation's windows are full; then
/// nothing may be sent now and the sender returns <see cref="SendOutcome.Deferred"/>.
/// </summary>
public delegate Task<bool> SendGate(string conversationKey, CancellationToken cancellationToken);

/// <summary>Sends one outbox message to Teams. Implemented at the bot edge.</summary>
public interface IOutboxSender
{
    /// <summary>
    /// Prepares the message (reads, renders) and then, for each request it makes to Teams (opening a chat is
    /// one, the message another), passes <paramref name="gate"/> immediately before the request leaves.
    /// </summary>
    Task<SendOutcome> SendAsync(OutboxMessage message, SendGate gate, CancellationToken cancellationToken);
}

/// <summary>Asks the scheduler for a delivery round now rather than at its next poll.</summary>
public interface IDeliveryTrigger
{
    void RunSoon();
}
