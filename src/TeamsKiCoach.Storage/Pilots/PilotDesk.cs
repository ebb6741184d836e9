using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Audit;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Progress;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Storage.Pilots;

/// <summary>A step a person can take on a pilot from a card.</summary>
public enum PilotStep
{
    Approve,
    Decline,
    RequestChanges,
    Withdraw,
    Resubmit,
    Start,
    Pause,
    Resume,
    Review,
    Keep,
    Adjust,
    Retire,
}

/// <summary>
/// A pilot as one person sees it: what they may do (by their AAD object id, checked here), the team's leads and
/// the relief rounds in aggregate (only for the owner and the leads).
/// </summary>
public sealed record PilotView(
    Pilot Pilot,
    bool ViewerIsLead,
    bool ViewerIsOwner,
    bool ViewerIsProposer,
    IReadOnlyList<string> LeadAadObjectIds,
    BrakeCheck Brake,
    IReadOnlyList<ReliefRound> Relief,
    IReadOnlyList<string> DeciderTeamsUserIds);

/// <summary>One relief round of a pilot: asked how many, and the result once enough answered.</summary>
public sealed record ReliefRound(int Week, int Asked, ReliefResult Result);

/// <summary>What the proposal form starts from, or why there is none.</summary>
public abstract record DraftOpening
{
    private DraftOpening()
    {
    }

    /// <summary>The form's fields and who may own it; <paramref name="Note"/> says why an AI draft fell back to the rules'.</summary>
    public sealed record Ready(string TeamId, PilotProposal Proposal, IReadOnlyList<PilotActor> Members, string? Note = null) : DraftOpening;

    public sealed record NotMember : DraftOpening;

    public sealed record NotFound : DraftOpening;

    /// <summary>Nobody confirmed the pattern as fit or partly fit yet: "Muss das ein Mensch tun?" first.</summary>
    public sealed record NotConfirmedFit : DraftOpening;
}

public abstract record ProposeOutcome
{
    private ProposeOutcome()
    {
    }

    public sealed record Proposed(PilotView View) : ProposeOutcome;

    public sealed record Invalid(IReadOnlyList<PilotProblem> Problems) : ProposeOutcome;

    public sealed record NotMember : ProposeOutcome;

    public sealed record NotConfirmedFit : ProposeOutcome;

    /// <summary>The owner named is no member of the team.</summary>
    public sealed record OwnerNotMember : ProposeOutcome;
}

/// <summary>What a step gave: the domain's result (done or refused) and the pilot as it stands now; null when not visible.</summary>
public sealed record StepOutcome(PilotResult Result, PilotView? View);

public enum LeadChange
{
    Added,
    AlreadyLead,
    NotLead,
    NotMember,
    NoTeam,
}

public enum ReliefAnswerOutcome
{
    Recorded,
    AlreadyAnswered,
    NotYours,
    Closed,
}

