using TeamsKiCoach.Coaching.Prompts;

namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>
/// One small pilot of a team: one pattern, one step to automate, a human owner, and a lead's decision before
/// anything starts. Every step goes through a method here that refuses what is not allowed; every step that is
/// done raises <see cref="Version"/>, so that storage, using it as a concurrency token, lets exactly one of two
/// leads deciding at the same moment win.
/// </summary>
public sealed class Pilot : ITenantOwned
{
    public const int MaxPatternTitleLength = 200;
    public const int MaxStepLength = 200;
    public const int MaxTextLength = 1000;
    public const int MaxReasonLength = 500;

    public const int DefaultReviewDays = 28;
    public const int MinReviewDays = 7;
    public const int MaxReviewDays = 12 * 7;

    /// <summary>The last relief check is three weeks after the start; a review before it would decide without it.</summary>
    private const int LastReliefCheckDay = 21;

    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }

    /// <summary>Numbered per team, from 1: what people see ("Pilot #3").</summary>
    public int Number { get; set; }

    /// <summary>The stored pattern it automates a step of (<see cref="Backlog.BacklogPattern"/>); <see cref="PatternKey"/> is its number.</summary>
    public long? PatternId { get; internal set; }

    public int PatternKey { get; set; }
    public required string PatternTitle { get; set; }

    /// <summary>The single step to automate, one sentence.</summary>
    public required string Step { get; set; }

    public required string StaysManual { get; set; }

    /// <summary>Who is relieved and how they would notice.</summary>
    public required string WhoIsRelieved { get; set; }

    public required string OwnerAadObjectId { get; set; }
    public required string OwnerName { get; set; }

    public required string ProposedByAadObjectId { get; set; }
    public required string ProposedByName { get; set; }
    public DateTimeOffset ProposedAt { get; set; }

    public DateOnly ReviewOn { get; set; }

    /// <summary>Changed only by the steps below (and read back by storage); no caller sets it.</summary>
    public PilotState State { get; internal set; }

    /// <summary>Raised by every step; storage's concurrency token.</summary>
    public int Version { get; internal set; }

    /// <summary>The lead's decision on the current proposal; cleared when the proposer resubmits after changes.</summary>
    public PilotDecision? Decision { get; internal set; }

    public string? DecidedByAadObjectId { get; internal set; }
    public string? DecidedByName { get; internal set; }
    public DateTimeOffset? DecidedAt { get; internal set; }

    /// <summary>Why a lead declined it, or what they asked to change.</summary>
    public string? DecisionReason { get; internal set; }

    public DateTimeOffset? WithdrawnAt { get; internal set; }
    public DateTimeOffset? StartedAt { get; internal set; }
    public DateTimeOffset? PausedAt { get; internal set; }
    public DateTimeOffset? ReviewedAt { get; internal set; }

    /// <summary>When it was kept, adjusted or retired: the latest outcome.</summary>
    public DateTimeOffset? OutcomeAt { get; internal set; }

    public DateTimeOffset LastChangedAt { get; internal set; }

    /// <summary>The proposal's fields were drafted by an AI suggestion (and then edited or not by the proposer).</summary>
    public bool AiDrafted { get; set; }

    public bool CountsAsRunning => State.CountsAsRunning();

    public bool IsOwner(PilotActor actor) => actor.AadObjectId == OwnerAadObjectId;

    public bool IsProposer(PilotActor actor) => actor.AadObjectId == ProposedByAadObjectId;

    /// <summary>
    /// A new proposal from anyone in the team. <paramref name="number"/> is the next free number of the team;
    /// <paramref name="teamZone"/> decides which local date "four weeks from now" is.
    /// </summary>
    public static ProposalResult Propose(string tenantId, string teamId, int number, PilotProposal proposal, PilotActor proposer, TimeZoneInfo teamZone, DateTimeOffset now)
    {
        var (fields, problems) = Clean(proposal, PromptCalendar.LocalDate(now, teamZone));
        if (problems.Count > 0)
        {
            return new ProposalResult.Invalid(problems);
        }

        var pilot = new Pilot
        {
            TenantId = tenantId,
            TeamId = teamId,
            Number = number,
            PatternKey = proposal.PatternKey,
            PatternTitle = fields.PatternTitle,
            Step = fields.Step,
            StaysManual = fields.StaysManual,
            WhoIsRelieved = fields.WhoIsRelieved,
            OwnerAadObjectId = fields.Owner.AadObjectId,
            OwnerName = fields.Owner.Name,
            ProposedByAadObjectId = proposer.AadObjectId,
            ProposedByName = proposer.Name,
            ProposedAt = now,
            ReviewOn = fields.ReviewOn,
            AiDrafted = proposal.AiDrafted,
            State = PilotState.Proposed,
            Version = 1,
            LastChangedAt = now,
        };
        return new ProposalResult.Proposed(pilot, new PilotChange(
            PilotAction.Proposed, PilotState.Proposed, PilotState.Proposed, proposer.AadObjectId, proposer.Name, now, null, proposal.AiDrafted));
    }

    /// <summary>The proposer sends it again, edited, after a lead asked for changes.</summary>
    public PilotResult Resubmit(PilotActor actor, PilotProposal proposal, TimeZoneInfo teamZone, DateTimeOffset now)
    {
        if (!IsProposer(actor))
        {
            return new PilotResult.NotProposer();
        }

        if (State != PilotState.ChangesRequested)
        {
            return DecisionRefusal();
        }

        var (fields, problems) = Clean(proposal, PromptCalendar.LocalDate(now, teamZone));
        if (problems.Count > 0)
        {
            return new PilotResult.Invalid(problems);
        }

        PatternKey = proposal.PatternKey;
        PatternTitle = fields.PatternTitle;
        Step = fields.Step;
        StaysManual = fields.StaysManual;
        WhoIsRelieved = fields.WhoIsRelieved;
        OwnerAadObjectId = fields.Owner.AadObjectId;
        OwnerName = fields.Owner.Name;
        ReviewOn = fields.ReviewOn;
        AiDrafted = proposal.AiDrafted;

        // A fresh proposal for the leads: the earlier request stays in the audit trail, not on the card.
        Decision = null;
        DecidedByAadObjectId = null;
        DecidedByName = null;
        DecidedAt = null;
        DecisionReason = null;
        return Move(PilotAction.Resubmitted, PilotState.Proposed, actor, now, null, AiDrafted);
    }

    /// <summary>The proposer takes it back, while no lead has approved or declined it.</summary>
    public PilotResult Withdraw(PilotActor actor, DateTimeOffset now)
    {
        if (!IsProposer(actor))
        {
            return new PilotResult.NotProposer();
        }

        if (State is not (PilotState.Proposed or PilotState.ChangesRequested))
        {
            return DecisionRefusal();
        }

        WithdrawnAt = now;
        return Move(PilotAction.Withdrawn, PilotState.Withdrawn, actor, now, null, false);
    }

    /// <summary>
    /// A lead approves. <paramref name="runningPilots"/> is how many other pilots of the team count as running
    /// (<see cref="PilotStateExtensions.CountsAsRunning"/>); approving takes a place, so it must be below
    /// <paramref name="maxRunning"/>.
    /// </summary>
    public PilotResult Approve(PilotActor actor, bool actorIsLead, int runningPilots, int maxRunning, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRunning, 1);
        if (RefuseDecision(actorIsLead) is { } refusal)
        {
            return refusal;
        }

        if (runningPilots >= maxRunning)
        {
            return new PilotResult.OverRunningLimit(runningPilots, maxRunning);
        }

        return Decide(PilotDecision.Approved, PilotAction.Approved, PilotState.Approved, actor, null, now);
    }

    public PilotResult Decline(PilotActor actor, bool actorIsLead, string? reason, DateTimeOffset now)
    {
        if (RefuseDecision(actorIsLead) is { } refusal)
        {
            return refusal;
        }

        if (RefuseReason(reason, required: true, out var cleaned) is { } bad)
        {
            return bad;
        }

        return Decide(PilotDecision.Declined, PilotAction.Declined, PilotState.Declined, actor, cleaned, now);
    }

    /// <summary>Back to the proposer with what to change; they may resubmit or withdraw it.</summary>
    public PilotResult RequestChanges(PilotActor actor, bool actorIsLead, string? comment, DateTimeOffset now)
    {
        if (RefuseDecision(actorIsLead) is { } refusal)
        {
            return refusal;
        }

        if (RefuseReason(comment, required: true, out var cleaned) is { } bad)
        {
            return bad;
        }

        return Decide(PilotDecision.ChangesRequested, PilotAction.ChangesRequested, PilotState.ChangesRequested, actor, cleaned, now);
    }

    /// <summary>
    /// A lead or the owner starts an approved pilot. A review date that would come before the last relief check
    /// (the approval took a while) moves to four weeks after the start, counted in UTC days: one day off at most.
    /// </summary>
    public PilotResult Start(PilotActor actor, bool actorIsLead, DateTimeOffset now)
    {
        if (!actorIsLead && !IsOwner(actor))
        {
            return new PilotResult.NotLeadOrOwner();
        }

        if (State != PilotState.Approved)
        {
            return StateRefusal();
        }

        StartedAt = now;
        var startDate = DateOnly.FromDateTime(now.UtcDateTime);
        if (ReviewOn <= startDate.AddDays(LastReliefCheckDay))
        {
            ReviewOn = startDate.AddDays(DefaultReviewDays);
        }

        return Move(PilotAction.Started, PilotState.Running, actor, now, null, false);
    }

    /// <summary>A lead or the owner pauses a running pilot; that gives its running place back.</summary>
    public PilotResult Pause(PilotActor actor, bool actorIsLead, string? reason, DateTimeOffset now)
    {
        if (!actorIsLead && !IsOwner(actor))
        {
            return new PilotResult.NotLeadOrOwner();
        }

        if (State is not (PilotState.Running or PilotState.Adjusted))
        {
            return StateRefusal();
        }

        if (RefuseReason(reason, required: false, out var cleaned) is { } bad)
        {
            return bad;
        }

        PausedAt = now;
        return Move(PilotAction.Paused, PilotState.Paused, actor, now, cleaned, false);
    }

    /// <summary>Like an approval, resuming takes a running place again, so only a lead may, and only below the limit.</summary>
    public PilotResult Resume(PilotActor actor, bool actorIsLead, int runningPilots, int maxRunning, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRunning, 1);
        if (!actorIsLead)
        {
            return new PilotResult.NotLead();
        }

        if (State != PilotState.Paused)
        {
            return StateRefusal();
        }

        if (runningPilots >= maxRunning)
        {
            return new PilotResult.OverRunningLimit(runningPilots, maxRunning);
        }

        PausedAt = null;
        return Move(PilotAction.Resumed, PilotState.Running, actor, now, null, false);
    }

    /// <summary>A lead or the owner looks back on a running pilot; its place stays taken until a lead decides the outcome.</summary>
    public PilotResult Review(PilotActor actor, bool actorIsLead, string? summary, DateTimeOffset now)
    {
        if (!actorIsLead && !IsOwner(actor))
        {
            return new PilotResult.NotLeadOrOwner();
        }

        if (State is not (PilotState.Running or PilotState.Adjusted))
        {
            return StateRefusal();
        }

        if (RefuseReason(summary, required: false, out var cleaned) is { } bad)
        {
            return bad;
        }

        ReviewedAt = now;
        return Move(PilotAction.Reviewed, PilotState.Reviewed, actor, now, cleaned, false);
    }

    /// <summary>A lead keeps a reviewed pilot as the team's automation; it leaves the running count.</summary>
    public PilotResult Keep(PilotActor actor, bool actorIsLead, string? comment, DateTimeOffset now)
    {
        if (!actorIsLead)
        {
            return new PilotResult.NotLead();
        }

        if (State != PilotState.Reviewed)
        {
            return StateRefusal();
        }

        if (RefuseReason(comment, required: false, out var cleaned) is { } bad)
        {
            return bad;
        }

        OutcomeAt = now;
        return Move(PilotAction.Kept, PilotState.Kept, actor, now, cleaned, false);
    }

    /// <summary>
    /// A lead changes a reviewed pilot (what was adjusted is the reason) and lets it run again until
    /// <paramref name="nextReviewOn"/>, by default four weeks on. It keeps its running place.
    /// </summary>
    public PilotResult Adjust(PilotActor actor, bool actorIsLead, string? reason, DateOnly? nextReviewOn, DateTimeOffset now)
    {
        if (!actorIsLead)
        {
            return new PilotResult.NotLead();
        }

        if (State != PilotState.Reviewed)
        {
            return StateRefusal();
        }

        if (RefuseReason(reason, required: true, out var cleaned) is { } bad)
        {
            return bad;
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var next = nextReviewOn ?? today.AddDays(DefaultReviewDays);
        if (next < today.AddDays(MinReviewDays) || next > today.AddDays(MaxReviewDays))
        {
            return new PilotResult.Invalid([next < today.AddDays(MinReviewDays) ? PilotProblem.ReviewDateTooEarly : PilotProblem.ReviewDateTooLate]);
        }

        ReviewOn = next;
        OutcomeAt = now;
        return Move(PilotAction.Adjusted, PilotState.Adjusted, actor, now, cleaned, false);
    }

    /// <summary>
    /// A lead ends a pilot, after its review or at any time before (the quickest way to free a running place);
    /// the reason is required, because a retired pilot is a lesson for the next one.
    /// </summary>
    public PilotResult Retire(PilotActor actor, bool actorIsLead, string? reason, DateTimeOffset now)
    {
        if (!actorIsLead)
        {
            return new PilotResult.NotLead();
        }

        if (State is not (PilotState.Approved or PilotState.Running or PilotState.Paused or PilotState.Reviewed or PilotState.Adjusted))
        {
            return StateRefusal();
        }

        if (RefuseReason(reason, required: true, out var cleaned) is { } bad)
        {
            return bad;
        }

        OutcomeAt = now;
        return Move(PilotAction.Retired, PilotState.Retired, actor, now, cleaned, false);
    }

    // Not a lead comes first: whoever may not decide learns nothing about the pilot from trying.
    private PilotResult? RefuseDecision(bool actorIsLead) =>
        !actorIsLead ? new PilotResult.NotLead()
        : State == PilotState.Proposed ? null
        : DecisionRefusal();

    // Past its proposal, a pilot answers with the decision that was made, so a late lead or a double click learns who decided.
    private PilotResult DecisionRefusal() => State switch
    {
        PilotState.Withdrawn when WithdrawnAt is { } at => new PilotResult.Withdrawn(at),
        _ when Decision is { } decision && DecidedAt is { } at => new PilotResult.AlreadyDecided(decision, State, DecidedByAadObjectId ?? string.Empty, DecidedByName ?? string.Empty, at),
        _ => new PilotResult.WrongState(State),
    };

    // Steps after the decision name where the pilot stands: "already approved" would not explain why it cannot start.
    private PilotResult StateRefusal() => State == PilotState.Withdrawn && WithdrawnAt is { } at
        ? new PilotResult.Withdrawn(at)
        : new PilotResult.WrongState(State);

    private PilotResult Decide(PilotDecision decision, PilotAction action, PilotState to, PilotActor actor, string? reason, DateTimeOffset now)
    {
        Decision = decision;
        DecidedByAadObjectId = actor.AadObjectId;
        DecidedByName = actor.Name;
        DecidedAt = now;
        DecisionReason = reason;
        return Move(action, to, actor, now, reason, AiDrafted);
    }

    private PilotResult.Done Move(PilotAction action, PilotState to, PilotActor actor, DateTimeOffset now, string? reason, bool aiInvolved)
    {
        var change = new PilotChange(action, State, to, actor.AadObjectId, actor.Name, now, reason, aiInvolved);
        State = to;
        Version++;
        LastChangedAt = now;
        return new PilotResult.Done(change);
    }

    private static PilotResult? RefuseReason(string? reason, bool required, out string? cleaned)
    {
        cleaned = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        return cleaned is null && required ? new PilotResult.ReasonRequired()
            : cleaned?.Length > MaxReasonLength ? new PilotResult.ReasonTooLong(MaxReasonLength)
            : null;
    }

    private sealed record Fields(string PatternTitle, string Step, string StaysManual, string WhoIsRelieved, PilotActor Owner, DateOnly ReviewOn);

    private static (Fields Fields, List<PilotProblem> Problems) Clean(PilotProposal proposal, DateOnly today)
    {
        var problems = new List<PilotProblem>();
        var title = OneLine(proposal.PatternTitle);
        var step = OneLine(proposal.Step);
        var staysManual = proposal.StaysManual?.Trim() ?? string.Empty;
        var relieved = proposal.WhoIsRelieved?.Trim() ?? string.Empty;
        var owner = proposal.Owner is { } o && !string.IsNullOrWhiteSpace(o.AadObjectId) ? o with { Name = o.Name?.Trim() ?? string.Empty } : null;
        var reviewOn = proposal.ReviewOn ?? today.AddDays(DefaultReviewDays);

        Check(title, MaxPatternTitleLength, PilotProblem.PatternTitleMissing, PilotProblem.PatternTitleTooLong);
        Check(step, MaxStepLength, PilotProblem.StepMissing, PilotProblem.StepTooLong);
        Check(staysManual, MaxTextLength, PilotProblem.StaysManualMissing, PilotProblem.StaysManualTooLong);
        Check(relieved, MaxTextLength, PilotProblem.WhoIsRelievedMissing, PilotProblem.WhoIsRelievedTooLong);
        if (owner is null)
        {
            problems.Add(PilotProblem.OwnerMissing);
        }

        if (reviewOn < today.AddDays(MinReviewDays))
        {
            problems.Add(PilotProblem.ReviewDateTooEarly);
        }
        else if (reviewOn > today.AddDays(MaxReviewDays))
        {
            problems.Add(PilotProblem.ReviewDateTooLate);
        }

        return (new Fields(title, step, staysManual, relieved, owner ?? new PilotActor(string.Empty, string.Empty), reviewOn), problems);

        void Check(string text, int max, PilotProblem missing, PilotProblem tooLong)
        {
            if (text.Length == 0)
            {
                problems.Add(missing);
            }
            else if (text.Length > max)
            {
                problems.Add(tooLong);
            }
        }
    }

    // The step is one sentence on a card: line breaks and runs of spaces would only make it look like more.
    private static string OneLine(string? text) =>
        string.Join(' ', (text ?? string.Empty).Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
