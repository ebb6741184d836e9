using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Progress;

namespace TeamsKiCoach.Storage.Pilots;

/// <summary>
/// Proposing a pilot from a pattern a person confirmed as fit: the form, drafted by a language model or the rules,
/// and the proposal as its proposer sends it, saved with its audit record and the leads' decision requests in one
/// save.
/// </summary>
public sealed class PilotProposals(
    CoachDbFactory dbFactory, AssessmentService assessments, PilotOptions options, TimeProvider clock, IPilotDrafter? drafter = null, ITeamProgressFacts? progress = null)
{
    private readonly PilotReads reads = new(options, progress);

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

        if (await PilotReads.OwnerAsync(db, teamId, proposal.Owner, cancellationToken) is not { } owner)
        {
            return new ProposeOutcome.OwnerNotMember();
        }

        var now = clock.GetUtcNow();
        var zone = await PilotReads.TeamZoneAsync(db, teamId, cancellationToken);
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
                await PilotPlanning.PlanProposalAsync(db, proposed.Pilot, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new ProposeOutcome.Proposed(await reads.ViewAsync(db, proposed.Pilot, actor.AadObjectId, cancellationToken));
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Someone else took the same number at the same moment (unique per team): take the next one.
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
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
}
