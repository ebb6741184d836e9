using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.AssessmentRuns;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// The adapter between Teams' three ways in (a typed message, an Action.Execute invoke, a button sent as a
/// message) and the one table of handlers (<see cref="TurnRoutes"/>): it works out the facts of the turn once,
/// finds the handler of the command or verb, and sends its answer the way that fits how the turn came in. Installs
/// and membership changes are kept here. Conversation references are stored before this runs
/// (<see cref="ConversationCaptureMiddleware"/>).
/// </summary>
public sealed class CoachBot(
    ConversationDirectory directory,
    TeamDirectory teams,
    TeamRoster roster,
    TurnRoutes routes,
    IAssessmentQueue assessmentQueue,
    TimeProvider clock) : TeamsActivityHandler
{
    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (string.IsNullOrWhiteSpace(activity.Text) && SubmittedVerb(activity.Value) is { } verb)
        {
            // A client without Action.Execute sends the button as a message; the answer comes as a new message.
            await AnswerAsync(turnContext, Turn.Of(turnContext, TurnWay.Submit, teams), new CardClick(verb, activity.Value as JObject), cancellationToken);
            return;
        }

        var command = CommandParser.Parse(ActivityFacts.TextWithoutBotMention(activity), ActivityFacts.Today(activity, clock));
        if (Turn.Of(turnContext, TurnWay.Message, teams) is not { } turn)
        {
            // Who asks is unknown: only what needs nobody's data is answered.
            var text = BotText.For(ActivityFacts.Locale(activity));
            var personal = ActivityFacts.Scope(activity) == ConversationScope.Personal;
            await turnContext.SendActivityAsync(command.Kind switch
            {
                CommandKind.Help => CardReply.Of(HelpCard.Json(text)),
                CommandKind.Unknown when !(personal && FrictionCues.SoundsLikeFriction(ActivityFacts.TextWithoutBotMention(activity))) =>
                    MessageFactory.Text(text["Unknown.Reply"]),
                _ => MessageFactory.Text(text["Pause.UnknownPerson"]),
            }, cancellationToken);
            return;
        }

        var reply = routes.For(command.Kind) is { } handler
            ? await handler(turn, command, cancellationToken)
            : TurnReply.Text(turn.Text["Unknown.Reply"]);
        await SendAsync(turn, reply, cancellationToken);
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var turn = Turn.Of(turnContext, TurnWay.Execute, teams);
        var text = turn?.Text ?? BotText.For(ActivityFacts.Locale(turnContext.Activity));
        if (invokeValue.Action?.Verb is not { } verb || routes.For(verb) is not { } handler)
        {
            return CardReply.Message(text["UnknownAction.Reply"]);
        }

        if (turn is null)
        {
            return (await ForUnknownPersonAsync(turnContext, TurnWay.Execute, verb, text, cancellationToken)).ToInvokeResponse();
        }

        var reply = await handler(turn, new CardClick(verb, JObjectOf(invokeValue.Action.Data)), cancellationToken);
        if (reply.Opens is { } target)
        {
            // The clicked card stays as it was (a nudge in the channel); what it opens comes as a new message.
            await SendAsync(turn with { Way = TurnWay.Submit }, await OpenAsync(turn, target, cancellationToken), cancellationToken);
            return CardReply.Message(text["Nudge.Opened"]);
        }

        QueueSuggestion(turn, reply, turnContext.Activity.ReplyToId);
        return reply.ToInvokeResponse();
    }

    private async Task AnswerAsync(ITurnContext turnContext, Turn? turn, CardClick click, CancellationToken cancellationToken)
    {
        var text = turn?.Text ?? BotText.For(ActivityFacts.Locale(turnContext.Activity));
        if (routes.For(click.Verb) is not { } handler)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(text["UnknownAction.Reply"]), cancellationToken);
            return;
        }

        if (turn is null)
        {
            await turnContext.SendActivityAsync((await ForUnknownPersonAsync(turnContext, TurnWay.Submit, click.Verb, text, cancellationToken)).ToMessage(), cancellationToken);
            return;
        }

        var reply = await handler(turn, click, cancellationToken);
        await SendAsync(turn, reply.Opens is { } target ? await OpenAsync(turn, target, cancellationToken) : reply, cancellationToken);
    }

    // Who clicked is unknown: help needs nobody's data, a prompt answer is plainly not theirs, the rest asks who they are.
    private static async Task<TurnReply> ForUnknownPersonAsync(ITurnContext turnContext, TurnWay way, string verb, BotText text, CancellationToken cancellationToken) => verb switch
    {
        CardVerbs.ShowHelp => await HelpTurns.ShowAsync(turnContext, way, ActivityFacts.Scope(turnContext.Activity), text, cancellationToken),
        CardVerbs.AnswerPrompt or CardVerbs.NothingToday => TurnReply.Text(text["Prompt.NotYours"]),
        _ => TurnReply.Text(text["Pause.UnknownPerson"]),
    };

    // What another button or command answers, for a turn that asked to open it.
    private async Task<TurnReply> OpenAsync(Turn turn, TurnTarget target, CancellationToken cancellationToken)
    {
        var opened = turn with { Way = TurnWay.Submit };
        var reply = target switch
        {
            { Click: { } click } when routes.For(click.Verb) is { } verbHandler => await verbHandler(opened, click, cancellationToken),
            { Command: { } command } when routes.For(command.Kind) is { } commandHandler => await commandHandler(opened, command, cancellationToken),
            _ => TurnReply.Text(turn.Text["UnknownAction.Reply"]),
        };
        return reply.Opens is null ? reply : TurnReply.Text(turn.Text["UnknownAction.Reply"]);
    }

    private async Task SendAsync(Turn turn, TurnReply reply, CancellationToken cancellationToken)
    {
        var sent = await turn.Context.SendActivityAsync(reply.ToMessage(), cancellationToken);
        QueueSuggestion(turn, reply, sent?.Id);
    }

    // The model's suggestion replaces the "Ich prüfe das …" card when it is there; without the card's id there
    // is nothing to replace, and the card's "Neu laden" shows the result.
    private void QueueSuggestion(Turn turn, TurnReply reply, string? cardActivityId)
    {
        if (reply.WaitingFor is { } id && cardActivityId is { Length: > 0 })
        {
            assessmentQueue.Enqueue(new AssessmentJob(turn.TenantId, id, ActivityFacts.Locale(turn.Activity), turn.Activity.GetConversationReference(), cardActivityId));
        }
    }

    // The Bot Framework answers an invoke the bot offers nothing for (task modules, message extensions, sign-in,
    // a card action without a name) with 501, which reads as a fault of the bot; it is a request the bot refuses.
    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        var response = await base.OnInvokeActivityAsync(turnContext, cancellationToken);
        return response?.Status == StatusCodes.Status501NotImplemented ? new InvokeResponse { Status = StatusCodes.Status400BadRequest } : response!;
    }

    // The bot subscribes to no events. The base class would read Teams meeting events and fail on one without a value.
    protected override Task OnEventActivityAsync(ITurnContext<IEventActivity> turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        WelcomeOnceAsync(turnContext, cancellationToken);

    protected override async Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (ActivityFacts.TenantId(turnContext.Activity) is { } tenantId && ActivityFacts.ConversationId(turnContext.Activity) is { } conversationId)
        {
            await directory.MarkUninstalledAsync(tenantId, conversationId, cancellationToken);
            if (ActivityFacts.TeamId(turnContext.Activity) is { } teamId)
            {
                await teams.MarkUninstalledAsync(tenantId, teamId, cancellationToken);
            }
        }
    }

    // The base classes read channelData as TeamsChannelData and walk the member lists without null checks, so an
    // odd but legal update (channelData an array, "membersAdded":[null]) would fail the turn. The bot needs only
    // who joined and who left, which it reads here itself.
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var added = Members(turnContext.Activity.MembersAdded);
        var removed = Members(turnContext.Activity.MembersRemoved);
        if (added.Count > 0)
        {
            await OnMembersAddedAsync(added, turnContext, cancellationToken);
        }

        if (removed.Count > 0)
        {
            await OnMembersRemovedAsync(removed, turnContext, cancellationToken);
        }
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var botAdded = membersAdded.Any(m => IsBot(m, activity));
        if (ActivityFacts.TenantId(activity) is { } tenantId && ActivityFacts.TeamId(activity) is { } teamId)
        {
            if (botAdded)
            {
                await teams.RecordInstallAsync(tenantId, teamId, ActivityFacts.TeamName(activity), ActivityFacts.PersonOf(activity.From)?.AadObjectId, cancellationToken);
            }

            var people = botAdded ? await roster.ReadAsync(turnContext, teamId, cancellationToken) : null;
            people ??= membersAdded.Where(m => !IsBot(m, activity)).Select(ActivityFacts.PersonOf).OfType<Person>().ToList();
            await directory.AddTeamMembersAsync(tenantId, teamId, people, cancellationToken);
        }

        if (botAdded)
        {
            await WelcomeOnceAsync(turnContext, cancellationToken);
        }
    }

    protected override async Task OnMembersRemovedAsync(IList<ChannelAccount> membersRemoved, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (ActivityFacts.TenantId(activity) is not { } tenantId)
        {
            return;
        }

        if (membersRemoved.Any(m => IsBot(m, activity)) && ActivityFacts.ConversationId(activity) is { } conversationId)
        {
            await directory.MarkUninstalledAsync(tenantId, conversationId, cancellationToken);
            if (ActivityFacts.TeamId(activity) is { } removedFrom)
            {
                await teams.MarkUninstalledAsync(tenantId, removedFrom, cancellationToken);
            }
        }

        if (ActivityFacts.TeamId(activity) is { } teamId)
        {
            var gone = membersRemoved.Select(m => m.AadObjectId).Where(id => !string.IsNullOrEmpty(id)).ToList();
            await directory.RemoveTeamMembersAsync(tenantId, teamId, gone, cancellationToken);
        }
    }

    private async Task WelcomeOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (ActivityFacts.TenantId(activity) is not { } tenantId
            || ActivityFacts.ConversationId(activity) is not { } conversationId
            || !await directory.TryClaimWelcomeAsync(tenantId, conversationId, cancellationToken))
        {
            return;
        }

        try
        {
            // Teams sends conversationUpdate without a locale; the one stored from an earlier activity is better than none.
            var locale = ActivityFacts.Locale(activity) ?? (await directory.FindAsync(tenantId, conversationId, cancellationToken))?.Locale;
            var text = BotText.For(locale);
            await turnContext.SendActivityAsync(CardReply.Of(WelcomeCard.Build(HelpTurns.AudienceOf(ActivityFacts.Scope(activity)), text)), cancellationToken);
        }
        catch
        {
            // The welcome did not arrive: give the claim back, so that the next install activity sends it.
            await directory.ReleaseWelcomeAsync(tenantId, conversationId, CancellationToken.None);
            throw;
        }
    }

    private static JObject? JObjectOf(object? data) => data switch
    {
        JObject json => json,
        null => null,
        _ => JToken.FromObject(data) as JObject,
    };

    private static List<ChannelAccount> Members(IEnumerable<ChannelAccount>? members) =>
        (members ?? []).Where(m => m is not null).ToList();

    private static bool IsBot(ChannelAccount member, IActivity activity) =>
        member.Id is { Length: > 0 } id && id == activity.Recipient?.Id;

    private static string? SubmittedVerb(object? value) =>
        value is JObject data && data[ExecuteAction.VerbField]?.Type == JTokenType.String ? (string?)data[ExecuteAction.VerbField] : null;
}
