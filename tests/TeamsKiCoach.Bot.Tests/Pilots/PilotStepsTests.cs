using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Pilots;
using TeamsKiCoach.Storage.Teams;
using TeamsKiCoach.Tests.Support;
using static TeamsKiCoach.Tests.Pilots.StoredPilotTeam;

namespace TeamsKiCoach.Tests.Pilots;

/// <summary>A pilot's steps, stored: the leads' decisions, the brake, the history and who may decide, on SQLite.</summary>
public sealed class PilotStepsTests
{
    [Fact]
    public async Task EveryStepIsInTheHistoryWithWhoWhenAndWhy()
    {
        await using var team = await StartAsync();
        var pilot = await team.ProposeAsync();

        Assert.IsType<PilotResult.Done>(await team.ActAsync(Lena, pilot.Id, PilotStep.RequestChanges, "Bitte den Prüfschritt genauer."));
        team.Clock.Advance(TimeSpan.FromHours(2));
        var resubmit = await team.Steps.ActAsync(Tenant, Anna, pilot.Id, PilotStep.Resubmit, null, team.Proposal() with { StaysManual = "Prüfen, Freigeben, Ablegen." }, default);
        Assert.IsType<PilotResult.Done>(resubmit.Result);
        Assert.IsType<PilotResult.Done>(await team.ActAsync(Lars, pilot.Id, PilotStep.Approve));
        Assert.IsType<PilotResult.Done>(await team.ActAsync(Anna, pilot.Id, PilotStep.Start));

        var history = await team.Steps.HistoryAsync(Tenant, Max.AadObjectId, pilot.Id, default);

        Assert.NotNull(history);
        Assert.Equal(["proposed", "changesrequested", "resubmitted", "approved", "started"], history.Value.Steps.Select(s => s.Action));
        var asked = history.Value.Steps[1];
        Assert.Equal((Lena.AadObjectId, Lena.Name, "Bitte den Prüfschritt genauer."), (asked.ActorAadObjectId, asked.ActorName, asked.Detail));
        Assert.Equal(team.Clock.GetUtcNow(), history.Value.Steps[^1].At);
        Assert.Null(await team.Steps.HistoryAsync(Tenant, "aad-stranger", pilot.Id, default));
    }

