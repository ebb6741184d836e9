using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Pilots;
using static TeamsKiCoach.Tests.Pilots.StoredPilotTeam;

namespace TeamsKiCoach.Tests.Pilots;

/// <summary>Proposing a pilot, stored: the draft, the owner, the leads' decision requests and the audit step, on SQLite.</summary>
public sealed class PilotProposalsTests
{
    [Fact]
    public async Task APatternNobodyConfirmedAsFitCannotBecomeAPilot()
    {
        await using var team = await StartAsync();
        Assert.IsType<Storage.Backlog.CaptureResult.Recorded>(
            await team.Backlogs.CaptureAsync(Tenant, Max.AadObjectId, Team, "Kundengespräch über Kündigung führen", false, "k1", default));
        var patterns = await team.Assessments.PatternsAsync(Tenant, Max.AadObjectId, Team, default);
        var unchecked_ = patterns!.First(p => p.Assessment is null).Pattern.Key;

        var draft = await team.Proposals.DraftAsync(Tenant, Max, Team, unchecked_, PilotText.German, default);
        var proposed = await team.Proposals.ProposeAsync(Tenant, Max, Team, team.Proposal() with { PatternKey = unchecked_ }, default);

        Assert.IsType<DraftOpening.NotConfirmedFit>(draft);
        Assert.IsType<ProposeOutcome.NotConfirmedFit>(proposed);
        Assert.Equal(0, await team.ReadAsync(db => db.Pilots.CountAsync()));
    }

    [Fact]
    public async Task TheDraftComesFromThePatternAndTheTitleFromTheBacklogNotTheCard()
    {
        await using var team = await StartAsync();

        var draft = Assert.IsType<DraftOpening.Ready>(await team.Proposals.DraftAsync(Tenant, Anna, Team, team.PatternKey, PilotText.German, default));
        var pilot = await team.ProposeAsync();

        Assert.Contains("abtippen", draft.Proposal.Step, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Anna, draft.Proposal.Owner);
        Assert.Contains(draft.Members, m => m.AadObjectId == Max.AadObjectId);
        Assert.DoesNotContain("ignored", pilot.PatternTitle, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 12, 21), pilot.ReviewOn);
    }

    [Fact]
    public async Task AnOwnerFromOutsideTheTeamIsRefused()
    {
        await using var team = await StartAsync();

        var outcome = await team.Proposals.ProposeAsync(Tenant, Anna, Team, team.Proposal(new PilotActor("aad-stranger", "Fremd")), default);

        Assert.IsType<ProposeOutcome.OwnerNotMember>(outcome);
    }

    [Fact]
    public async Task AProposalGoesToEveryLeadInPersonalChatAndIsOneAuditStep()
    {
        await using var team = await StartAsync();

        var pilot = await team.ProposeAsync();

        var outbox = await team.ReadAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == OutboxKind.PilotApproval).ToListAsync());
        Assert.Equal([Lars.AadObjectId, Lena.AadObjectId], outbox.Select(m => m.RecipientAadObjectId).Order());
        Assert.All(outbox, m => Assert.Equal(pilot.Id, m.SubjectId));
        var audit = await team.ReadAsync(db => db.AuditRecords.AsNoTracking().Where(a => a.Subject == AuditSubjects.Pilot).ToListAsync());
        var step = Assert.Single(audit);
        Assert.Equal(("proposed", Anna.AadObjectId, Anna.Name, pilot.Id.ToString()), (step.Action, step.ActorAadObjectId, step.ActorName, step.SubjectId));
    }
}
