using System.Globalization;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Audit;
using TeamsKiCoach.Storage.Pilots;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>
/// The proposal form: a new pilot from a pattern (<see cref="PilotId"/> null) or a proposal sent back for changes.
/// <see cref="Members"/> are the people who may own it; <see cref="Today"/> bounds the review date (the turn's clock,
/// so that a card never reads the time itself); <see cref="Note"/> says why an AI draft fell back to the rules'.
/// </summary>
public sealed record ProposalFormView(
    string TeamId,
    int PatternKey,
    string PatternTitle,
    PilotProposal Proposal,
    IReadOnlyList<PilotActor> Members,
    DateOnly Today,
    long? PilotId = null,
    string? Problem = null,
    string? Note = null);

/// <summary>One pilot in the team's list.</summary>
public sealed record PilotLine(long Id, int Number, string PatternTitle, PilotState State);

/// <summary>The cards of pilots: the proposal form, the pilot with its decision, its history, the team's list, and the relief question.</summary>
public static class PilotCards
{
    public const string PilotField = "pilot";
    public const string AskField = "ask";
    public const string TeamField = BacklogCards.TeamField;
    public const string EntryField = BacklogCards.EntryField;
    public const string StepInputId = "step";
    public const string ManualInputId = "manual";
    public const string RelievedInputId = "relieved";
    public const string OwnerInputId = "owner";
    public const string ReviewInputId = "review";
    public const string ReasonInputId = "reason";
    public const string ReliefInputId = "relief";
    public const string CommentInputId = "comment";
    public const int MaxListed = 10;

    /// <summary>On a new proposal's form whose fields an AI drafted: carried to the send, so the proposal says so.</summary>
    public const string DraftField = "draft";
    public const string AiDraft = "ai";

    public static AdaptiveCard ProposalForm(ProposalFormView view, BotText text)
    {
        var proposal = view.Proposal;
        var body = new List<CardElement>
        {
            new TextBlock(text[view.PilotId is null ? "Pilot.Form.Title" : "Pilot.Form.EditTitle"]) { Bold = true, Size = TextSize.Medium },
            new TextBlock(string.Format(text.Culture, text["Pattern.Title"], view.PatternKey)) { Subtle = true },
            new LiteralText(view.PatternTitle),
            new TextBlock(text[proposal.AiDrafted ? "Pilot.Form.AiDraft" : "Pilot.Form.Draft"]) { Subtle = !proposal.AiDrafted, Bold = proposal.AiDrafted },
        };
        if (view.Note is not null)
        {
            body.Add(new Container([new TextBlock(view.Note)]) { Style = ContainerStyle.Warning });
        }

        if (view.Problem is not null)
        {
            body.Add(new Container([new TextBlock(view.Problem)]) { Style = ContainerStyle.Attention });
        }

        var today = view.Today;
        body.Add(new TextInput(StepInputId, text["Pilot.Field.Step"])
        {
            Value = proposal.Step,
            MaxLength = Pilot.MaxStepLength,
            RequiredMessage = text["Pilot.Field.Required"],
        });
        body.Add(new TextInput(ManualInputId, text["Pilot.Field.StaysManual"])
        {
            Value = proposal.StaysManual,
            Multiline = true,
            MaxLength = Pilot.MaxTextLength,
            RequiredMessage = text["Pilot.Field.Required"],
        });
        body.Add(new TextInput(RelievedInputId, text["Pilot.Field.Relieved"])
        {
            Value = proposal.WhoIsRelieved,
            Multiline = true,
            MaxLength = Pilot.MaxTextLength,
            RequiredMessage = text["Pilot.Field.Required"],
        });
        body.Add(new ChoiceInput(OwnerInputId, text["Pilot.Field.Owner"], view.Members.Select(m => new Choice(m.Name, m.AadObjectId)).ToList())
        {
            Value = proposal.Owner.AadObjectId,
            RequiredMessage = text["Pilot.Field.Required"],
        });
        body.Add(new DateInput(ReviewInputId, text["Pilot.Field.ReviewOn"])
        {
            Value = proposal.ReviewOn,
            Min = today.AddDays(Pilot.MinReviewDays),
            Max = today.AddDays(Pilot.MaxReviewDays),
        });
        body.Add(new TextBlock(text["Pilot.Form.Hint"]) { Subtle = true });

        var data = view.PilotId is { } id
            ? new Dictionary<string, string> { [PilotField] = Id(id) }
            : new Dictionary<string, string> { [TeamField] = view.TeamId, [EntryField] = view.PatternKey.ToString(CultureInfo.InvariantCulture) };
        if (view.PilotId is null && proposal.AiDrafted)
        {
            data[DraftField] = AiDraft;
        }

        return new AdaptiveCard(body,
        [
            new ExecuteAction(text["Pilot.Form.Send"], view.PilotId is null ? CardVerbs.SendProposal : CardVerbs.ResubmitPilot, data),
            view.PilotId is { } back
                ? new ExecuteAction(text["Pilot.Form.Cancel"], CardVerbs.ShowPilot, new Dictionary<string, string> { [PilotField] = Id(back) })
                : new ExecuteAction(text["Pilot.Form.Cancel"], CardVerbs.ShowPattern, new Dictionary<string, string>
                {
                    [TeamField] = view.TeamId,
                    [EntryField] = view.PatternKey.ToString(CultureInfo.InvariantCulture),
                }),
        ]);
    }