/// <summary>
/// Pilots of a team, stored: proposing from a pattern a person confirmed as fit, the leads' decisions, the
/// lifecycle, the relief checks and the audit trail. Every step runs the domain rule on <see cref="Pilot"/> with
/// roles read here from the acting person's AAD object id; every change is saved with its audit record and the
/// messages it plans, in one save. Two steps on the same pilot (or two that take the team's last running place) at
/// the same moment: one wins, the other is evaluated again and told what happened.
/// </summary>
public sealed class PilotDesk(
    CoachDbFactory dbFactory, AssessmentService assessments, PilotOptions options, TimeProvider clock, IPilotDrafter? drafter = null, Progress.ITeamProgressFacts? progress = null)
{
    public const string RunPrefix = "pilot:";

    // Stage 6's brake reads what the team may see of its pilot's use: the bypasses and relief of the shown pulse
    // aggregates (never a group under k) and the share of "no" in the relief check once five answered.
    private async Task<IReadOnlyDictionary<long, PilotSignals>?> SignalsAsync(CoachDbContext db, string teamId, IReadOnlyList<Pilot> teamPilots, CancellationToken cancellationToken)
    {
        if (progress is null)
        {
            return null;
        }

        var facts = await progress.ReadAsync(db, teamId, cancellationToken);
        var signals = new Dictionary<long, PilotSignals>();
        foreach (var pilot in teamPilots.Where(p => p.State.CountsAsRunning()))
        {
            var key = pilot.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var bypasses = facts.Bypasses.FirstOrDefault(b => b.PilotKey == key)?.Reports ?? 0;
            double? noShare = facts.Relief is { } relief && relief.PilotKey == key && relief.Answers >= ReliefResult.DefaultMinAnswers
                ? (double)(relief.Answers - relief.Relieved) / relief.Answers
                : null;
            var mean = facts.Pulse is { } pulse && pulse.PilotKey == key ? facts.PulseMean : null;
            signals[pilot.Id] = new PilotSignals(bypasses, mean, noShare);
        }

        return signals;
    }

    /// <summary>A relief question not answered within this time is no longer asked (the round is over).</summary>
    public static readonly TimeSpan ReliefAnswerWindow = TimeSpan.FromDays(5);

    /// <summary>A decision request that could not be delivered for this long is stale: the lead sees it with "piloten".</summary>
    public static readonly TimeSpan NoticeLifetime = TimeSpan.FromDays(3);

    public int MaxRunning => options.MaxRunning;

    /// <summary>
    /// The form for a new pilot from the pattern holding entry <paramref name="entry"/>, drafted by the configured
    /// drafter (a language model, or the rules). The draft only fills the fields: the pattern and its title are the
    /// backlog's, the owner is the proposer, and nothing is proposed until the proposer sends the form.
    /// </summary>
    public Task<DraftOpening> DraftAsync(string tenantId, PilotActor actor, string teamId, int entry, PilotText text, CancellationToken cancellationToken) =>
        OpenAsync(tenantId, actor, teamId, entry, text, drafter ?? RulePilotDrafter.Instance, cancellationToken);

    /// <summary>The same form pre-filled by the rules only: to show it again with a problem, or for its list of members.</summary>
    public Task<DraftOpening> PrefillAsync(string tenantId, PilotActor actor, string teamId, int entry, PilotText text, CancellationToken cancellationToken) =>
        OpenAsync(tenantId, actor, teamId, entry, text, RulePilotDrafter.Instance, cancellationToken);

    private async Task<DraftOpening> OpenAsync(
        string tenantId, PilotActor actor, string teamId, int entry, PilotText text, IPilotDrafter by, CancellationToken cancellationToken)
    {
        PilotDraftSubject subject;
        IReadOnlyList<PilotActor> members;
        await using (var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken))
        {
            if (!await BacklogService.MayUseAsync(db, teamId, actor.AadObjectId, cancellationToken))
            {
                return new DraftOpening.NotMember();
            }

            // Cards and nudges carry the pattern's own number; matching an entry's number too could pick another pattern.
            // A card shown before a lead's merge carries the merged pattern's number, which now leads to the one it went into.
            var number = await PatternStore.LiveNumberAsync(db, teamId, entry, cancellationToken) ?? entry;
            var pattern = (await assessments.PatternsAsync(db, teamId, cancellationToken)).FirstOrDefault(p => p.Pattern.Key == number);
            if (pattern is null)
            {
                return new DraftOpening.NotFound();
            }

            if (pattern.Assessment is not { IsConfirmedFit: true, ConfirmedVerdict: { } verdict } assessment)
            {
                return new DraftOpening.NotConfirmedFit();
            }

            subject = new PilotDraftSubject(pattern.Pattern, verdict, assessment.FittingPart);
            members = await MembersAsync(db, teamId, actor, cancellationToken);
        }

        // The connection is given back before a model is asked, which may take seconds.
        var suggestion = await by.DraftAsync(subject, actor, text, cancellationToken);
        var proposal = suggestion.Proposal with
        {
            PatternKey = subject.Pattern.Key,
            PatternTitle = subject.Pattern.Title,
            Owner = actor,
            ReviewOn = null,
        };
        return new DraftOpening.Ready(teamId, proposal, members, suggestion.Note);
    }

    /// <summary>
    /// A proposal as the proposer sent it. The pattern's title comes from the backlog, not from the card; the owner
    /// must be a member of the team. The leads get the card to decide, the team channel a notice.
    /// </summary>
    public async Task<ProposeOutcome> ProposeAsync(string tenantId, PilotActor actor, string teamId, PilotProposal proposal, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!await BacklogService.MayUseAsync(db, teamId, actor.AadObjectId, cancellationToken))
        {
            return new ProposeOutcome.NotMember();
        }

        var pattern = (await assessments.PatternsAsync(db, teamId, cancellationToken)).FirstOrDefault(p => p.Pattern.Key == proposal.PatternKey);
        if (pattern?.Assessment is not { IsConfirmedFit: true })
        {
            return new ProposeOutcome.NotConfirmedFit();
        }

        if (await OwnerAsync(db, teamId, proposal.Owner, cancellationToken) is not { } owner)
        {
            return new ProposeOutcome.OwnerNotMember();
        }

        var now = clock.GetUtcNow();
        var zone = await TeamZoneAsync(db, teamId, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var number = (await db.Pilots.Where(p => p.TeamId == teamId).MaxAsync(p => (int?)p.Number, cancellationToken) ?? 0) + 1;
            var result = Pilot.Propose(tenantId, teamId, number, proposal with { PatternTitle = pattern.Pattern.Title, Owner = owner }, actor, zone, now);
            if (result is not ProposalResult.Proposed proposed)
            {
                return new ProposeOutcome.Invalid(((ProposalResult.Invalid)result).Problems);
            }

            proposed.Pilot.PatternId = pattern.Pattern.Id == 0 ? null : pattern.Pattern.Id;

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                db.Pilots.Add(proposed.Pilot);
                await db.SaveChangesAsync(cancellationToken);
                PilotAudit.Add(db, proposed.Pilot, proposed.Change);
                await PlanProposalAsync(db, proposed.Pilot, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new ProposeOutcome.Proposed(await ViewAsync(db, proposed.Pilot, actor.AadObjectId, cancellationToken));
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Someone else took the same number at the same moment (unique per team): take the next one.
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The pilot for a person of its team; null when there is none or the person is no member.</summary>
    public async Task<PilotView?> ViewAsync(string tenantId, string actor, long pilotId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var pilot = await db.Pilots.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pilotId, cancellationToken);
        return pilot is not null && await BacklogService.MayUseAsync(db, pilot.TeamId, actor, cancellationToken)
            ? await ViewAsync(db, pilot, actor, cancellationToken)
            : null;
    }

    /// <summary>A pilot as its card shows it to <paramref name="recipient"/>, for a message the outbox sends; no membership check.</summary>
    public async Task<PilotView?> ViewForMessageAsync(string tenantId, long pilotId, string? recipient, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var pilot = await db.Pilots.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pilotId, cancellationToken);
        return pilot is null ? null : await ViewAsync(db, pilot, recipient ?? string.Empty, cancellationToken);
    }

    /// <summary>The team's pilots, newest first; null when the person is no member.</summary>
    public async Task<IReadOnlyList<Pilot>?> ListAsync(string tenantId, string actor, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!await BacklogService.MayUseAsync(db, teamId, actor, cancellationToken))
        {
            return null;
        }

        return await db.Pilots.AsNoTracking().Where(p => p.TeamId == teamId).OrderByDescending(p => p.Number).ToListAsync(cancellationToken);
    }

    /// <summary>The pilot with its number in a team, for "verlauf 3"; null when none or the person is no member.</summary>
    public async Task<Pilot?> FindByNumberAsync(string tenantId, string actor, string teamId, int number, CancellationToken cancellationToken)
    {
        var pilots = await ListAsync(tenantId, actor, teamId, cancellationToken);
        return pilots?.FirstOrDefault(p => p.Number == number);
    }

    /// <summary>The pilot's audit trail, oldest first; null when there is no such pilot or the person is no member.</summary>
    public async Task<(Pilot Pilot, IReadOnlyList<AuditRecord> Steps)?> HistoryAsync(string tenantId, string actor, long pilotId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var pilot = await db.Pilots.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pilotId, cancellationToken);
        if (pilot is null || !await BacklogService.MayUseAsync(db, pilot.TeamId, actor, cancellationToken))
        {
            return null;
        }

        var id = PilotAudit.SubjectId(pilot);
        var steps = await db.AuditRecords.AsNoTracking()
            .Where(a => a.TeamId == pilot.TeamId && a.Subject == AuditSubjects.Pilot && a.SubjectId == id)
            .OrderBy(a => a.Id)
            .ToListAsync(cancellationToken);
        return (pilot, steps);
    }

    /// <summary>
    /// One step by <paramref name="actor"/>. <paramref name="reason"/> is the reason, comment or summary the step
    /// takes; <paramref name="edited"/> the proposal for <see cref="PilotStep.Resubmit"/>.
    /// </summary>
    public async Task<StepOutcome> ActAsync(
        string tenantId, PilotActor actor, long pilotId, PilotStep step, string? reason, PilotProposal? edited, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
            var pilot = await db.Pilots.SingleOrDefaultAsync(p => p.Id == pilotId, cancellationToken);
            var role = pilot is null ? TeamRole.None : await BacklogService.UserRoleAsync(db, pilot.TeamId, actor.AadObjectId, cancellationToken);
            if (pilot is null || !role.IsMember)
            {
                return new StepOutcome(new PilotResult.NotLead(), null);
            }

            var isLead = role.IsLead;
            var team = await db.Teams.SingleOrDefaultAsync(t => t.TeamId == pilot.TeamId, cancellationToken);
            var running = await db.Pilots.CountAsync(
                p => p.TeamId == pilot.TeamId && p.Id != pilot.Id
                    && (p.State == PilotState.Approved || p.State == PilotState.Running || p.State == PilotState.Reviewed || p.State == PilotState.Adjusted),
                cancellationToken);
            var now = clock.GetUtcNow();
            var result = await StepAsync(db, pilot, actor, isLead, running, step, reason, edited, now, cancellationToken);
            if (result is not PilotResult.Done done)
            {
                return new StepOutcome(result, await ViewAsync(db, pilot, actor.AadObjectId, cancellationToken));
            }

            if (step is PilotStep.Approve or PilotStep.Resume && team is not null)
            {
                team.PilotPlaces++;
            }

            PilotAudit.Add(db, pilot, done.Change);
            await PlanAfterAsync(db, pilot, done.Change, now, cancellationToken);

            // The reads above are outside the transaction, so its first statement writes: on SQLite it then waits
            // for the other writer instead of failing on a stale snapshot.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                if (done.Change.Action == PilotAction.Started)
                {
                    await PlanReliefChecksAsync(db, pilot, now, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another step on this pilot, or on the team's running places, was saved first (its concurrency
                // token moved, or it planned the same message): decide again on what is stored now, so the
                // domain says who decided or that the place is taken.
                await transaction.RollbackAsync(CancellationToken.None);
                continue;
            }

            return new StepOutcome(result, await ViewAsync(db, pilot, actor.AadObjectId, cancellationToken));
        }
    }

    /// <summary>A lead of the team makes another member of it a lead.</summary>
    public async Task<LeadChange> AddLeadAsync(string tenantId, PilotActor actor, string teamId, string newLead, string? newLeadName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!await db.Teams.AnyAsync(t => t.TeamId == teamId && t.Installed, cancellationToken))
        {
            return LeadChange.NoTeam;
        }

        if (!(await TeamDirectory.RoleAsync(db, teamId, actor.AadObjectId, cancellationToken)).IsLead)
        {
            return LeadChange.NotLead;
        }

        // Only someone the team's roster names can be made a lead: Teams, not the card, says who is in the team.
        var role = await TeamDirectory.RoleAsync(db, teamId, newLead, cancellationToken);
        if (!role.OnRoster)
        {
            return LeadChange.NotMember;
        }

        if (role.IsLead)
        {
            return LeadChange.AlreadyLead;
        }

        var now = clock.GetUtcNow();
        db.TeamLeads.Add(new TeamLead { TenantId = tenantId, TeamId = teamId, AadObjectId = newLead, AddedAt = now, Source = LeadSource.AddedByLead });
        AuditTrail.Add(db, teamId, AuditSubjects.Lead, newLead, "added", actor.AadObjectId, actor.Name, now, newLeadName);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another lead added the same person at the same moment.
            return LeadChange.AlreadyLead;
        }

        return LeadChange.Added;
    }

    /// <summary>The AAD object id of a team member known by their Teams user id (a mention names only that).</summary>
    public async Task<string?> MemberByTeamsIdAsync(string tenantId, string teamId, string teamsUserId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == teamId && m.TeamsUserId == teamsUserId)
            .Select(m => m.AadObjectId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The relief question one person was asked, for its card; null when it is not theirs.</summary>
    public async Task<(ReliefAsk Ask, Pilot Pilot)?> ReliefAskAsync(string tenantId, string recipient, long askId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var ask = await db.ReliefAsks.AsNoTracking().SingleOrDefaultAsync(a => a.Id == askId, cancellationToken);
        if (ask is null || ask.RecipientAadObjectId != recipient)
        {
            return null;
        }

        var pilot = await db.Pilots.AsNoTracking().SingleAsync(p => p.Id == ask.PilotId, cancellationToken);
        return (ask, pilot);
    }

    /// <summary>
    /// A person's answer to their relief question. The ask is marked answered and the answer stored apart from it,
    /// with neither the person nor the time, so no row says who answered what.
    /// </summary>
    public async Task<ReliefAnswerOutcome> AnswerReliefAsync(string tenantId, string actor, long askId, Relief answer, string? comment, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var ask = await db.ReliefAsks.SingleOrDefaultAsync(a => a.Id == askId, cancellationToken);
        if (ask is null || ask.RecipientAadObjectId != actor || !Enum.IsDefined(answer))
        {
            return ReliefAnswerOutcome.NotYours;
        }

        if (clock.GetUtcNow() > ask.DueAt + ReliefAnswerWindow)
        {
            return ReliefAnswerOutcome.Closed;
        }

        var marked = await db.ReliefAsks.Where(a => a.Id == askId && !a.Answered)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Answered, true), cancellationToken);
        if (marked == 0)
        {
            return ReliefAnswerOutcome.AlreadyAnswered;
        }

        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        db.ReliefAnswers.Add(new ReliefAnswerRecord
        {
            TenantId = tenantId,
            PilotId = ask.PilotId,
            Week = ask.Week,
            Answer = answer,
            Comment = text is { Length: > ReliefAnswerRecord.MaxCommentLength } ? text[..ReliefAnswerRecord.MaxCommentLength] : text,
        });
        await db.SaveChangesAsync(cancellationToken);
        return ReliefAnswerOutcome.Recorded;
    }

    private async Task<PilotResult> StepAsync(
        CoachDbContext db, Pilot pilot, PilotActor actor, bool isLead, int running, PilotStep step, string? reason, PilotProposal? edited,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var max = options.MaxRunning;
        switch (step)
        {
            case PilotStep.Approve: return pilot.Approve(actor, isLead, running, max, now);
            case PilotStep.Decline: return pilot.Decline(actor, isLead, reason, now);
            case PilotStep.RequestChanges: return pilot.RequestChanges(actor, isLead, reason, now);
            case PilotStep.Withdraw: return pilot.Withdraw(actor, now);
            case PilotStep.Start: return pilot.Start(actor, isLead, now);
            case PilotStep.Pause: return pilot.Pause(actor, isLead, reason, now);
            case PilotStep.Resume: return pilot.Resume(actor, isLead, running, max, now);
            case PilotStep.Review: return pilot.Review(actor, isLead, reason, now);
            case PilotStep.Keep: return pilot.Keep(actor, isLead, reason, now);
            case PilotStep.Adjust: return pilot.Adjust(actor, isLead, reason, null, now);
            case PilotStep.Retire: return pilot.Retire(actor, isLead, reason, now);
            case PilotStep.Resubmit when edited is not null:
                if (!pilot.IsProposer(actor))
                {
                    return new PilotResult.NotProposer();
                }

                if (await OwnerAsync(db, pilot.TeamId, edited.Owner, cancellationToken) is not { } owner)
                {
                    return new PilotResult.Invalid([PilotProblem.OwnerMissing]);
                }

                // Whether the fields go back to an AI draft is the stored pilot's, not the card's: editing them keeps it so.
                return pilot.Resubmit(actor, edited with { PatternKey = pilot.PatternKey, PatternTitle = pilot.PatternTitle, Owner = owner, AiDrafted = pilot.AiDrafted },
                    await TeamZoneAsync(db, pilot.TeamId, cancellationToken), now);
            default: return new PilotResult.WrongState(pilot.State);
        }
    }

    private async Task<PilotView> ViewAsync(CoachDbContext db, Pilot pilot, string viewer, CancellationToken cancellationToken)
    {
        var leads = await TeamDirectory.LeadIdsAsync(db, pilot.TeamId, cancellationToken);
        var isLead = (await TeamDirectory.RoleAsync(db, pilot.TeamId, viewer, cancellationToken)).IsLead;
        var teamPilots = await db.Pilots.AsNoTracking().Where(p => p.TeamId == pilot.TeamId).ToListAsync(cancellationToken);
        var brake = PilotBrake.Check(teamPilots.Select(p => p.Id == pilot.Id ? pilot : p), await SignalsAsync(db, pilot.TeamId, teamPilots, cancellationToken), options.MaxRunning);
        var relief = new List<ReliefRound>();
        if (isLead || pilot.IsOwner(new PilotActor(viewer, string.Empty)))
        {
            var asked = await db.ReliefAsks.AsNoTracking().Where(a => a.PilotId == pilot.Id).GroupBy(a => a.Week)
                .Select(g => new { Week = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            var answers = await db.ReliefAnswers.AsNoTracking().Where(a => a.PilotId == pilot.Id).ToListAsync(cancellationToken);
            relief.AddRange(asked.OrderBy(a => a.Week).Select(a => new ReliefRound(
                a.Week, a.Count, ReliefResult.Aggregate(answers.Where(x => x.Week == a.Week).Select(x => new ReliefAnswer(x.Answer, x.Comment))))));
        }

        // Whose Teams clients refresh the card on their own: the leads, the proposer and the owner (Teams user ids).
        var concerned = leads.Append(pilot.ProposedByAadObjectId).Append(pilot.OwnerAadObjectId).Distinct().ToList();
        var fromRoster = await db.TeamMembers.AsNoTracking().Where(m => concerned.Contains(m.AadObjectId) && m.TeamsUserId != null)
            .Select(m => new { m.AadObjectId, m.TeamsUserId }).ToListAsync(cancellationToken);
        var fromChats = await db.Conversations.AsNoTracking().Where(c => c.UserAadObjectId != null && concerned.Contains(c.UserAadObjectId) && c.TeamsUserId != null)
            .Select(c => new { AadObjectId = c.UserAadObjectId!, c.TeamsUserId }).ToListAsync(cancellationToken);
        var teamsIds = concerned
            .Select(id => fromChats.FirstOrDefault(c => c.AadObjectId == id)?.TeamsUserId ?? fromRoster.FirstOrDefault(m => m.AadObjectId == id)?.TeamsUserId)
            .OfType<string>().Distinct().ToList();
        return new PilotView(pilot, isLead, pilot.OwnerAadObjectId == viewer, pilot.ProposedByAadObjectId == viewer, leads, brake, relief, teamsIds);
    }

    private static async Task<IReadOnlyList<PilotActor>> MembersAsync(CoachDbContext db, string teamId, PilotActor actor, CancellationToken cancellationToken)
    {
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == teamId).OrderBy(m => m.Name).ToListAsync(cancellationToken);
        var people = members.Select(m => new PilotActor(m.AadObjectId, m.Name ?? m.AadObjectId)).ToList();
        if (!people.Any(p => p.AadObjectId == actor.AadObjectId))
        {
            people.Insert(0, actor);
        }

        return people;
    }

    // The owner comes as an id from the card; their name is the one the roster holds, never the card's.
    private static async Task<PilotActor?> OwnerAsync(CoachDbContext db, string teamId, PilotActor? named, CancellationToken cancellationToken)
    {
        if (named is null || string.IsNullOrWhiteSpace(named.AadObjectId))
        {
            return null;
        }

        if (TeamRole.IsOwnBacklog(teamId, named.AadObjectId))
        {
            return named;
        }

        var member = await db.TeamMembers.AsNoTracking().FirstOrDefaultAsync(m => m.TeamId == teamId && m.AadObjectId == named.AadObjectId, cancellationToken);
        if (member is not null)
        {
            return new PilotActor(member.AadObjectId, member.Name ?? named.Name);
        }

        return (await TeamDirectory.RoleAsync(db, teamId, named.AadObjectId, cancellationToken)).IsLead ? named : null;
    }

    private static async Task<TimeZoneInfo> TeamZoneAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken)
    {
        var zone = await db.Teams.AsNoTracking().Where(t => t.TeamId == teamId).Select(t => t.TimeZone).FirstOrDefaultAsync(cancellationToken);
        return Coaching.Prompts.PromptCalendar.Zone(null, zone ?? TeamRecord.DefaultTimeZone);
    }

    // The leads get the card to decide in their personal chat, the team channel a notice without buttons.
    private static async Task PlanProposalAsync(CoachDbContext db, Pilot pilot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var run = Run(pilot, "proposed");
        foreach (var lead in await TeamDirectory.LeadIdsAsync(db, pilot.TeamId, cancellationToken))
        {
            await PlanPersonalAsync(db, run, OutboxKind.PilotApproval, pilot.Id, lead, now, now + NoticeLifetime, cancellationToken);
        }

        var channel = await db.Conversations.AsNoTracking()
            .Where(c => c.TeamId == pilot.TeamId && c.Scope == ConversationScope.Channel && c.Installed)
            .OrderByDescending(c => c.ConversationId == pilot.TeamId).ThenBy(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (channel is not null)
        {
            db.Outbox.Add(new OutboxMessage
            {
                TenantId = db.TenantId,
                RunKey = run,
                RecipientKey = "channel:" + channel.ConversationId,
                ConversationId = channel.ConversationId,
                Kind = OutboxKind.PilotNotice,
                SubjectId = pilot.Id,
                CreatedAt = now,
                NextAttemptAt = now,
                ExpiresAt = now + NoticeLifetime,
            });
        }
    }

    private async Task PlanAfterAsync(CoachDbContext db, Pilot pilot, PilotChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (change.Action)
        {
            case PilotAction.Approved or PilotAction.Declined or PilotAction.ChangesRequested when pilot.ProposedByAadObjectId != change.ActorAadObjectId:
                await PlanPersonalAsync(db, Run(pilot, "decided"), OutboxKind.PilotDecided, pilot.Id, pilot.ProposedByAadObjectId, now, now + NoticeLifetime, cancellationToken);
                break;
            case PilotAction.Resubmitted:
                await PlanProposalAsync(db, pilot, now, cancellationToken);
                break;
        }
    }

    // Stage 4: everyone in the team is asked, since "who is relieved" is the proposer's words, not a list; "betrifft
    // mich nicht" is an answer. The outbox holds each question until its time, in the person's own time zone.
    private static async Task PlanReliefChecksAsync(CoachDbContext db, Pilot pilot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var people = pilot.TeamId.StartsWith(TeamRecord.PersonalPrefix, StringComparison.Ordinal)
            ? [pilot.TeamId[TeamRecord.PersonalPrefix.Length..]]
            : await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == pilot.TeamId).Select(m => m.AadObjectId).ToListAsync(cancellationToken);
        var chats = await db.Conversations.AsNoTracking()
            .Where(c => c.Scope == ConversationScope.Personal && c.Installed && c.UserAadObjectId != null && people.Contains(c.UserAadObjectId))
            .ToListAsync(cancellationToken);
        var settings = await db.PersonSettings.AsNoTracking().Where(s => people.Contains(s.AadObjectId)).ToDictionaryAsync(s => s.AadObjectId, cancellationToken);
        var team = await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.TeamId == pilot.TeamId, cancellationToken);
        var recipients = people.Select(p => new ReliefRecipient(
            p,
            chats.Where(c => c.UserAadObjectId == p).OrderByDescending(c => c.LastSeenAt).FirstOrDefault()?.TimeZone,
            settings.GetValueOrDefault(p)?.PromptTime));
        var asks = new List<(ReliefCheckDue Due, ReliefAsk Ask)>();
        foreach (var due in ReliefCheckSchedule.For(pilot.StartedAt ?? now, recipients, team is null ? TeamCalendar.Default : TeamCalendar.From(team)))
        {
            var ask = new ReliefAsk
            {
                TenantId = db.TenantId,
                TeamId = pilot.TeamId,
                PilotId = pilot.Id,
                Week = due.Week,
                RecipientAadObjectId = due.AadObjectId,
                DueAt = due.DueAt,
            };
            db.ReliefAsks.Add(ask);
            asks.Add((due, ask));
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (due, ask) in asks)
        {
            db.Outbox.Add(new OutboxMessage
            {
                TenantId = db.TenantId,
                RunKey = $"relief:{pilot.Id}:w{due.Week}",
                RecipientKey = due.AadObjectId,
                RecipientAadObjectId = due.AadObjectId,
                ConversationId = chats.Where(c => c.UserAadObjectId == due.AadObjectId).OrderByDescending(c => c.LastSeenAt).FirstOrDefault()?.ConversationId,
                Kind = OutboxKind.ReliefCheck,
                SubjectId = ask.Id,
                CreatedAt = now,
                NextAttemptAt = due.DueAt,
                ExpiresAt = due.DueAt + ReliefAnswerWindow,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task PlanPersonalAsync(
        CoachDbContext db, string run, OutboxKind kind, long pilotId, string recipient, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var chat = await db.Conversations.AsNoTracking()
            .Where(c => c.Scope == ConversationScope.Personal && c.Installed && c.UserAadObjectId == recipient)
            .OrderByDescending(c => c.LastSeenAt)
            .FirstOrDefaultAsync(cancellationToken);
        db.Outbox.Add(new OutboxMessage
        {
            TenantId = db.TenantId,
            RunKey = run,
            RecipientKey = recipient,
            RecipientAadObjectId = recipient,
            ConversationId = chat?.ConversationId,
            Kind = kind,
            SubjectId = pilotId,
            CreatedAt = now,
            NextAttemptAt = now,
            ExpiresAt = expires,
        });
    }

    // One run per pilot and version: a resubmitted proposal goes to the leads again, a decision once.
    private static string Run(Pilot pilot, string what) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{RunPrefix}{pilot.Id}:v{pilot.Version}:{what}");
}