    [Fact]
    public async Task ADecisionTellsTheProposerOnce()
    {
        await using var team = await StartAsync();
        var pilot = await team.ProposeAsync();

        await team.ActAsync(Lena, pilot.Id, PilotStep.Approve);
        await team.ActAsync(Lars, pilot.Id, PilotStep.Approve);

        var decided = await team.ReadAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == OutboxKind.PilotDecided).ToListAsync());
        Assert.Equal(Anna.AadObjectId, Assert.Single(decided).RecipientAadObjectId);
    }

    [Fact]
    public async Task ASecondLeadIsToldWhoDecidedFirst()
    {
        await using var team = await StartAsync();
        var pilot = await team.ProposeAsync();
        await team.ActAsync(Lena, pilot.Id, PilotStep.Approve);

        var late = await team.ActAsync(Lars, pilot.Id, PilotStep.Decline, "Zu groß.");

        var already = Assert.IsType<PilotResult.AlreadyDecided>(late);
        Assert.Equal((PilotDecision.Approved, Lena.Name), (already.Decision, already.ByName));
        Assert.Equal(PilotState.Approved, (await team.PilotAsync(pilot.Id)).State);
    }

    [Fact]
    public async Task TheBrakeBlocksApprovingAboveTheLimitAndPausingFreesThePlace()
    {
        await using var team = await StartAsync();
        var first = await team.ProposeAsync();
        var second = await team.ProposeAsync();
        await team.ActAsync(Lena, first.Id, PilotStep.Approve);

        var blocked = await team.ActAsync(Lena, second.Id, PilotStep.Approve);
        var view = await team.Steps.ViewAsync(Tenant, Lena.AadObjectId, second.Id, default);
        await team.ActAsync(Anna, first.Id, PilotStep.Start);
        await team.ActAsync(Lena, first.Id, PilotStep.Pause, "Urlaubszeit.");
        var afterPause = await team.ActAsync(Lena, second.Id, PilotStep.Approve);

        Assert.Equal(new PilotResult.OverRunningLimit(1, 1), blocked);
        Assert.True(view!.Brake.ApprovalBlocked);
        Assert.Equal([FreeAPlace.Retire], Assert.Single(view.Brake.Running).WaysToFree);
        Assert.IsType<PilotResult.Done>(afterPause);
        Assert.IsType<PilotResult.OverRunningLimit>(await team.ActAsync(Lena, first.Id, PilotStep.Resume));
    }

    [Fact]
    public async Task WhileTheRunningPilotRelievesLittleTheNextProposalSaysToAdjustItFirst()
    {
        await using var team = await StartAsync(maxRunning: 2);
        var running = await team.ProposeAsync();
        await team.ActAsync(Lena, running.Id, PilotStep.Approve);
        await team.ActAsync(Anna, running.Id, PilotStep.Start);
        var next = await team.ProposeAsync();
        var steps = new PilotSteps(team.Factory, new PilotOptions { MaxRunning = 2 }, team.Clock,
            new Storage.Progress.StoredTeamProgress(new Coaching.Backlog.Patterns.LexicalPatternGrouper(), team.Clock));
        var before = await steps.ViewAsync(Tenant, Lena.AadObjectId, next.Id, default);

        // A closed pulse week about the pilot with five answers, rated 1 and 2: shown, and low.
        await using (var db = await team.Factory.ForTenantAsync(Tenant, default))
        {
            var week = Coaching.Pulse.PulseWeek.At(team.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
            var run = Coaching.Pulse.PulseRun.Start(Tenant, Team, week, 5, team.Clock.GetUtcNow());
            run.Variant = Coaching.Pulse.PulseVariant.Pilot;
            db.PulseRuns.Add(run);
            for (var i = 0; i < 5; i++)
            {
                db.PulseAnswers.Add(Coaching.Pulse.PulseAnswer.Create(Tenant, Team, week.Week, $"key-{i}", new Coaching.Pulse.PulseSubmission(1 + (i % 2), null, null, null, false)));
            }

            await db.SaveChangesAsync();
            team.Clock.SetUtcNow(week.ClosesAt.AddHours(1));
        }

        var after = await steps.ViewAsync(Tenant, Lena.AadObjectId, next.Id, default);

        Assert.False(before!.Brake.SuggestAdjustingFirst);
        Assert.True(after!.Brake.SuggestAdjustingFirst);
        Assert.True(Assert.Single(after.Brake.NeedingAdjustment).LowRelief);
        Assert.False(after.Brake.ApprovalBlocked);
        var card = Newtonsoft.Json.Linq.JObject.Parse(Bot.Cards.PilotCards.Detail(after, Bot.Localization.BotText.German).ToJsonString());
        Assert.Contains("Erst verbessern, dann erweitern", card.VisibleText());
    }

    [Fact]
    public async Task OnlyALeadAddsALeadAndOnlyAMemberCanBecomeOne()
    {
        await using var team = await StartAsync();

        Assert.Equal(LeadChange.NotLead, await team.Teams.AddLeadAsync(Tenant, Anna.AadObjectId, Anna.Name, Team, Max.AadObjectId, Max.Name, default));
        Assert.Equal(LeadChange.NotMember, await team.Teams.AddLeadAsync(Tenant, Lena.AadObjectId, Lena.Name, Team, "aad-stranger", "Fremd", default));
        Assert.Equal(LeadChange.Added, await team.Teams.AddLeadAsync(Tenant, Lena.AadObjectId, Lena.Name, Team, Max.AadObjectId, Max.Name, default));
        Assert.Equal(LeadChange.AlreadyLead, await team.Teams.AddLeadAsync(Tenant, Lars.AadObjectId, Lars.Name, Team, Max.AadObjectId, Max.Name, default));

        var pilot = await team.ProposeAsync();
        Assert.IsType<PilotResult.Done>(await team.ActAsync(Max, pilot.Id, PilotStep.Approve));
        var audit = await team.ReadAsync(db => db.AuditRecords.AsNoTracking().Where(a => a.Subject == AuditSubjects.Lead).ToListAsync());
        Assert.Equal((Max.AadObjectId, Lena.AadObjectId), (Assert.Single(audit).SubjectId, audit[0].ActorAadObjectId));
    }
}