    /// <summary>
    /// The pilot as <paramref name="view"/>'s viewer should see it: the decision once there is one, the brake, the
    /// relief rounds for the owner and the leads, and only the buttons the viewer may use. The card refreshes for the
    /// leads, the proposer and the owner, so everyone sees the same decision after it was made.
    /// </summary>
    public static AdaptiveCard Detail(PilotView view, BotText text, string? note = null)
    {
        var pilot = view.Pilot;
        var words = PilotText.For(text.Culture.Name);
        var body = new List<CardElement>
        {
            new TextBlock(string.Format(text.Culture, text["Pilot.Title"], pilot.Number)) { Bold = true, Size = TextSize.Medium },
            new LiteralText(pilot.PatternTitle),
            new TextBlock(string.Format(text.Culture, text["Pilot.State"], words.StateName(pilot.State))) { Bold = true },
        };
        if (note is not null)
        {
            body.Add(new Container([new TextBlock(note)]) { Style = ContainerStyle.Accent });
        }

        AddDecision(body, pilot, text);
        AddField(body, text["Pilot.Field.Step"], pilot.Step);
        AddField(body, text["Pilot.Field.StaysManual"], pilot.StaysManual);
        AddField(body, text["Pilot.Field.Relieved"], pilot.WhoIsRelieved);
        AddField(body, text["Pilot.Field.Owner"], pilot.OwnerName);
        body.Add(new TextBlock(string.Format(text.Culture, text["Pilot.ReviewOn"], BacklogCards.Day(pilot.ReviewOn, text))) { Subtle = true });
        body.Add(new LiteralText(string.Format(text.Culture, text["Pilot.ProposedBy"], pilot.ProposedByName, Day(pilot.ProposedAt, text))) { Subtle = true });
        if (pilot.AiDrafted)
        {
            body.Add(new TextBlock(text["Pilot.AiDrafted"]) { Subtle = true });
        }

        AddBrake(body, view, text, words);
        AddRelief(body, view, text, words);

        var data = new Dictionary<string, string> { [PilotField] = Id(pilot.Id) };
        var actions = Actions(view, text, data);
        if (actions.Any(a => a.NeedsReason))
        {
            body.Add(new TextInput(ReasonInputId, text["Pilot.Reason"]) { Multiline = true, MaxLength = Pilot.MaxReasonLength, Separator = true });
        }

        var buttons = actions.Select(a => (CardAction)new ExecuteAction(a.Title, a.Verb, data)).ToList();
        buttons.Add(new ExecuteAction(text["Pilot.History"], CardVerbs.PilotHistory, data));
        return new AdaptiveCard(body, buttons) { Refresh = new CardRefresh(CardVerbs.RefreshPilot, data, view.DeciderTeamsUserIds) };
    }

