using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage;
using static TeamsKiCoach.Tests.Pilots.StoredPilotTeam;

using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Audit;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Pilots;
using TeamsKiCoach.Storage.Progress;

namespace TeamsKiCoach.Tests.Pilots;

/// <summary>Pilots stored: proposals, the leads' decisions, the brake, the relief checks and the audit trail, on SQLite.</summary>
public sealed class PilotDeskTests
{
    [Fact]
    public async Task APatternNobodyConfirmedAsFitCannotBecomeAPilot()
    {
        await using var rig = await StartAsync();
        Assert.IsType<Storage.Backlog.CaptureResult.Recorded>(
            await rig.Backlogs.CaptureAsync(Tenant, Max.AadObjectId, Team, "Kundengespräch über Kündigung führen", false, "k1", default));
        var patterns = await rig.Assessments.PatternsAsync(Tenant, Max.AadObjectId, Team, default);
        var unchecked_ = patterns!.First(p => p.Assessment is null).Pattern.Key;

        var draft = await rig.Desk.DraftAsync(Tenant, Max, Team, unchecked_, PilotText.German, default);
        var proposed = await rig.Desk.ProposeAsync(Tenant, Max, Team, rig.Proposal() with { PatternKey = unchecked_ }, default);

        Assert.IsType<DraftOpening.NotConfirmedFit>(draft);
        Assert.IsType<ProposeOutcome.NotConfirmedFit>(proposed);
        Assert.Equal(0, await rig.ReadAsync(db => db.Pilots.CountAsync()));
    }

