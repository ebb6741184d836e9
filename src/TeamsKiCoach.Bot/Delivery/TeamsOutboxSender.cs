using System.Globalization;
using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Pulse;
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
    PersonPreferences preferences,
    PilotMessages pilots,
    PulseDesk pulses,
    TimeProvider clock,
    NudgePlanner nudges,
    ILogger<TeamsOutboxSender> logger) : IOutboxSender
{
    private static readonly HashSet<int> RetryStatuses = [429, 412, 502, 503, 504];

    private string BotAppId => configuration["MicrosoftAppId"] ?? string.Empty;

    public async Task<SendOutcome> SendAsync(OutboxMessage message, SendGate gate, CancellationToken cancellationToken)
    {
        if (message.Kind == OutboxKind.Pulse)
        {
            return await PulseAsync(message, cancellationToken) is Rendered(var member, var pulseChat, var pulseActivity)
                ? await DeliverAsync(message, member, pulseChat, pulseActivity, gate, cancellationToken)
                : new SendOutcome.Skipped("answered, closed or gone, or the person paused or cannot be reached");
        }

        if (message.Kind == OutboxKind.Nudge)
        {
            return await SendNudgeAsync(message, gate, cancellationToken);
        }

        if (message.Kind != OutboxKind.DailyPrompt)
        {
            return await PilotAsync(message, cancellationToken) is Rendered(var recipient, var pilotChat, var pilotActivity)
                ? await DeliverAsync(message, recipient, pilotChat, pilotActivity, gate, cancellationToken)
                : new SendOutcome.Skipped("the pilot, its channel or its question is gone, or the person paused or cannot be reached");
        }

        var prompt = await prompts.FindAsync(message.TenantId, message.SubjectId, cancellationToken);
        if (prompt is null || prompt.IsAnswered)
        {
            return new SendOutcome.Skipped("answered or gone before it was sent");
        }

        var person = message.RecipientAadObjectId ?? prompt.RecipientAadObjectId;
        if (await preferences.FindAsync(message.TenantId, person, cancellationToken) is { } settings
            && (settings.IsPausedOn(prompt.LocalDate) || settings.UnreachableSince is not null))
        {
            return new SendOutcome.Skipped("paused or not reachable since it was planned");
        }

        var chat = message.ConversationId is { } id ? await conversations.FindAsync(message.TenantId, id, cancellationToken) : null;
        chat ??= await conversations.FindPersonalAsync(message.TenantId, person, cancellationToken);
        var memberOf = await teams.MemberOfAsync(message.TenantId, person, cancellationToken);
        var text = BotText.For(chat?.Locale);
        var card = PromptCard.Build(PromptCardView.For(prompt, memberOf), text);
        var activity = CardReply.Of(card);
        activity.Summary = text["Prompt.Question"];
        return await DeliverAsync(message, person, chat, activity, gate, cancellationToken);
    }

    private sealed record Rendered(string? Person, ConversationRecord? Chat, IMessageActivity Activity);

    // A pilot's decision request, channel notice or decision, or a relief question; rendered as the pilot stands now.
    private async Task<Rendered?> PilotAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ConversationRecord? chat;
        var person = message.RecipientAadObjectId;
        if (message.Kind == OutboxKind.PilotNotice)
        {
            chat = message.ConversationId is { } channel ? await conversations.FindAsync(message.TenantId, channel, cancellationToken) : null;
            if (chat is not { Installed: true })
            {
                return null;
            }
        }
        else
        {
            if (person is null)
            {
                return null;
            }

            if (await preferences.FindAsync(message.TenantId, person, cancellationToken) is { } settings
                && (settings.UnreachableSince is not null
                    || (message.Kind == OutboxKind.ReliefCheck && settings.IsPausedOn(DateOnly.FromDateTime(message.NextAttemptAt.UtcDateTime)))))
            {
                return null;
            }

            chat = await PersonalChatAsync(message, person, cancellationToken);
        }

        if (await pilots.RenderAsync(message, chat?.Locale, cancellationToken) is not { } rendered)
        {
            return null;
        }

        var activity = CardReply.Of(rendered.Card);
        activity.Summary = rendered.Summary;
        return new Rendered(person, chat, activity);
    }

    // This week's pulse card for one member, unless the week has closed, they answered already, paused or cannot be reached.
    private async Task<Rendered?> PulseAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (message.RecipientAadObjectId is not { } person
            || await pulses.CardAsync(message.TenantId, message.SubjectId, person, cancellationToken) is not { } facts
            || facts.ClosesAt <= now
            || facts.Current is not null)
        {
            return null;
        }

        if (await preferences.FindAsync(message.TenantId, person, cancellationToken) is { } settings
            && (settings.UnreachableSince is not null || settings.IsPausedOn(DateOnly.FromDateTime(now.UtcDateTime))))
        {
            return null;
        }

        var chat = await PersonalChatAsync(message, person, cancellationToken);
        var text = BotText.For(chat?.Locale);
        var activity = CardReply.Of(PulseCards.Question(facts, text));
        activity.Summary = text["Pulse.Summary"];
        return new Rendered(person, chat, activity);
    }

    private async Task<ConversationRecord?> PersonalChatAsync(OutboxMessage message, string person, CancellationToken cancellationToken)
    {
        var chat = message.ConversationId is { } id ? await conversations.FindAsync(message.TenantId, id, cancellationToken) : null;
        return chat ?? await conversations.FindPersonalAsync(message.TenantId, person, cancellationToken);
    }

    // A nudge goes to the team channel it was planned for, as a new post, in the words the run composed.
    private async Task<SendOutcome> SendNudgeAsync(OutboxMessage message, SendGate gate, CancellationToken cancellationToken)
    {
        var run = await nudges.FindAsync(message.TenantId, message.SubjectId, cancellationToken);
        var channel = message.ConversationId is { } id ? await conversations.FindAsync(message.TenantId, id, cancellationToken) : null;
        if (run is null || channel is null || !channel.Installed)
        {
            return new SendOutcome.Skipped("the nudge or its channel is gone");
        }

        var activity = CardReply.Of(NudgeCard.Build(run, BotText.For(run.Language)));
        activity.Summary = run.Title;
        return await DeliverAsync(message, null, channel, activity, gate, cancellationToken);
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

    private static SendOutcome Outcome(Exception failure, CancellationToken cancellationToken) => failure switch
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