    /// <summary>"verlauf": every step of the pilot from the audit trail, oldest first.</summary>
    public static AdaptiveCard History(Pilot pilot, IReadOnlyList<AuditRecord> steps, BotText text)
    {
        var body = new List<CardElement>
        {
            new TextBlock(string.Format(text.Culture, text["Pilot.History.Title"], pilot.Number)) { Bold = true, Size = TextSize.Medium },
            new LiteralText(pilot.PatternTitle) { Subtle = true },
        };
        foreach (var step in steps)
        {
            var action = PilotAudit.ActionOf(step.Action) is { } known ? text[$"Pilot.Action.{known}"] : step.Action;
            var items = new List<CardElement>
            {
                new TextBlock(string.Format(text.Culture, text["Pilot.History.Step"], Day(step.At, text), action)) { Bold = true },
                new LiteralText(string.Format(text.Culture, text["Pilot.History.By"], step.ActorName ?? text["Pilot.Someone"])),
            };
            if (step.Detail is { } detail)
            {
                items.Add(new LiteralText(detail) { Subtle = true });
            }

            if (step.AiInvolved)
            {
                items.Add(new TextBlock(text["Pilot.History.Ai"]) { Subtle = true });
            }

            body.Add(new Container(items) { Separator = true });
        }

        return new AdaptiveCard(body, [new ExecuteAction(text["Pilot.Open"], CardVerbs.ShowPilot, new Dictionary<string, string> { [PilotField] = Id(pilot.Id) })]);
    }

    /// <summary>"piloten": the team's pilots, newest first, with the running limit.</summary>
    public static AdaptiveCard List(string backlogName, IReadOnlyList<PilotLine> pilots, int running, int maxRunning, BotText text)
    {
        var words = PilotText.For(text.Culture.Name);
        var body = new List<CardElement>
        {
            new TextBlock(text["Pilots.Title"]) { Bold = true, Size = TextSize.Medium },
            new LiteralText(backlogName) { Subtle = true },
            new TextBlock(string.Format(text.Culture, text["Pilots.Running"], running, maxRunning)) { Subtle = true },
        };
        if (pilots.Count == 0)
        {
            body.Add(new TextBlock(text["Pilots.None"]));
        }

        foreach (var line in pilots.Take(MaxListed))
        {
            var data = new Dictionary<string, string> { [PilotField] = Id(line.Id) };
            body.Add(new Container(
            [
                new LiteralText(string.Format(text.Culture, text["Pilots.Line"], line.Number, line.PatternTitle)),
                new TextBlock(words.StateName(line.State)) { Subtle = true },
                new ActionSet([new ExecuteAction(text["Pilot.Open"], CardVerbs.ShowPilot, data), new ExecuteAction(text["Pilot.History"], CardVerbs.PilotHistory, data)]),
            ]) { Separator = true });
        }

        if (pilots.Count > MaxListed)
        {
            body.Add(new TextBlock(string.Format(text.Culture, text["Pattern.More"], pilots.Count - MaxListed)) { Subtle = true });
        }

        return new AdaptiveCard(body);
    }

    /// <summary>Stage 4's one question, one and three weeks after the start.</summary>
    public static AdaptiveCard ReliefQuestion(long askId, Pilot pilot, int week, BotText text, string? problem = null)
    {
        var words = PilotText.For(text.Culture.Name);
        var body = new List<CardElement>
        {
            new TextBlock(words.ReliefQuestion) { Bold = true, Size = TextSize.Medium },
            new TextBlock(string.Format(text.Culture, text[week == 1 ? "Relief.Intro.One" : "Relief.Intro.Many"], pilot.Number, week)) { Subtle = true },
            new LiteralText(pilot.Step),
        };
        if (problem is not null)
        {
            body.Add(new Container([new TextBlock(problem)]) { Style = ContainerStyle.Attention });
        }

        body.Add(new ChoiceInput(ReliefInputId, words.ReliefQuestion, Enum.GetValues<Relief>().Select(r => new Choice(words.ReliefAnswer(r), r.ToString())).ToList())
        {
            Expanded = true,
            RequiredMessage = text["Pilot.Field.Required"],
        });
        body.Add(new TextInput(CommentInputId, words["Relief.Comment"]) { Multiline = true, MaxLength = ReliefAnswerRecord.MaxCommentLength });
        body.Add(new TextBlock(text["Relief.Anonymous"]) { Subtle = true });
        return new AdaptiveCard(body, [new ExecuteAction(text["Relief.Send"], CardVerbs.AnswerRelief, new Dictionary<string, string> { [AskField] = Id(askId) })]);
    }

