using System.Globalization;
using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Storage.Conversations;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>
/// Sends outbox messages through the Bot Connector: the message's renderer makes it into an activity at send
/// time, this sender delivers it, opening a 1:1 chat for team members who never wrote to the bot, and turns the
/// connector's answer into a <see cref="SendOutcome"/> the delivery engine understands.
/// </summary>
public sealed class TeamsOutboxSender(
    CloudAdapter adapter,
    IConfiguration configuration,
    ConversationDirectory conversations,
    OutboxRenderers renderers,
    TimeProvider clock,
    ILogger<TeamsOutboxSender> logger) : IOutboxSender
{
    private static readonly HashSet<int> RetryStatuses = [429, 412, 502, 503, 504];

    private string BotAppId => configuration["MicrosoftAppId"] ?? string.Empty;

    public async Task<SendOutcome> SendAsync(OutboxMessage message, SendGate gate, CancellationToken cancellationToken)
    {
        if (renderers.For(message.Kind) is not { } renderer)
        {
            return new SendOutcome.Failed($"no renderer for outbox messages of kind {message.Kind}");
        }

        return await renderer.RenderAsync(message, cancellationToken) switch
        {
            OutboxRendering.Ready ready => await DeliverAsync(message, ready.Person, ready.Chat, ready.Activity, gate, cancellationToken),
            OutboxRendering.Skip skip => new SendOutcome.Skipped(skip.Reason),
            var other => throw new InvalidOperationException($"Unknown rendering {other.GetType().Name}"),
        };
    }

    private async Task<SendOutcome> DeliverAsync(
        OutboxMessage message, string? person, ConversationRecord? chat, IMessageActivity activity, SendGate gate, CancellationToken cancellationToken)
    {
        // The adapter runs proactive turns through its error handler, which would swallow the connector's
        // answer; the send's own failure is caught inside the turn and judged here instead.
        Exception? failure = null;
        string? created = null;
        var deferred = false;
        var sent = false;
        async Task Deliver(ITurnContext turn, CancellationToken ct)
        {
            try
            {
                if (!await gate(turn.Activity.Conversation.Id, ct))
                {
                    deferred = true;
                    return;
                }

                await turn.SendActivityAsync(activity, ct);
                sent = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failure = ex;
            }
        }

        try
        {
            if (chat is not null)
            {
                await adapter.ContinueConversationAsync(BotAppId, Reference(chat), Deliver, cancellationToken);
            }
            else if (person is not null && await conversations.RosterOriginAsync(message.TenantId, person, cancellationToken) is { } origin)
            {
                // Opening the chat is a request of its own and takes a slot of its own.
                if (!await gate(message.ConversationKey, cancellationToken))
                {
                    return new SendOutcome.Deferred();
                }

                created = await OpenChatAsync(message.TenantId, person, origin, Deliver, cancellationToken);
            }
            else
            {
                return new SendOutcome.Failed("no chat with this person and no team roster entry to open one from");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = ex;
        }

        if (failure is not null)
        {
            return Outcome(failure, cancellationToken);
        }

        if (deferred)
        {
            return new SendOutcome.Deferred();
        }

        // The adapter's pipeline returns without running the turn when the engine is stopping: then nothing
        // was sent, and nothing may be recorded as sent.
        cancellationToken.ThrowIfCancellationRequested();
        return sent ? new SendOutcome.SentOutcome(created) : new SendOutcome.Retry(null, null, "the send did not run");
    }

    private SendOutcome Outcome(Exception failure, CancellationToken cancellationToken) => failure switch
    {
        TenantHeldException => new SendOutcome.Deferred(),
        ErrorResponseException { Response: not null } ex =>
            Outcome((int)ex.Response.StatusCode, RetryAfter(ex.Response), ex.Body?.Error?.Code ?? ex.Response.ReasonPhrase ?? "error"),
        HttpRequestException ex => new SendOutcome.Retry((int?)ex.StatusCode, null, "Teams did not answer: " + ex.HttpRequestError),
        TaskCanceledException when !cancellationToken.IsCancellationRequested => new SendOutcome.Retry(null, null, "Teams did not answer in time"),
        _ => new SendOutcome.Retry(null, null, failure.GetType().Name),
    };

    public static SendOutcome Outcome(int status, TimeSpan? retryAfter, string reason) => status switch
    {
        >= 200 and < 300 => SendOutcome.Sent,
        403 or 404 => new SendOutcome.Unreachable(status, $"HTTP {status}: {reason}"),
        _ when RetryStatuses.Contains(status) => new SendOutcome.Retry(status, retryAfter, reason),
        _ => new SendOutcome.Failed($"HTTP {status}: {reason}"),
    };

    // A team member who never wrote to the bot has no chat with it yet: create one from the team's roster entry.
    private async Task<string?> OpenChatAsync(
        string tenantId, string person, (string TeamsUserId, string ServiceUrl, string BotId) origin, BotCallbackHandler send, CancellationToken cancellationToken)
    {
        string? created = null;
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount(origin.BotId),
            Members = [new ChannelAccount(origin.TeamsUserId)],
            TenantId = tenantId,
        };
        await adapter.CreateConversationAsync(
            BotAppId,
            Channels.Msteams,
            origin.ServiceUrl,
            AuthenticationConstants.ToChannelFromBotOAuthScope,
            parameters,
            async (turn, ct) =>
            {
                created = turn.Activity.Conversation.Id;
                await conversations.RecordAsync(
                    new ConversationSnapshot(tenantId, created, ConversationScope.Personal, origin.ServiceUrl, Channels.Msteams, origin.BotId,
                        new Person(person, origin.TeamsUserId, null), null, null, null),
                    ct);
                await send(turn, ct);
            },
            cancellationToken);
        logger.LogInformation("Opened a personal chat in tenant {TenantId} for a team member who had not written yet", tenantId);
        return created;
    }

    private static ConversationReference Reference(ConversationRecord chat) => new()
    {
        ChannelId = chat.ChannelId,
        ServiceUrl = chat.ServiceUrl,
        Bot = new ChannelAccount(chat.BotId),
        User = chat.TeamsUserId is null ? null : new ChannelAccount(chat.TeamsUserId, aadObjectId: chat.UserAadObjectId),
        Conversation = chat.Scope == ConversationScope.Channel
            ? new ConversationAccount(isGroup: true, conversationType: "channel", id: chat.ConversationId, tenantId: chat.TenantId)
            : new ConversationAccount(conversationType: "personal", id: chat.ConversationId, tenantId: chat.TenantId),
        Locale = chat.Locale,
    };

    private TimeSpan? RetryAfter(HttpResponseMessageWrapper response)
    {
        var header = response.Headers?.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (header is null)
        {
            return null;
        }

        if (double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at - clock.GetUtcNow()
            : null;
    }
}
