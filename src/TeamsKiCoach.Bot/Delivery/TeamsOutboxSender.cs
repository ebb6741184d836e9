using System.Globalization;
using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using Microsoft.Rest.TransientFaultHandling;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>
/// Sends outbox messages through the Bot Connector: renders the card at send time in the person's language,
/// opens a 1:1 chat for team members who never wrote to the bot, and turns the connector's answer into a
/// <see cref="SendOutcome"/> the delivery engine understands.
/// </summary>
public sealed class TeamsOutboxSender(
    CloudAdapter adapter,
    IConfiguration configuration,
    ConversationDirectory conversations,
    TeamDirectory teams,
    PromptAnswers prompts,
    ILogger<TeamsOutboxSender> logger) : IOutboxSender
{
    private static readonly HashSet<int> RetryStatuses = [429, 412, 502, 503, 504];

    private string BotAppId => configuration["MicrosoftAppId"] ?? string.Empty;

    public async Task<SendOutcome> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var prompt = await prompts.FindAsync(message.TenantId, message.SubjectId, cancellationToken);
        if (prompt is null || prompt.IsAnswered)
        {
            return new SendOutcome.Skipped("answered or gone before it was sent");
        }

        var person = message.RecipientAadObjectId ?? prompt.RecipientAadObjectId;
        var chat = message.ConversationId is { } id ? await conversations.FindAsync(message.TenantId, id, cancellationToken) : null;
        chat ??= await conversations.FindPersonalAsync(message.TenantId, person, cancellationToken);
        var memberOf = await teams.MemberOfAsync(message.TenantId, person, cancellationToken);
        var text = BotText.For(chat?.Locale);
        var card = PromptCard.Build(PromptCardView.For(prompt, memberOf), text);
        var activity = CardReply.Of(card);
        activity.Summary = text["Prompt.Question"];

        try
        {
            if (chat is not null)
            {
                await adapter.ContinueConversationAsync(BotAppId, Reference(chat), (turn, ct) => SendWithoutHiddenRetriesAsync(turn, activity, ct), cancellationToken);
                return SendOutcome.Sent;
            }

            return await OpenChatAndSendAsync(message.TenantId, person, activity, cancellationToken);
        }
        catch (ErrorResponseException ex) when (ex.Response is not null)
        {
            return Outcome((int)ex.Response.StatusCode, RetryAfter(ex.Response), ex.Body?.Error?.Code ?? ex.Response.ReasonPhrase ?? "error");
        }
        catch (HttpRequestException ex)
        {
            return new SendOutcome.Retry((int?)ex.StatusCode, null, "Teams did not answer: " + ex.HttpRequestError);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome.Retry(null, null, "Teams did not answer in time");
        }
    }

    public static SendOutcome Outcome(int status, TimeSpan? retryAfter, string reason) => status switch
    {
        >= 200 and < 300 => SendOutcome.Sent,
        403 or 404 => new SendOutcome.Unreachable(status, $"HTTP {status}: {reason}"),
        _ when RetryStatuses.Contains(status) => new SendOutcome.Retry(status, retryAfter, reason),
        _ => new SendOutcome.Failed($"HTTP {status}: {reason}"),
    };

    // A team member who never wrote to the bot has no chat with it yet: create one from the team's roster entry.
    private async Task<SendOutcome> OpenChatAndSendAsync(string tenantId, string person, IActivity activity, CancellationToken cancellationToken)
    {
        var origin = await conversations.RosterOriginAsync(tenantId, person, cancellationToken);
        if (origin is null)
        {
            return new SendOutcome.Failed("no chat with this person and no team roster entry to open one from");
        }

        string? created = null;
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount(origin.Value.BotId),
            Members = [new ChannelAccount(origin.Value.TeamsUserId)],
            TenantId = tenantId,
        };
        await adapter.CreateConversationAsync(
            BotAppId,
            Channels.Msteams,
            origin.Value.ServiceUrl,
            AuthenticationConstants.ToChannelFromBotOAuthScope,
            parameters,
            async (turn, ct) =>
            {
                created = turn.Activity.Conversation.Id;
                await conversations.RecordAsync(
                    new ConversationSnapshot(tenantId, created, ConversationScope.Personal, origin.Value.ServiceUrl, Channels.Msteams, origin.Value.BotId,
                        new Person(person, origin.Value.TeamsUserId, null), null, null, null),
                    ct);
                await SendWithoutHiddenRetriesAsync(turn, activity, ct);
            },
            cancellationToken);
        logger.LogInformation("Opened a personal chat in tenant {TenantId} for a team member who had not written yet", tenantId);
        return new SendOutcome.SentOutcome(created);
    }

    // The connector client retries some server errors on its own, immediately; the delivery engine must decide
    // when to try again (Retry-After, one hold for the whole tenant), so those hidden retries are switched off.
    private static async Task SendWithoutHiddenRetriesAsync(ITurnContext turn, IActivity activity, CancellationToken cancellationToken)
    {
        if (turn.TurnState.Get<IConnectorClient>() is ConnectorClient client)
        {
            client.SetRetryPolicy(new RetryPolicy(new HttpStatusCodeErrorDetectionStrategy(), 0));
        }

        await turn.SendActivityAsync(activity, cancellationToken);
    }

    private static ConversationReference Reference(ConversationRecord chat) => new()
    {
        ChannelId = chat.ChannelId,
        ServiceUrl = chat.ServiceUrl,
        Bot = new ChannelAccount(chat.BotId),
        User = chat.TeamsUserId is null ? null : new ChannelAccount(chat.TeamsUserId, aadObjectId: chat.UserAadObjectId),
        Conversation = new ConversationAccount(conversationType: "personal", id: chat.ConversationId, tenantId: chat.TenantId),
        Locale = chat.Locale,
    };

    private static TimeSpan? RetryAfter(HttpResponseMessageWrapper response)
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
            ? at - DateTimeOffset.UtcNow
            : null;
    }
}
