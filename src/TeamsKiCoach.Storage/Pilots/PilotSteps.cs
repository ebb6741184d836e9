using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Progress;

namespace TeamsKiCoach.Storage.Pilots;

/// <summary>
/// A team's pilots after they were proposed: the steps people take on a pilot's card (the leads' decisions and the
/// lifecycle) and reading pilots (one as a person sees it, the team's list, the audit trail). Every step runs the
/// domain rule on <see cref="Pilot"/> with roles read here from the acting person's AAD object id; every change is
/// saved with its audit record and the messages it plans, in one save. Two steps on the same pilot (or two that
/// take the team's last running place) at the same moment: one wins, the other is evaluated again and told what
/// happened.
/// </summary>
public sealed class PilotSteps(CoachDbFactory dbFactory, PilotOptions options, TimeProvider clock, ITeamProgressFacts? progress = null)
{
    private readonly PilotReads reads = new(options, progress);

    public int MaxRunning => options.MaxRunning;

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
                return new StepOutcome(result, await reads.ViewAsync(db, pilot, actor.AadObjectId, cancellationToken));
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
                    await ReliefChecks.PlanAsync(db, pilot, now, cancellationToken);
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

            return new StepOutcome(result, await reads.ViewAsync(db, pilot, actor.AadObjectId, cancellationToken));
        }
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

                if (await PilotReads.OwnerAsync(db, pilot.TeamId, edited.Owner, cancellationToken) is not { } owner)
                {
                    return new PilotResult.Invalid([PilotProblem.OwnerMissing]);
                }

                // Whether the fields go back to an AI draft is the stored pilot's, not the card's: editing them keeps it so.
                return pilot.Resubmit(actor, edited with { PatternKey = pilot.PatternKey, PatternTitle = pilot.PatternTitle, Owner = owner, AiDrafted = pilot.AiDrafted },
                    await PilotReads.TeamZoneAsync(db, pilot.TeamId, cancellationToken), now);
            default: return new PilotResult.WrongState(pilot.State);
        }
    }

    private static async Task PlanAfterAsync(CoachDbContext db, Pilot pilot, PilotChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (change.Action)
        {
            case PilotAction.Approved or PilotAction.Declined or PilotAction.ChangesRequested when pilot.ProposedByAadObjectId != change.ActorAadObjectId:
                await PilotPlanning.PlanPersonalAsync(
                    db, PilotPlanning.Run(pilot, "decided"), OutboxKind.PilotDecided, pilot.Id, pilot.ProposedByAadObjectId, now, now + PilotPlanning.NoticeLifetime, cancellationToken);
                break;
            case PilotAction.Resubmitted:
                await PilotPlanning.PlanProposalAsync(db, pilot, now, cancellationToken);
                break;
        }
    }

    /// <summary>The pilot for a person of its team; null when there is none or the person is no member.</summary>
    public async Task<PilotView?> ViewAsync(string tenantId, string actor, long pilotId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var pilot = await db.Pilots.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pilotId, cancellationToken);
        return pilot is not null && await BacklogService.MayUseAsync(db, pilot.TeamId, actor, cancellationToken)
            ? await reads.ViewAsync(db, pilot, actor, cancellationToken)
            : null;
    }

    /// <summary>A pilot as its card shows it to <paramref name="recipient"/>, for a message the outbox sends; no membership check.</summary>
    public async Task<PilotView?> ViewForMessageAsync(string tenantId, long pilotId, string? recipient, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var pilot = await db.Pilots.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pilotId, cancellationToken);
        return pilot is null ? null : await reads.ViewAsync(db, pilot, recipient ?? string.Empty, cancellationToken);
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
}