    public static AdaptiveCard ReliefThanks(BotText text) => new([new TextBlock(text["Relief.Thanks"])]);

    private sealed record PilotButton(string Title, string Verb, bool NeedsReason);

    private static List<PilotButton> Actions(PilotView view, BotText text, IReadOnlyDictionary<string, string> data)
    {
        var lead = view.ViewerIsLead;
        var leadOrOwner = lead || view.ViewerIsOwner;
        var list = new List<PilotButton>();
        void Add(bool allowed, string key, string verb, bool reason = false)
        {
            if (allowed)
            {
                list.Add(new PilotButton(text[key], verb, reason));
            }
        }

        switch (view.Pilot.State)
        {
            case PilotState.Proposed:
                Add(lead && !view.Brake.ApprovalBlocked, "Pilot.Approve", CardVerbs.ApprovePilot);
                Add(lead, "Pilot.Decline", CardVerbs.DeclinePilot, reason: true);
                Add(lead, "Pilot.RequestChanges", CardVerbs.RequestPilotChanges, reason: true);
                Add(view.ViewerIsProposer, "Pilot.Withdraw", CardVerbs.WithdrawPilot);
                break;
            case PilotState.ChangesRequested:
                Add(view.ViewerIsProposer, "Pilot.Edit", CardVerbs.EditPilot);
                Add(view.ViewerIsProposer, "Pilot.Withdraw", CardVerbs.WithdrawPilot);
                break;
            case PilotState.Approved:
                Add(leadOrOwner, "Pilot.Start", CardVerbs.StartPilot);
                Add(lead, "Pilot.Retire", CardVerbs.RetirePilot, reason: true);
                break;
            case PilotState.Running or PilotState.Adjusted:
                Add(leadOrOwner, "Pilot.Review", CardVerbs.ReviewPilot, reason: true);
                Add(leadOrOwner, "Pilot.Pause", CardVerbs.PausePilot, reason: true);
                Add(lead, "Pilot.Retire", CardVerbs.RetirePilot, reason: true);
                break;
            case PilotState.Paused:
                Add(lead && !view.Brake.ApprovalBlocked, "Pilot.Resume", CardVerbs.ResumePilot);
                Add(lead, "Pilot.Retire", CardVerbs.RetirePilot, reason: true);
                break;
            case PilotState.Reviewed:
                Add(lead, "Pilot.Keep", CardVerbs.KeepPilot, reason: true);
                Add(lead, "Pilot.Adjust", CardVerbs.AdjustPilot, reason: true);
                Add(lead, "Pilot.Retire", CardVerbs.RetirePilot, reason: true);
                break;
        }

        return list;
    }

    private static void AddDecision(List<CardElement> body, Pilot pilot, BotText text)
    {
        if (pilot.State == PilotState.Withdrawn && pilot.WithdrawnAt is { } withdrawn)
        {
            body.Add(new Container([new TextBlock(string.Format(text.Culture, text["Pilot.WithdrawnOn"], Day(withdrawn, text)))]) { Style = ContainerStyle.Emphasis });
            return;
        }

        if (pilot.Decision is not { } decision || pilot.DecidedAt is not { } at)
        {
            if (pilot.State == PilotState.Proposed)
            {
                body.Add(new Container([new TextBlock(text["Pilot.WaitingForLead"])]) { Style = ContainerStyle.Emphasis });
            }

            return;
        }

        var items = new List<CardElement>
        {
            new LiteralText(string.Format(text.Culture, text[$"Pilot.Decided.{decision}"], pilot.DecidedByName ?? text["Pilot.Someone"], Day(at, text))),
        };
        if (pilot.DecisionReason is { } reason)
        {
            items.Add(new LiteralText(reason));
        }

        body.Add(new Container(items) { Style = decision == PilotDecision.Approved ? ContainerStyle.Good : ContainerStyle.Warning });
    }

