using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.AssessmentRuns;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Exchange;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Bot.Privacy;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// Works out what happened in Teams and hands it to the coaching domain; turns the results into replies.
/// Conversation references are stored before this runs (<see cref="ConversationCaptureMiddleware"/>).
/// </summary>
public sealed class CoachBot(
    ConversationDirectory directory,
    PersonPreferences preferences,
    TeamDirectory teams,
    PromptTurns prompts,
    BacklogTurns backlog,
    TeamRoster roster,
    BacklogExportTurns exports,
    AssessmentTurns assessments,
    PilotTurns pilots,
    IAssessmentQueue assessmentQueue,
    PrivacyTurns privacy,
    PulseTurns pulses,
    StageTurns stages,
    RegistryTurns registry,
    NudgeTurns nudges,
    TimeProvider clock) : TeamsActivityHandler
{
    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var text = BotText.For(ActivityFacts.Locale(activity));
        if (string.IsNullOrWhiteSpace(activity.Text) && SubmittedVerb(activity.Value) is { } verb)
        {
            // A client without Action.Execute sends the button as a message; the answer comes as a new message.
            await RunVerbAsync(turnContext, verb, activity.Value as JObject, text, cancellationToken);
            return;
        }

        var command = CommandParser.Parse(ActivityFacts.TextWithoutBotMention(activity), ActivityFacts.Today(activity, clock));
        if (command.Kind == CommandKind.Help)
        {
            await turnContext.SendActivityAsync(CardReply.Of(HelpCard.Json(text)), cancellationToken);
            return;
        }

        var personal = ActivityFacts.Scope(activity) == ConversationScope.Personal;
        if (command.Kind == CommandKind.Unknown && !(personal && FrictionCues.SoundsLikeFriction(ActivityFacts.TextWithoutBotMention(activity))))
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(text["Unknown.Reply"]), cancellationToken);
            return;
        }

        if (ActivityFacts.TenantId(activity) is not { } tenantId || ActivityFacts.PersonOf(activity.From) is not { } person)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(text["Pause.UnknownPerson"]), cancellationToken);
            return;
        }

        if (command.Kind is CommandKind.Unknown or CommandKind.Capture or CommandKind.Backlog or CommandKind.MyEntries)
        {
            await turnContext.SendActivityAsync(await BacklogReplyAsync(tenantId, person, command, activity, personal, text, cancellationToken), cancellationToken);
            return;
        }

        IMessageActivity reply = command.Kind switch
        {
            CommandKind.Pause or CommandKind.Vacation => MessageFactory.Text(await prompts.PauseAsync(tenantId, person, command, text, cancellationToken)),
            CommandKind.Resume => MessageFactory.Text(text[$"Pause.{await preferences.ResumeAsync(tenantId, person.AadObjectId, cancellationToken)}"]),
            CommandKind.PromptTime => MessageFactory.Text(await prompts.SetPromptTimeAsync(tenantId, person, command.Time!.Value, text, cancellationToken)),
            CommandKind.Status => CardReply.Of(await prompts.StatusAsync(tenantId, person, text, cancellationToken)),
            CommandKind.SendPromptsNow => MessageFactory.Text(await prompts.SendNowAsync(tenantId, person, ActivityFacts.TeamId(activity), text, cancellationToken)),
            CommandKind.SendPulseNow => MessageFactory.Text(await pulses.SendNowAsync(tenantId, person, ActivityFacts.TeamId(activity), text, cancellationToken)),
            CommandKind.PulseResults => (await pulses.ResultsAsync(tenantId, person, personal ? null : ActivityFacts.TeamId(activity), text, cancellationToken)).ToMessage(),
            CommandKind.MyData => (await privacy.ExecuteAsync(tenantId, person, CardVerbs.ShowMyData, ActivityFacts.Scope(activity), text, cancellationToken)).ToMessage(),
            CommandKind.Review => CardReply.Of(await assessments.ReviewAsync(
                tenantId, person, personal ? null : ActivityFacts.TeamId(activity), text, cancellationToken)),
            CommandKind.Pilots => CardReply.Of(await pilots.ListAsync(tenantId, person, personal ? null : ActivityFacts.TeamId(activity), text, cancellationToken)),
            CommandKind.History => CardReply.Of(await pilots.HistoryAsync(
                tenantId, person, personal ? null : ActivityFacts.TeamId(activity), command.Number, text, cancellationToken)),
            CommandKind.AddLead => MessageFactory.Text(await pilots.AddLeadAsync(tenantId, person, activity, text, cancellationToken)),
            CommandKind.Registry => CardReply.Of(await registry.ListAsync(tenantId, person, personal ? null : ActivityFacts.TeamId(activity), text, cancellationToken)),
            CommandKind.Explain => CardReply.Of(await registry.ExplainAsync(
                tenantId, person, personal ? null : ActivityFacts.TeamId(activity), command.Text ?? string.Empty, text, cancellationToken)),
            CommandKind.AskRegistry => CardReply.Of(await registry.AskAsync(
                tenantId, person, personal ? null : ActivityFacts.TeamId(activity), command.Text ?? string.Empty, text, cancellationToken)),
            CommandKind.SendNudgeNow => MessageFactory.Text(await nudges.SendNowAsync(tenantId, person, ActivityFacts.TeamId(activity), text, cancellationToken)),
            CommandKind.ExportBacklog => await exports.OfferAsync(tenantId, person, ActivityFacts.Scope(activity), text, cancellationToken),
            CommandKind.InvalidDate => MessageFactory.Text(text["Command.InvalidDate"]),
            CommandKind.InvalidTime => MessageFactory.Text(text["Command.InvalidTime"]),
            CommandKind.InvalidPause => MessageFactory.Text(text["Command.InvalidPause"]),
            _ => MessageFactory.Text(text["Unknown.Reply"]),
        };
        await turnContext.SendActivityAsync(reply, cancellationToken);
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var text = BotText.For(ActivityFacts.Locale(turnContext.Activity));
        var verb = invokeValue.Action?.Verb;
        if (verb == CardVerbs.ShowHelp)
        {
            await turnContext.SendActivityAsync(CardReply.Of(HelpCard.Json(text)), cancellationToken);
            return CardReply.InPlace(WelcomeCard.Build(AudienceOf(turnContext.Activity), text));
        }

        if (verb is CardVerbs.AnswerPrompt or CardVerbs.NothingToday)
        {
            return (await AnswerPromptAsync(turnContext, verb, JObjectOf(invokeValue.Action?.Data), text, cancellationToken)).ToInvokeResponse();
        }

        if (verb is not null && CardVerbs.Backlog.Contains(verb))
        {
            return (await BacklogVerbAsync(turnContext, verb, JObjectOf(invokeValue.Action?.Data), text, cancellationToken)).ToInvokeResponse();
        }

        if (verb is not null && CardVerbs.MyData.Contains(verb))
        {
            return (await MyDataVerbAsync(turnContext, verb, text, cancellationToken)).ToInvokeResponse();
        }

        if (verb is not null && CardVerbs.Pulse.Contains(verb))
        {
            return (await PulseVerbAsync(turnContext, verb, JObjectOf(invokeValue.Action?.Data), text, cancellationToken)).ToInvokeResponse();
        }

        if (verb is not null && CardVerbs.Pilots.Contains(verb))
        {
            return (await PilotVerbAsync(turnContext, verb, JObjectOf(invokeValue.Action?.Data), text, cancellationToken)).ToInvokeResponse();
        }

        if (verb is not null && CardVerbs.Assessment.Contains(verb))
        {
            var answer = await AssessmentVerbAsync(turnContext, verb, JObjectOf(invokeValue.Action?.Data), text, cancellationToken);
            QueueSuggestion(turnContext, answer, turnContext.Activity.ReplyToId);
            return answer.Answer.ToInvokeResponse();
        }

        if (verb is not null && (CardVerbs.Stage.Contains(verb) || CardVerbs.Registry.Contains(verb)))
        {
            return (await PlainVerbAsync(turnContext, verb, JObjectOf(invokeValue.Action?.Data), text, cancellationToken)).ToInvokeResponse();
        }

        if (verb == CardVerbs.NudgeAction)
        {
            // A nudge stays in the channel as it was; what its button opens comes as a new message.
            await NudgeActionAsync(turnContext, JObjectOf(invokeValue.Action?.Data), text, cancellationToken);
            return CardReply.Message(text["Nudge.Opened"]);
        }

        return CardReply.Message(text["UnknownAction.Reply"]);
    }

    private Task<CardAnswer> PulseVerbAsync(ITurnContext turnContext, string verb, JObject? data, BotText text, CancellationToken cancellationToken) =>
        ActivityFacts.TenantId(turnContext.Activity) is { } tenantId && ActivityFacts.PersonOf(turnContext.Activity.From) is { } person
            ? pulses.ExecuteAsync(tenantId, person, verb, data, text, cancellationToken)
            : Task.FromResult(CardAnswer.Text(text["Pause.UnknownPerson"]));

    private Task<CardAnswer> MyDataVerbAsync(ITurnContext turnContext, string verb, BotText text, CancellationToken cancellationToken) =>
        ActivityFacts.TenantId(turnContext.Activity) is { } tenantId && ActivityFacts.PersonOf(turnContext.Activity.From) is { } person
            ? privacy.ExecuteAsync(tenantId, person, verb, ActivityFacts.Scope(turnContext.Activity), text, cancellationToken)
            : Task.FromResult(CardAnswer.Text(text["Pause.UnknownPerson"]));
    private Task<CardAnswer> PlainVerbAsync(ITurnContext turnContext, string verb, JObject? data, BotText text, CancellationToken cancellationToken) =>
        ActivityFacts.TenantId(turnContext.Activity) is { } tenantId && ActivityFacts.PersonOf(turnContext.Activity.From) is { } person
            ? CardVerbs.Stage.Contains(verb)
                ? stages.ExecuteAsync(tenantId, person, verb, data, text, cancellationToken)
                : registry.ExecuteAsync(tenantId, person, verb, data, text, cancellationToken)
            : Task.FromResult(CardAnswer.Text(text["Pause.UnknownPerson"]));

    // Each nudge action opens what the bot already has for it; relief, pulse and bypass results come with the pilots and pulses.
    private async Task NudgeActionAsync(ITurnContext turnContext, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        if (ActivityFacts.TenantId(turnContext.Activity) is not { } tenantId || ActivityFacts.PersonOf(turnContext.Activity.From) is not { } person
            || data?[NudgeCard.TeamField]?.Type != JTokenType.String)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(text["Pause.UnknownPerson"]), cancellationToken);
            return;
        }

        var teamId = (string)data[NudgeCard.TeamField]!;
        var subject = data[NudgeCard.SubjectField]?.Type == JTokenType.String ? (string?)data[NudgeCard.SubjectField] : null;
        var entry = new JObject { [AssessmentCards.TeamField] = teamId, [AssessmentCards.EntryField] = subject };
        switch (data[NudgeCard.ActionField]?.Type == JTokenType.String ? (string?)data[NudgeCard.ActionField] : null)
        {
            case NudgeActions.ShowBacklog:
                await turnContext.SendActivityAsync(CardReply.Of(await backlog.BacklogAsync(tenantId, person, teamId, text, cancellationToken)), cancellationToken);
                return;
            case NudgeActions.CheckPattern:
                var answer = await assessments.ExecuteAsync(tenantId, person, CardVerbs.MustAHumanDoIt, entry, text, cancellationToken);
                var sent = await turnContext.SendActivityAsync(answer.Answer.ToMessage(), cancellationToken);
                QueueSuggestion(turnContext, answer, sent?.Id);
                return;
            case NudgeActions.ProposePilot:
                await turnContext.SendActivityAsync((await backlog.ExecuteAsync(tenantId, person, CardVerbs.ProposePilot, entry, text, cancellationToken)).ToMessage(), cancellationToken);
                return;
            case NudgeActions.ShowRegistry:
                await turnContext.SendActivityAsync(CardReply.Of(await registry.ListAsync(tenantId, person, teamId, text, cancellationToken)), cancellationToken);
                return;
            case NudgeActions.AssignOwner:
                var edit = new JObject { [RegistryCards.TeamField] = teamId, [RegistryCards.EntryField] = "automation-" + subject };
                await turnContext.SendActivityAsync((await registry.ExecuteAsync(tenantId, person, CardVerbs.EditAutomation, edit, text, cancellationToken)).ToMessage(), cancellationToken);
                return;
            default:
                await turnContext.SendActivityAsync(CardReply.Of(await prompts.StatusAsync(tenantId, person, text, cancellationToken)), cancellationToken);
                return;
        }
    }

    private Task<AssessmentAnswer> AssessmentVerbAsync(ITurnContext turnContext, string verb, JObject? data, BotText text, CancellationToken cancellationToken) =>
        ActivityFacts.TenantId(turnContext.Activity) is { } tenantId && ActivityFacts.PersonOf(turnContext.Activity.From) is { } person
            ? assessments.ExecuteAsync(tenantId, person, verb, data, text, cancellationToken)
            : Task.FromResult(new AssessmentAnswer(CardAnswer.Text(text["Pause.UnknownPerson"])));

    private Task<CardAnswer> PilotVerbAsync(ITurnContext turnContext, string verb, JObject? data, BotText text, CancellationToken cancellationToken) =>
        ActivityFacts.TenantId(turnContext.Activity) is { } tenantId && ActivityFacts.PersonOf(turnContext.Activity.From) is { } person
            ? pilots.ExecuteAsync(tenantId, person, verb, data, text, cancellationToken)
            : Task.FromResult(CardAnswer.Text(text["Pause.UnknownPerson"]));

    // The model's suggestion replaces the "Ich prüfe das …" card when it is there; without the card's id there
    // is nothing to replace, and the card's "Neu laden" shows the result.
    private void QueueSuggestion(ITurnContext turnContext, AssessmentAnswer answer, string? cardActivityId)
    {
        if (answer.WaitingFor is { } id && cardActivityId is { Length: > 0 } && ActivityFacts.TenantId(turnContext.Activity) is { } tenantId)
        {
            assessmentQueue.Enqueue(new AssessmentJob(tenantId, id, ActivityFacts.Locale(turnContext.Activity), turnContext.Activity.GetConversationReference(), cardActivityId));
        }
    }

    // Capturing friction happens only in personal chat: in a channel everyone would read it.
    private async Task<IMessageActivity> BacklogReplyAsync(
        string tenantId, Person person, Command command, IMessageActivity activity, bool personal, BotText text, CancellationToken cancellationToken)
    {
        if (command.Kind == CommandKind.Backlog)
        {
            return CardReply.Of(await backlog.BacklogAsync(tenantId, person, personal ? null : ActivityFacts.TeamId(activity), text, cancellationToken));
        }

        if (!personal)
        {
            return MessageFactory.Text(text["Capture.OnlyPersonal"]);
        }

        return CardReply.Of(command.Kind switch
        {
            CommandKind.Capture => await backlog.CaptureAsync(tenantId, person, command.Text ?? string.Empty, command.Anonymous, text, cancellationToken),
            CommandKind.MyEntries => await backlog.OwnEntriesAsync(tenantId, person, null, text, cancellationToken),
            _ => await backlog.OfferAsync(tenantId, person, ActivityFacts.TextWithoutBotMention(activity), text, cancellationToken),
        });
    }

    private Task<CardAnswer> BacklogVerbAsync(ITurnContext turnContext, string verb, JObject? data, BotText text, CancellationToken cancellationToken) =>
        ActivityFacts.TenantId(turnContext.Activity) is { } tenantId && ActivityFacts.PersonOf(turnContext.Activity.From) is { } person
            ? backlog.ExecuteAsync(tenantId, person, verb, data, text, cancellationToken)
            : Task.FromResult(CardAnswer.Text(text["Pause.UnknownPerson"]));

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
            await turnContext.SendActivityAsync(CardReply.Of(WelcomeCard.Build(AudienceOf(activity), text)), cancellationToken);
        }
        catch
        {
            // The welcome did not arrive: give the claim back, so that the next install activity sends it.
            await directory.ReleaseWelcomeAsync(tenantId, conversationId, CancellationToken.None);
            throw;
        }
    }

    private async Task RunVerbAsync(ITurnContext turnContext, string verb, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        if (CardVerbs.Assessment.Contains(verb))
        {
            var answer = await AssessmentVerbAsync(turnContext, verb, data, text, cancellationToken);
            var sent = await turnContext.SendActivityAsync(answer.Answer.ToMessage(), cancellationToken);
            QueueSuggestion(turnContext, answer, sent?.Id);
            return;
        }

        if (verb == CardVerbs.NudgeAction)
        {
            await NudgeActionAsync(turnContext, data, text, cancellationToken);
            return;
        }

        var reply = verb switch
        {
            CardVerbs.ShowHelp => CardReply.Of(HelpCard.Json(text)),
            CardVerbs.AnswerPrompt or CardVerbs.NothingToday => (await AnswerPromptAsync(turnContext, verb, data, text, cancellationToken)).ToMessage(),
            _ when CardVerbs.Backlog.Contains(verb) => (await BacklogVerbAsync(turnContext, verb, data, text, cancellationToken)).ToMessage(),
            _ when CardVerbs.MyData.Contains(verb) => (await MyDataVerbAsync(turnContext, verb, text, cancellationToken)).ToMessage(),
            _ when CardVerbs.Pulse.Contains(verb) => (await PulseVerbAsync(turnContext, verb, data, text, cancellationToken)).ToMessage(),
            _ when CardVerbs.Pilots.Contains(verb) => (await PilotVerbAsync(turnContext, verb, data, text, cancellationToken)).ToMessage(),
            _ when CardVerbs.Stage.Contains(verb) || CardVerbs.Registry.Contains(verb) => (await PlainVerbAsync(turnContext, verb, data, text, cancellationToken)).ToMessage(),
            _ => MessageFactory.Text(text["UnknownAction.Reply"]),
        };
        await turnContext.SendActivityAsync(reply, cancellationToken);
    }

    // Who answers is the Teams user of this activity; the card's data only says which prompt.
    private Task<CardAnswer> AnswerPromptAsync(ITurnContext turnContext, string verb, JObject? data, BotText text, CancellationToken cancellationToken) =>
        ActivityFacts.TenantId(turnContext.Activity) is { } tenantId && ActivityFacts.PersonOf(turnContext.Activity.From) is { } person
            ? prompts.AnswerAsync(tenantId, person, verb, data, text, cancellationToken)
            : Task.FromResult(CardAnswer.Text(text["Prompt.NotYours"]));

    private static JObject? JObjectOf(object? data) => data switch
    {
        JObject json => json,
        null => null,
        _ => JToken.FromObject(data) as JObject,
    };

    private static WelcomeAudience AudienceOf(IActivity activity) => ActivityFacts.Scope(activity) switch
    {
        ConversationScope.Channel => WelcomeAudience.Team,
        ConversationScope.GroupChat => WelcomeAudience.Group,
        _ => WelcomeAudience.Person,
    };

    private static List<ChannelAccount> Members(IEnumerable<ChannelAccount>? members) =>
        (members ?? []).Where(m => m is not null).ToList();

    private static bool IsBot(ChannelAccount member, IActivity activity) =>
        member.Id is { Length: > 0 } id && id == activity.Recipient?.Id;

    private static string? SubmittedVerb(object? value) =>
        value is JObject data && data[ExecuteAction.VerbField]?.Type == JTokenType.String ? (string?)data[ExecuteAction.VerbField] : null;
}
