using System.Globalization;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Pilots;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// Pilots in chat: the proposal form from a confirmed pattern, the pilot card with the leads' decisions and the
/// lifecycle, its history, the team's list, adding a lead, and the relief question. Who acts is the Teams user of
/// the activity; card data only names a team, a pattern, a pilot or a relief question, and the pilot services
/// check what that person may do with it.
/// </summary>
public sealed class PilotTurns(
    PilotProposals proposals,
    PilotSteps pilotSteps,
    ReliefChecks reliefChecks,
    TeamDirectory teamDirectory,
    BacklogService backlogService,
    IDeliveryTrigger delivery,
    TimeProvider clock) : ITurnFeature
{
    /// <summary>Card data larger than this is no card the bot sent; it is refused before anything is read.</summary>
    public const int MaxDataLength = 16_000;

    /// <summary>The buttons that take a pilot one step on, with the step each one is.</summary>
    public static readonly IReadOnlyDictionary<string, PilotStep> Steps = new Dictionary<string, PilotStep>(StringComparer.Ordinal)
    {
        [CardVerbs.ApprovePilot] = PilotStep.Approve,
        [CardVerbs.DeclinePilot] = PilotStep.Decline,
        [CardVerbs.RequestPilotChanges] = PilotStep.RequestChanges,
        [CardVerbs.WithdrawPilot] = PilotStep.Withdraw,
        [CardVerbs.ResubmitPilot] = PilotStep.Resubmit,
        [CardVerbs.StartPilot] = PilotStep.Start,
        [CardVerbs.PausePilot] = PilotStep.Pause,
        [CardVerbs.ResumePilot] = PilotStep.Resume,
        [CardVerbs.ReviewPilot] = PilotStep.Review,
        [CardVerbs.KeepPilot] = PilotStep.Keep,
        [CardVerbs.AdjustPilot] = PilotStep.Adjust,
        [CardVerbs.RetirePilot] = PilotStep.Retire,
    };

    public void Register(TurnRoutes routes)
    {
        routes.Command(CommandKind.Pilots, async (turn, _, ct) => TurnReply.Replace(await ListAsync(turn.TenantId, turn.Person, turn.TeamInContext, turn.Text, ct)));
        routes.Command(CommandKind.History, async (turn, command, ct) =>
            TurnReply.Replace(await HistoryAsync(turn.TenantId, turn.Person, turn.TeamInContext, command.Number, turn.Text, ct)));
        routes.Command(CommandKind.AddLead, async (turn, _, ct) =>
            TurnReply.Text(await AddLeadAsync(turn.TenantId, turn.Person, turn.Activity.AsMessageActivity(), turn.Text, ct)));

        routes.Verb(CardVerbs.ProposePilot, Guarded((turn, click, ct) =>
            CardData.Text(click.Data, PilotCards.TeamField) is { } team && CardData.SmallNumber(click.Data, PilotCards.EntryField) is { } entry
                ? FormAsync(turn.TenantId, Actor(turn.Person, turn.Text), team, entry, turn.Text, ct)
                : Task.FromResult(TurnReply.Text(turn.Text["Pattern.NotFound"]))));
        routes.Verb(CardVerbs.SendProposal, Guarded((turn, click, ct) =>
            CardData.Text(click.Data, PilotCards.TeamField) is { } team && CardData.SmallNumber(click.Data, PilotCards.EntryField) is { } key
                ? ProposeAsync(turn.TenantId, Actor(turn.Person, turn.Text), team, key, click.Data!, turn.Text, ct)
                : Task.FromResult(TurnReply.Text(turn.Text["Pattern.NotFound"]))));
        routes.Verb(CardVerbs.ShowPilots, Guarded(async (turn, click, ct) =>
            TurnReply.Replace(await ListAsync(turn.TenantId, turn.Person, CardData.Text(click.Data, PilotCards.TeamField), turn.Text, ct))));
        routes.Verb(CardVerbs.AnswerRelief, Guarded((turn, click, ct) => CardData.Number(click.Data, PilotCards.AskField) is { } ask
            ? AnswerReliefAsync(turn.TenantId, turn.Person, ask, click.Data!, turn.Text, ct)
            : Task.FromResult(TurnReply.Text(turn.Text["Relief.NotYours"]))));
        routes.Verbs([CardVerbs.ShowPilot, CardVerbs.RefreshPilot], Guarded((turn, click, ct) => OfPilot(turn, click, async id =>
            await pilotSteps.ViewAsync(turn.TenantId, turn.Person.AadObjectId, id, ct) is { } view
                ? TurnReply.Replace(PilotCards.Detail(view, turn.Text))
                : TurnReply.Text(turn.Text["Pilot.NotFound"]))));
        routes.Verb(CardVerbs.PilotHistory, Guarded((turn, click, ct) => OfPilot(turn, click, async id =>
            await pilotSteps.HistoryAsync(turn.TenantId, turn.Person.AadObjectId, id, ct) is { } history
                ? TurnReply.Replace(PilotCards.History(history.Pilot, history.Steps, turn.Text))
                : TurnReply.Text(turn.Text["Pilot.NotFound"]))));
        routes.Verb(CardVerbs.EditPilot, Guarded((turn, click, ct) => OfPilot(turn, click, id => EditFormAsync(turn.TenantId, turn.Person, id, null, turn.Text, ct))));
        routes.Verbs(Steps.Keys, Guarded((turn, click, ct) => OfPilot(turn, click, id =>
            StepAsync(turn.TenantId, turn.Person, id, Steps[click.Verb], click.Data, turn.Text, ct))));
    }

    // Card data larger than the bot ever sends is refused before anything is read.
    private static VerbHandler Guarded(VerbHandler handler) => (turn, click, ct) =>
        click.Data is not null && click.Data.ToString(Newtonsoft.Json.Formatting.None).Length > MaxDataLength
            ? Task.FromResult(TurnReply.Text(turn.Text["Pilot.TooLarge"]))
            : handler(turn, click, ct);

    private static Task<TurnReply> OfPilot(Turn turn, CardClick click, Func<long, Task<TurnReply>> answer) =>
        CardData.Number(click.Data, PilotCards.PilotField) is { } id ? answer(id) : Task.FromResult(TurnReply.Text(turn.Text["Pilot.NotFound"]));

    private async Task<TurnReply> StepAsync(string tenantId, Person person, long id, PilotStep step, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        var actor = Actor(person, text);
        PilotProposal? edited = null;
        if (step == PilotStep.Resubmit)
        {
            edited = Proposal(data!, 0, actor);
            if (edited is null)
            {
                return await EditFormAsync(tenantId, person, id, text["Pilot.Problem.ReviewDate"], text, cancellationToken);
            }
        }

        var outcome = await pilotSteps.ActAsync(tenantId, actor, id, step, CardData.Text(data, PilotCards.ReasonInputId), edited, cancellationToken);
        if (outcome.View is null)
        {
            return TurnReply.Text(text["Pilot.NotFound"]);
        }

        if (outcome.Result is PilotResult.Done)
        {
            delivery.RunSoon();
            return TurnReply.Replace(PilotCards.Detail(outcome.View, text, text[$"Pilot.Done.{step}"]));
        }

        if (step == PilotStep.Resubmit && outcome.Result is PilotResult.Invalid invalid)
        {
            return await EditFormAsync(tenantId, person, id, Problems(invalid.Problems, text), text, cancellationToken);
        }

        // A refusal keeps the card as it stands now, so a late lead sees the decision that was made.
        return TurnReply.Replace(PilotCards.Detail(outcome.View, text, Refusal(outcome.Result, text)));
    }

    /// <summary>"piloten": the pilots of the team in context, else of the person's only team, else a choice.</summary>
    public async Task<AdaptiveCard> ListAsync(string tenantId, Person person, string? teamId, BotText text, CancellationToken cancellationToken)
    {
        var backlogs = await backlogService.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken);
        if (teamId is null)
        {
            if (backlogs.Count > 1)
            {
                return TeamChoiceCard.Build(backlogs.Select(b => (b.TeamId, CaptureCards.Name(b, text))), CardVerbs.ShowPilots, text);
            }

            teamId = backlogs[0].TeamId;
        }

        var pilots = await pilotSteps.ListAsync(tenantId, person.AadObjectId, teamId, cancellationToken);
        if (pilots is null)
        {
            return CaptureCards.Note(text["Backlog.NotMember"]);
        }

        var backlog = backlogs.FirstOrDefault(b => b.TeamId == teamId) ?? new BacklogRef(teamId, null);
        return PilotCards.List(
            CaptureCards.Name(backlog, text),
            pilots.Select(p => new PilotLine(p.Id, p.Number, p.PatternTitle, p.State)).ToList(),
            PilotBrake.RunningCount(pilots),
            pilotSteps.MaxRunning,
            text);
    }

    /// <summary>"verlauf 3": the history of pilot no. 3 of the team in context (or the person's only team); without a number, the list.</summary>
    public async Task<AdaptiveCard> HistoryAsync(string tenantId, Person person, string? teamId, int? number, BotText text, CancellationToken cancellationToken)
    {
        if (number is not { } n)
        {
            return await ListAsync(tenantId, person, teamId, text, cancellationToken);
        }

        var teams = teamId is null ? (await backlogService.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken)).Select(b => b.TeamId).ToList() : [teamId];
        foreach (var team in teams)
        {
            if (await pilotSteps.FindByNumberAsync(tenantId, person.AadObjectId, team, n, cancellationToken) is { } pilot
                && await pilotSteps.HistoryAsync(tenantId, person.AadObjectId, pilot.Id, cancellationToken) is { } history)
            {
                return PilotCards.History(history.Pilot, history.Steps, text);
            }
        }

        return CaptureCards.Note(string.Format(text.Culture, text["Pilot.NoNumber"], n));
    }

    /// <summary>"leitung hinzufügen @name" in a team channel: the person mentioned becomes a lead, if a lead asks.</summary>
    public async Task<string> AddLeadAsync(string tenantId, Person person, IMessageActivity activity, BotText text, CancellationToken cancellationToken)
    {
        if (ActivityFacts.TeamId(activity) is not { } teamId)
        {
            return text["Lead.OnlyInTeam"];
        }

        var mentioned = ActivityFacts.MentionedPeople(activity).ToList();
        if (mentioned.Count != 1)
        {
            return text["Lead.MentionOne"];
        }

        var (teamsUserId, aadObjectId, name) = mentioned[0];
        var newLead = aadObjectId ?? await teamDirectory.MemberByTeamsIdAsync(tenantId, teamId, teamsUserId, cancellationToken);
        if (newLead is null)
        {
            return text["Lead.NotMember"];
        }

        var actor = Actor(person, text);
        var change = await teamDirectory.AddLeadAsync(tenantId, actor.AadObjectId, actor.Name, teamId, newLead, name, cancellationToken);
        return string.Format(text.Culture, text[$"Lead.{change}"], name ?? text["Pilot.Someone"]);
    }

    private async Task<TurnReply> FormAsync(string tenantId, PilotActor actor, string teamId, int entry, BotText text, CancellationToken cancellationToken)
    {
        var opening = await proposals.DraftAsync(tenantId, actor, teamId, entry, PilotText.For(text.Culture.Name), cancellationToken);
        return opening switch
        {
            DraftOpening.Ready ready => TurnReply.Replace(PilotCards.ProposalForm(
                new ProposalFormView(teamId, ready.Proposal.PatternKey, ready.Proposal.PatternTitle, ready.Proposal, ready.Members, Today(), Note: ready.Note), text)),
            DraftOpening.NotConfirmedFit => TurnReply.Text(text["Pilot.NotConfirmedFit"]),
            DraftOpening.NotMember => TurnReply.Text(text["Backlog.NotMember"]),
            _ => TurnReply.Text(text["Pattern.NotFound"]),
        };
    }

    private async Task<TurnReply> ProposeAsync(string tenantId, PilotActor actor, string teamId, int patternKey, JObject data, BotText text, CancellationToken cancellationToken)
    {
        var proposal = Proposal(data, patternKey, actor);
        if (proposal is null)
        {
            return await FormWithProblemAsync(tenantId, actor, teamId, patternKey, data, text["Pilot.Problem.ReviewDate"], text, cancellationToken);
        }

        var outcome = await proposals.ProposeAsync(tenantId, actor, teamId, proposal, cancellationToken);
        switch (outcome)
        {
            case ProposeOutcome.Proposed proposed:
                delivery.RunSoon();
                return TurnReply.Replace(PilotCards.Detail(proposed.View, text, text["Pilot.Done.Proposed"]));
            case ProposeOutcome.Invalid invalid:
                return await FormWithProblemAsync(tenantId, actor, teamId, patternKey, data, Problems(invalid.Problems, text), text, cancellationToken);
            case ProposeOutcome.OwnerNotMember:
                return await FormWithProblemAsync(tenantId, actor, teamId, patternKey, data, text["Pilot.Problem.Owner"], text, cancellationToken);
            case ProposeOutcome.NotConfirmedFit:
                return TurnReply.Text(text["Pilot.NotConfirmedFit"]);
            default:
                return TurnReply.Text(text["Backlog.NotMember"]);
        }
    }

    // The form comes back with what the person typed and what is wrong with it.
    private async Task<TurnReply> FormWithProblemAsync(
        string tenantId, PilotActor actor, string teamId, int patternKey, JObject data, string problem, BotText text, CancellationToken cancellationToken)
    {
        // The rules' prefill only: the typed fields replace it, and the model is not asked again.
        if (await proposals.PrefillAsync(tenantId, actor, teamId, patternKey, PilotText.For(text.Culture.Name), cancellationToken) is not DraftOpening.Ready ready)
        {
            return TurnReply.Text(text["Pilot.NotConfirmedFit"]);
        }

        var typed = Typed(data, ready.Proposal);
        return TurnReply.Replace(PilotCards.ProposalForm(new ProposalFormView(teamId, ready.Proposal.PatternKey, ready.Proposal.PatternTitle, typed, ready.Members, Today(), Problem: problem), text));
    }

    private async Task<TurnReply> EditFormAsync(string tenantId, Person person, long id, string? problem, BotText text, CancellationToken cancellationToken)
    {
        if (await pilotSteps.ViewAsync(tenantId, person.AadObjectId, id, cancellationToken) is not { } view)
        {
            return TurnReply.Text(text["Pilot.NotFound"]);
        }

        if (!view.ViewerIsProposer || view.Pilot.State != PilotState.ChangesRequested)
        {
            return TurnReply.Replace(PilotCards.Detail(view, text, text["Pilot.Refused.NotProposer"]));
        }

        var pilot = view.Pilot;
        var members = await proposals.PrefillAsync(tenantId, Actor(person, text), pilot.TeamId, pilot.PatternKey, PilotText.For(text.Culture.Name), cancellationToken) is DraftOpening.Ready ready
            ? ready.Members
            : [new PilotActor(pilot.OwnerAadObjectId, pilot.OwnerName)];
        var proposal = new PilotProposal(pilot.PatternKey, pilot.PatternTitle, pilot.Step, pilot.StaysManual, pilot.WhoIsRelieved,
            new PilotActor(pilot.OwnerAadObjectId, pilot.OwnerName), pilot.ReviewOn, pilot.AiDrafted);
        return TurnReply.Replace(PilotCards.ProposalForm(new ProposalFormView(pilot.TeamId, pilot.PatternKey, pilot.PatternTitle, proposal, members, Today(), pilot.Id, problem), text));
    }

    private async Task<TurnReply> AnswerReliefAsync(string tenantId, Person person, long askId, JObject data, BotText text, CancellationToken cancellationToken)
    {
        var value = CardData.Text(data, PilotCards.ReliefInputId);
        if (value is null || !Enum.TryParse<Relief>(value, ignoreCase: false, out var relief) || !Enum.IsDefined(relief))
        {
            return await reliefChecks.FindAskAsync(tenantId, person.AadObjectId, askId, cancellationToken) is { } asked
                ? TurnReply.Replace(PilotCards.ReliefQuestion(askId, asked.Pilot, asked.Ask.Week, text, text["Relief.Choose"]))
                : TurnReply.Text(text["Relief.NotYours"]);
        }

        var outcome = await reliefChecks.AnswerAsync(tenantId, person.AadObjectId, askId, relief, CardData.Text(data, PilotCards.CommentInputId), cancellationToken);
        return outcome == ReliefAnswerOutcome.Recorded ? TurnReply.Replace(PilotCards.ReliefThanks(text)) : TurnReply.Text(text[$"Relief.{outcome}"]);
    }

    // The proposer's own fields; the pattern and its title are the server's. Null when the review date is no date.
    // Whether the fields started as an AI draft comes from the form the bot sent this proposer: the flag grants no
    // right, and the proposer could as well retype the fields, so it is their statement, recorded as such.
    private static PilotProposal? Proposal(JObject data, int patternKey, PilotActor proposer)
    {
        DateOnly? reviewOn = null;
        if (CardData.Text(data, PilotCards.ReviewInputId) is { Length: > 0 } date)
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return null;
            }

            reviewOn = parsed;
        }

        var owner = CardData.Text(data, PilotCards.OwnerInputId) is { Length: > 0 } ownerId ? new PilotActor(ownerId, string.Empty) : proposer;
        return new PilotProposal(
            patternKey,
            string.Empty,
            CardData.Text(data, PilotCards.StepInputId) ?? string.Empty,
            CardData.Text(data, PilotCards.ManualInputId) ?? string.Empty,
            CardData.Text(data, PilotCards.RelievedInputId) ?? string.Empty,
            owner,
            reviewOn,
            AiDrafted(data));
    }

    private static bool AiDrafted(JObject data) => CardData.Text(data, PilotCards.DraftField) == PilotCards.AiDraft;

    private static PilotProposal Typed(JObject data, PilotProposal draft) => draft with
    {
        AiDrafted = AiDrafted(data),
        Step = CardData.Text(data, PilotCards.StepInputId) ?? draft.Step,
        StaysManual = CardData.Text(data, PilotCards.ManualInputId) ?? draft.StaysManual,
        WhoIsRelieved = CardData.Text(data, PilotCards.RelievedInputId) ?? draft.WhoIsRelieved,
    };

    private static string Problems(IReadOnlyList<PilotProblem> problems, BotText text) =>
        string.Join(" ", problems.Select(p => text[$"Pilot.Problem.{p}"]));

    private static string Refusal(PilotResult result, BotText text)
    {
        var words = PilotText.For(text.Culture.Name);
        return result switch
        {
            PilotResult.NotLead => text["Pilot.Refused.NotLead"],
            PilotResult.NotLeadOrOwner => text["Pilot.Refused.NotLeadOrOwner"],
            PilotResult.NotProposer => text["Pilot.Refused.NotProposer"],
            PilotResult.AlreadyDecided already => string.Format(text.Culture, text["Pilot.Refused.AlreadyDecided"],
                already.ByName, BacklogCards.Day(DateOnly.FromDateTime(already.At.UtcDateTime), text), words.StateName(already.State)),
            PilotResult.Withdrawn withdrawn => string.Format(text.Culture, text["Pilot.Refused.Withdrawn"], BacklogCards.Day(DateOnly.FromDateTime(withdrawn.At.UtcDateTime), text)),
            PilotResult.OverRunningLimit over => string.Format(text.Culture, text["Pilot.Refused.OverLimit"], over.Running, over.MaxRunning),
            PilotResult.ReasonRequired => text["Pilot.Refused.ReasonRequired"],
            PilotResult.ReasonTooLong tooLong => string.Format(text.Culture, text["Pilot.Refused.ReasonTooLong"], tooLong.MaxLength),
            PilotResult.WrongState wrong => string.Format(text.Culture, text["Pilot.Refused.WrongState"], words.StateName(wrong.State)),
            PilotResult.Invalid invalid => Problems(invalid.Problems, text),
            _ => text["UnknownAction.Reply"],
        };
    }

    private static PilotActor Actor(Person person, BotText text) => new(person.AadObjectId, person.Name ?? text["Pilot.Someone"]);

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