    // Stage 6: while the running places are taken, the card says so, and what would free one; while a running pilot
    // is bypassed or relieves few, it suggests adjusting that one before the next.
    private static void AddBrake(List<CardElement> body, PilotView view, BotText text, PilotText words)
    {
        var brake = view.Brake;
        if (view.Pilot.State is PilotState.Proposed && brake.SuggestAdjustingFirst)
        {
            var adjust = new List<CardElement> { new TextBlock(text["Pilot.AdjustFirst"]) { Bold = true } };
            foreach (var running in brake.NeedingAdjustment)
            {
                adjust.Add(new LiteralText(string.Format(text.Culture, text[running.OpenBypassReports > 0 ? "Pilot.AdjustFirst.Bypassed" : "Pilot.AdjustFirst.LowRelief"],
                    running.Number, running.PatternTitle, running.OpenBypassReports)));
            }

            adjust.Add(new TextBlock(text["Pilot.AdjustFirst.Hint"]) { Subtle = true });
            body.Add(new Container(adjust) { Style = ContainerStyle.Warning });
        }

        if (view.Pilot.State is not (PilotState.Proposed or PilotState.Paused) || !brake.ApprovalBlocked)
        {
            return;
        }

        var items = new List<CardElement>
        {
            new TextBlock(string.Format(text.Culture, text["Pilot.Brake"], brake.Running.Count, brake.MaxRunning)) { Bold = true },
        };
        foreach (var running in brake.Running.Where(r => r.PilotId != view.Pilot.Id))
        {
            items.Add(new LiteralText(string.Format(text.Culture, text["Pilot.Brake.Running"], running.Number, running.PatternTitle, words.StateName(running.State),
                string.Join(" · ", running.WaysToFree.Select(words.WayToFree)))));
        }

        items.Add(new TextBlock(text["Pilot.Brake.Unblock"]) { Subtle = true });
        body.Add(new Container(items) { Style = ContainerStyle.Warning });
    }

    private static void AddRelief(List<CardElement> body, PilotView view, BotText text, PilotText words)
    {
        foreach (var round in view.Relief)
        {
            var items = new List<CardElement>
            {
                new TextBlock(string.Format(text.Culture, text[round.Week == 1 ? "Pilot.Relief.One" : "Pilot.Relief.Many"], round.Week, round.Asked)) { Bold = true },
            };
            switch (round.Result)
            {
                case ReliefResult.NeedsMoreAnswers more:
                    items.Add(new TextBlock(words.Format("Relief.NeedsMoreAnswers", more.MinAnswers)) { Subtle = true });
                    break;
                case ReliefResult.Counted counted:
                    var c = counted.Counts;
                    items.Add(new TextBlock(string.Join(" · ",
                        $"{words.ReliefAnswer(Relief.Yes)} {c.Yes}", $"{words.ReliefAnswer(Relief.ABit)} {c.ABit}",
                        $"{words.ReliefAnswer(Relief.No)} {c.No}", $"{words.ReliefAnswer(Relief.NotAffected)} {c.NotAffected}")));
                    items.AddRange(c.Comments.Select(comment => (CardElement)new LiteralText(comment) { Subtle = true }));
                    break;
            }

            body.Add(new Container(items) { Separator = true });
        }
    }

    private static void AddField(List<CardElement> body, string label, string value)
    {
        body.Add(new TextBlock(label) { Subtle = true, Separator = true });
        body.Add(new LiteralText(value));
    }

    private static string Day(DateTimeOffset at, BotText text) => BacklogCards.Day(DateOnly.FromDateTime(at.UtcDateTime), text);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