    [Fact]
    public async Task TheDraftComesFromThePatternAndTheTitleFromTheBacklogNotTheCard()
    {
        await using var rig = await StartAsync();

        var draft = Assert.IsType<DraftOpening.Ready>(await rig.Desk.DraftAsync(Tenant, Anna, Team, rig.PatternKey, PilotText.German, default));
        var pilot = await rig.ProposeAsync();

        Assert.Contains("abtippen", draft.Proposal.Step, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Anna, draft.Proposal.Owner);
        Assert.Contains(draft.Members, m => m.AadObjectId == Max.AadObjectId);
        Assert.DoesNotContain("ignored", pilot.PatternTitle, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 12, 21), pilot.ReviewOn);
    }

    [Fact]
    public async Task AnOwnerFromOutsideTheTeamIsRefused()
    {
        await using var rig = await StartAsync();

        var outcome = await rig.Desk.ProposeAsync(Tenant, Anna, Team, rig.Proposal(new PilotActor("aad-stranger", "Fremd")), default);

        Assert.IsType<ProposeOutcome.OwnerNotMember>(outcome);
    }

    [Fact]
    public async Task AProposalGoesToEveryLeadInPersonalChatAndIsOneAuditStep()
    {
        await using var rig = await StartAsync();

        var pilot = await rig.ProposeAsync();

        var outbox = await rig.ReadAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == OutboxKind.PilotApproval).ToListAsync());
        Assert.Equal([Lars.AadObjectId, Lena.AadObjectId], outbox.Select(m => m.RecipientAadObjectId).Order());
        Assert.All(outbox, m => Assert.Equal(pilot.Id, m.SubjectId));
        var audit = await rig.ReadAsync(db => db.AuditRecords.AsNoTracking().Where(a => a.Subject == AuditSubjects.Pilot).ToListAsync());
        var step = Assert.Single(audit);
        Assert.Equal(("proposed", Anna.AadObjectId, Anna.Name, pilot.Id.ToString()), (step.Action, step.ActorAadObjectId, step.ActorName, step.SubjectId));
    }

    [Fact]
    public async Task EveryStepIsInTheHistoryWithWhoWhenAndWhy()
    {
        await using var rig = await StartAsync();
        var pilot = await rig.ProposeAsync();

        Assert.IsType<PilotResult.Done>(await rig.ActAsync(Lena, pilot.Id, PilotStep.RequestChanges, "Bitte den Prüfschritt genauer."));
        rig.Clock.Advance(TimeSpan.FromHours(2));
        var resubmit = await rig.Desk.ActAsync(Tenant, Anna, pilot.Id, PilotStep.Resubmit, null, rig.Proposal() with { StaysManual = "Prüfen, Freigeben, Ablegen." }, default);
        Assert.IsType<PilotResult.Done>(resubmit.Result);
        Assert.IsType<PilotResult.Done>(await rig.ActAsync(Lars, pilot.Id, PilotStep.Approve));
        Assert.IsType<PilotResult.Done>(await rig.ActAsync(Anna, pilot.Id, PilotStep.Start));

        var history = await rig.Desk.HistoryAsync(Tenant, Max.AadObjectId, pilot.Id, default);

        Assert.NotNull(history);
        Assert.Equal(["proposed", "changesrequested", "resubmitted", "approved", "started"], history.Value.Steps.Select(s => s.Action));
        var asked = history.Value.Steps[1];
        Assert.Equal((Lena.AadObjectId, Lena.Name, "Bitte den Prüfschritt genauer."), (asked.ActorAadObjectId, asked.ActorName, asked.Detail));
        Assert.Equal(rig.Clock.GetUtcNow(), history.Value.Steps[^1].At);
        Assert.Null(await rig.Desk.HistoryAsync(Tenant, "aad-stranger", pilot.Id, default));
    }

    [Fact]
    public async Task ADecisionTellsTheProposerOnce()
    {
        await using var rig = await StartAsync();
        var pilot = await rig.ProposeAsync();

        await rig.ActAsync(Lena, pilot.Id, PilotStep.Approve);
        await rig.ActAsync(Lars, pilot.Id, PilotStep.Approve);

        var decided = await rig.ReadAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == OutboxKind.PilotDecided).ToListAsync());
        Assert.Equal(Anna.AadObjectId, Assert.Single(decided).RecipientAadObjectId);
    }

    [Fact]
    public async Task ASecondLeadIsToldWhoDecidedFirst()
    {
        await using var rig = await StartAsync();
        var pilot = await rig.ProposeAsync();
        await rig.ActAsync(Lena, pilot.Id, PilotStep.Approve);

        var late = await rig.ActAsync(Lars, pilot.Id, PilotStep.Decline, "Zu groß.");

        var already = Assert.IsType<PilotResult.AlreadyDecided>(late);
        Assert.Equal((PilotDecision.Approved, Lena.Name), (already.Decision, already.ByName));
        Assert.Equal(PilotState.Approved, (await rig.PilotAsync(pilot.Id)).State);
    }

    [Fact]
    public async Task TheBrakeBlocksApprovingAboveTheLimitAndPausingFreesThePlace()
    {
        await using var rig = await StartAsync();
        var first = await rig.ProposeAsync();
        var second = await rig.ProposeAsync();
        await rig.ActAsync(Lena, first.Id, PilotStep.Approve);

        var blocked = await rig.ActAsync(Lena, second.Id, PilotStep.Approve);
        var view = await rig.Desk.ViewAsync(Tenant, Lena.AadObjectId, second.Id, default);
        await rig.ActAsync(Anna, first.Id, PilotStep.Start);
        await rig.ActAsync(Lena, first.Id, PilotStep.Pause, "Urlaubszeit.");
        var afterPause = await rig.ActAsync(Lena, second.Id, PilotStep.Approve);

        Assert.Equal(new PilotResult.OverRunningLimit(1, 1), blocked);
        Assert.True(view!.Brake.ApprovalBlocked);
        Assert.Equal([FreeAPlace.Retire], Assert.Single(view.Brake.Running).WaysToFree);
        Assert.IsType<PilotResult.Done>(afterPause);
        Assert.IsType<PilotResult.OverRunningLimit>(await rig.ActAsync(Lena, first.Id, PilotStep.Resume));
    }

    [Fact]
    public async Task WhileTheRunningPilotRelievesLittleTheNextProposalSaysToAdjustItFirst()
    {
        await using var rig = await StartAsync(maxRunning: 2);
        var running = await rig.ProposeAsync();
        await rig.ActAsync(Lena, running.Id, PilotStep.Approve);
        await rig.ActAsync(Anna, running.Id, PilotStep.Start);
        var next = await rig.ProposeAsync();
        var desk = new PilotDesk(rig.Factory, rig.Assessments, new PilotOptions { MaxRunning = 2 }, rig.Clock, null,
            new Storage.Progress.StoredTeamProgress(new Coaching.Backlog.Patterns.LexicalPatternGrouper(), rig.Clock));
        var before = await desk.ViewAsync(Tenant, Lena.AadObjectId, next.Id, default);

        // A closed pulse week about the pilot with five answers, rated 1 and 2: shown, and low.
        await using (var db = await rig.Factory.ForTenantAsync(Tenant, default))
        {
            var week = Coaching.Pulse.PulseWeek.At(rig.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
            var run = Coaching.Pulse.PulseRun.Start(Tenant, Team, week, 5, rig.Clock.GetUtcNow());
            run.Variant = Coaching.Pulse.PulseVariant.Pilot;
            db.PulseRuns.Add(run);
            for (var i = 0; i < 5; i++)
            {
                db.PulseAnswers.Add(Coaching.Pulse.PulseAnswer.Create(Tenant, Team, week.Week, $"key-{i}", new Coaching.Pulse.PulseSubmission(1 + (i % 2), null, null, null, false)));
            }

            await db.SaveChangesAsync();
            rig.Clock.SetUtcNow(week.ClosesAt.AddHours(1));
        }

        var after = await desk.ViewAsync(Tenant, Lena.AadObjectId, next.Id, default);

        Assert.False(before!.Brake.SuggestAdjustingFirst);
        Assert.True(after!.Brake.SuggestAdjustingFirst);
        Assert.True(Assert.Single(after.Brake.NeedingAdjustment).LowRelief);
        Assert.False(after.Brake.ApprovalBlocked);
        var card = Newtonsoft.Json.Linq.JObject.Parse(Bot.Cards.PilotCards.Detail(after, Bot.Localization.BotText.German).ToJsonString());
        Assert.Contains("Erst verbessern, dann erweitern", card.VisibleText());
    }

    [Fact]
    public async Task StartingPlansTheReliefQuestionOneAndThreeWeeksLaterForEveryMember()
    {
        await using var rig = await StartAsync();
        var pilot = await rig.ProposeAsync();
        await rig.ActAsync(Lena, pilot.Id, PilotStep.Approve);

        Assert.IsType<PilotResult.Done>(await rig.ActAsync(Anna, pilot.Id, PilotStep.Start));

        var asks = await rig.ReadAsync(db => db.ReliefAsks.AsNoTracking().ToListAsync());
        var outbox = await rig.ReadAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == OutboxKind.ReliefCheck).ToListAsync());
        Assert.Equal(8, asks.Count);
        Assert.Equal(8, outbox.Count);

        // Monday 23 Nov 2026, 10:00 in Berlin: a week later, and three, at the team's prompt time 15:30 Berlin (14:30 UTC).
        Assert.Equal(
            [new DateTimeOffset(2026, 11, 30, 14, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 14, 14, 30, 0, TimeSpan.Zero)],
            outbox.Select(m => m.NextAttemptAt).Distinct().Order());
        Assert.All(outbox, m => Assert.Contains(asks, a => a.Id == m.SubjectId && a.RecipientAadObjectId == m.RecipientAadObjectId && a.DueAt == m.NextAttemptAt));
    }

    [Fact]
    public async Task ReliefAnswersKeepNoAuthorAndAreCountedOnlyFromFive()
    {
        await using var rig = await StartAsync();
        var pilot = await rig.ProposeAsync();
        await rig.ActAsync(Lena, pilot.Id, PilotStep.Approve);
        await rig.ActAsync(Anna, pilot.Id, PilotStep.Start);
        rig.Clock.Advance(TimeSpan.FromDays(7.5));
        var asks = await rig.ReadAsync(db => db.ReliefAsks.AsNoTracking().Where(a => a.Week == 1).ToListAsync());

        foreach (var ask in asks)
        {
            Assert.Equal(ReliefAnswerOutcome.Recorded, await rig.Desk.AnswerReliefAsync(Tenant, ask.RecipientAadObjectId, ask.Id, Relief.Yes, "hilft", default));
        }

        var twice = await rig.Desk.AnswerReliefAsync(Tenant, asks[0].RecipientAadObjectId, asks[0].Id, Relief.No, null, default);
        var forged = await rig.Desk.AnswerReliefAsync(Tenant, Anna.AadObjectId, asks.First(a => a.RecipientAadObjectId != Anna.AadObjectId).Id, Relief.No, null, default);
        var view = await rig.Desk.ViewAsync(Tenant, Lena.AadObjectId, pilot.Id, default);
        var memberView = await rig.Desk.ViewAsync(Tenant, Max.AadObjectId, pilot.Id, default);

        Assert.Equal(ReliefAnswerOutcome.AlreadyAnswered, twice);
        Assert.Equal(ReliefAnswerOutcome.NotYours, forged);
        var round = view!.Relief.Single(r => r.Week == 1);
        Assert.Equal(4, round.Asked);
        Assert.IsType<ReliefResult.NeedsMoreAnswers>(round.Result);
        Assert.Empty(memberView!.Relief);
        var stored = await rig.ReadAsync(db => db.ReliefAnswers.AsNoTracking().ToListAsync());
        Assert.Equal(4, stored.Count);
        var columns = await rig.ReadAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(ReliefAnswerRecord))!.GetProperties().Select(p => p.Name).ToList()));
        Assert.DoesNotContain(columns, c => c.Contains("Aad", StringComparison.Ordinal) || c.Contains("At", StringComparison.Ordinal) || c.Contains("Ask", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnlyALeadAddsALeadAndOnlyAMemberCanBecomeOne()
    {
        await using var rig = await StartAsync();

        Assert.Equal(LeadChange.NotLead, await rig.Desk.AddLeadAsync(Tenant, Anna, Team, Max.AadObjectId, Max.Name, default));
        Assert.Equal(LeadChange.NotMember, await rig.Desk.AddLeadAsync(Tenant, Lena, Team, "aad-stranger", "Fremd", default));
        Assert.Equal(LeadChange.Added, await rig.Desk.AddLeadAsync(Tenant, Lena, Team, Max.AadObjectId, Max.Name, default));
        Assert.Equal(LeadChange.AlreadyLead, await rig.Desk.AddLeadAsync(Tenant, Lars, Team, Max.AadObjectId, Max.Name, default));

        var pilot = await rig.ProposeAsync();
        Assert.IsType<PilotResult.Done>(await rig.ActAsync(Max, pilot.Id, PilotStep.Approve));
        var audit = await rig.ReadAsync(db => db.AuditRecords.AsNoTracking().Where(a => a.Subject == AuditSubjects.Lead).ToListAsync());
        Assert.Equal((Max.AadObjectId, Lena.AadObjectId), (Assert.Single(audit).SubjectId, audit[0].ActorAadObjectId));
    }
}
