using TeamsKiCoach.Coaching.Pilots;
using static TeamsKiCoach.Tests.Pilots.PilotTeam;
using TeamsKiCoach.Storage.Pilots;

namespace TeamsKiCoach.Tests.Pilots;

public sealed class PilotLifecycleTests
{
    [Fact]
    public void AProposalWaitsForALeadWithAReviewFourWeeksLater()
    {
        var team = new PilotTeam();

        var result = Pilot.Propose("tenant-1", "team-1", 3, Proposal(aiDrafted: true), Anna, Berlin, team.Now);

        var (pilot, change) = Assert.IsType<ProposalResult.Proposed>(result);
        Assert.Equal(PilotState.Proposed, pilot.State);
        Assert.Equal(3, pilot.Number);
        Assert.Equal(new DateOnly(2026, 12, 21), pilot.ReviewOn);
        Assert.Equal((Anna.AadObjectId, Anna.Name), (pilot.ProposedByAadObjectId, pilot.ProposedByName));
        Assert.Equal((Olga.AadObjectId, Olga.Name), (pilot.OwnerAadObjectId, pilot.OwnerName));
        Assert.False(pilot.CountsAsRunning);
        Assert.Equal(new PilotChange(PilotAction.Proposed, PilotState.Proposed, PilotState.Proposed, Anna.AadObjectId, Anna.Name, team.Now, null, AiInvolved: true), change);
    }

    [Fact]
    public void TheReviewDateFollowsTheTeamsLocalDate()
    {
        // 23:30 UTC on Sunday is already Monday in Berlin.
        var team = new PilotTeam(new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 12, 21), team.Propose().ReviewOn);
    }

    [Fact]
    public void AProposalMissingWhatMattersNamesEveryMissingField()
    {
        var team = new PilotTeam();
        var empty = Proposal() with { Step = "  ", StaysManual = "", WhoIsRelieved = "\n", Owner = new PilotActor(" ", "Nobody") };

        var result = Pilot.Propose("tenant-1", "team-1", 1, empty, Anna, Berlin, team.Now);

        var invalid = Assert.IsType<ProposalResult.Invalid>(result);
        Assert.Equal([PilotProblem.StepMissing, PilotProblem.StaysManualMissing, PilotProblem.WhoIsRelievedMissing, PilotProblem.OwnerMissing], invalid.Problems);
    }

    [Fact]
    public void TheStepIsOneLineAndNoLongerThanASentence()
    {
        var team = new PilotTeam();

        var pilot = team.Propose(Proposal() with { Step = "  Daten\r\n übernehmen \t statt abtippen. " });
        var tooLong = Pilot.Propose("tenant-1", "team-1", 2, Proposal() with { Step = new string('a', Pilot.MaxStepLength + 1) }, Anna, Berlin, team.Now);

        Assert.Equal("Daten übernehmen statt abtippen.", pilot.Step);
        Assert.Equal([PilotProblem.StepTooLong], Assert.IsType<ProposalResult.Invalid>(tooLong).Problems);
    }

    [Theory]
    [InlineData(6, PilotProblem.ReviewDateTooEarly)]
    [InlineData(-1, PilotProblem.ReviewDateTooEarly)]
    [InlineData(85, PilotProblem.ReviewDateTooLate)]
    public void AReviewDateTooSoonOrTooFarIsRefused(int days, PilotProblem problem)
    {
        var team = new PilotTeam();
        var reviewOn = new DateOnly(2026, 11, 23).AddDays(days);

        var result = Pilot.Propose("tenant-1", "team-1", 1, Proposal(reviewOn: reviewOn), Anna, Berlin, team.Now);

        Assert.Equal([problem], Assert.IsType<ProposalResult.Invalid>(result).Problems);
    }

    [Fact]
    public void ALeadsApprovalIsRecordedWithTheirNameAndTime()
    {
        var team = new PilotTeam();
        var pilot = team.Propose(Proposal(aiDrafted: true));
        team.Clock.Advance(TimeSpan.FromHours(3));

        var change = Done(pilot.Approve(Lena, actorIsLead: true, runningPilots: 0, maxRunning: 1, team.Now));

        Assert.Equal(PilotState.Approved, pilot.State);
        Assert.Equal(PilotDecision.Approved, pilot.Decision);
        Assert.Equal((Lena.AadObjectId, Lena.Name, team.Now), (pilot.DecidedByAadObjectId, pilot.DecidedByName, pilot.DecidedAt));
        Assert.True(pilot.CountsAsRunning);
        Assert.Equal(2, pilot.Version);
        Assert.Equal(new PilotChange(PilotAction.Approved, PilotState.Proposed, PilotState.Approved, Lena.AadObjectId, Lena.Name, team.Now, null, AiInvolved: true), change);
    }

    [Fact]
    public void SomeoneWhoIsNotALeadCannotDecideAndChangesNothing()
    {
        var team = new PilotTeam();
        var pilot = team.Propose();
        var before = Snapshot(pilot);

        Assert.IsType<PilotResult.NotLead>(pilot.Approve(Max, actorIsLead: false, 0, 1, team.Now));
        Assert.IsType<PilotResult.NotLead>(pilot.Decline(Max, actorIsLead: false, "Nein.", team.Now));
        Assert.IsType<PilotResult.NotLead>(pilot.RequestChanges(Max, actorIsLead: false, "Anders.", team.Now));
        Assert.IsType<PilotResult.NotLead>(pilot.Approve(Anna, actorIsLead: false, 0, 1, team.Now));

        Assert.Equal(before, Snapshot(pilot));
    }

    [Fact]
    public void ASecondLeadIsToldWhoDecidedFirst()
    {
        var team = new PilotTeam();
        var pilot = team.Propose();
        var decidedAt = team.Now;
        Done(pilot.Approve(Lena, actorIsLead: true, 0, 1, decidedAt));
        team.Clock.Advance(TimeSpan.FromSeconds(1));
        var before = Snapshot(pilot);

        var expected = new PilotResult.AlreadyDecided(PilotDecision.Approved, PilotState.Approved, Lena.AadObjectId, Lena.Name, decidedAt);
        Assert.Equal(expected, pilot.Approve(Lars, actorIsLead: true, 0, 1, team.Now));
        Assert.Equal(expected, pilot.Decline(Lars, actorIsLead: true, "Zu groß.", team.Now));
        Assert.Equal(expected, pilot.RequestChanges(Lars, actorIsLead: true, "Kleiner bitte.", team.Now));
        Assert.Equal(expected, pilot.Approve(Lena, actorIsLead: true, 0, 1, team.Now));
        Assert.Equal(before, Snapshot(pilot));
    }

    [Fact]
    public void TwoCopiesDecidedAtOnceBothClaimTheSameNextVersion()
    {
        // Each lead's request loads its own copy of version 1; only one save of version 2 can match the token.
        var team = new PilotTeam();
        var first = team.Propose();
        var second = team.Propose();

        Done(first.Approve(Lena, actorIsLead: true, 0, 1, team.Now));
        Done(second.Decline(Lars, actorIsLead: true, "Passt nicht.", team.Now));

        Assert.Equal(2, first.Version);
        Assert.Equal(first.Version, second.Version);
    }

    [Fact]
    public void DecidingAWithdrawnPilotSaysItWasWithdrawn()
    {
        var team = new PilotTeam();
        var pilot = team.Propose();
        var withdrawnAt = team.Now;
        Done(pilot.Withdraw(Anna, withdrawnAt));
        team.Clock.Advance(TimeSpan.FromMinutes(5));
        var before = Snapshot(pilot);

        Assert.Equal(new PilotResult.Withdrawn(withdrawnAt), pilot.Approve(Lena, actorIsLead: true, 0, 1, team.Now));
        Assert.Equal(new PilotResult.Withdrawn(withdrawnAt), pilot.Decline(Lena, actorIsLead: true, "x", team.Now));
        Assert.Equal(new PilotResult.Withdrawn(withdrawnAt), pilot.RequestChanges(Lena, actorIsLead: true, "x", team.Now));
        Assert.Equal(new PilotResult.Withdrawn(withdrawnAt), pilot.Start(Lena, actorIsLead: true, team.Now));
        Assert.Equal(new PilotResult.Withdrawn(withdrawnAt), pilot.Withdraw(Anna, team.Now));
        Assert.Equal(before, Snapshot(pilot));
        Assert.False(pilot.CountsAsRunning);
    }

    [Theory]
    [InlineData(0, 1, true)]
    [InlineData(1, 1, false)]
    [InlineData(2, 1, false)]
    [InlineData(1, 2, true)]
    [InlineData(2, 2, false)]
    public void ApprovingIsAllowedOnlyBelowTheRunningLimit(int running, int max, bool approved)
    {
        var team = new PilotTeam();
        var pilot = team.Propose();
        var before = Snapshot(pilot);

        var result = pilot.Approve(Lena, actorIsLead: true, running, max, team.Now);

        if (approved)
        {
            Done(result);
            Assert.Equal(PilotState.Approved, pilot.State);
        }
        else
        {
            Assert.Equal(new PilotResult.OverRunningLimit(running, max), result);
            Assert.Equal(before, Snapshot(pilot));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    public void DecliningNeedsAReason(string? reason)
    {
        var team = new PilotTeam();
        var pilot = team.Propose();
        var before = Snapshot(pilot);

        Assert.IsType<PilotResult.ReasonRequired>(pilot.Decline(Lena, actorIsLead: true, reason, team.Now));
        Assert.IsType<PilotResult.ReasonRequired>(pilot.RequestChanges(Lena, actorIsLead: true, reason, team.Now));
        Assert.Equal(before, Snapshot(pilot));
    }

    [Fact]
    public void AReasonIsTrimmedAndLimitedInLength()
    {
        var team = new PilotTeam();
        var pilot = team.Propose();

        Assert.Equal(new PilotResult.ReasonTooLong(Pilot.MaxReasonLength), pilot.Decline(Lena, actorIsLead: true, new string('x', Pilot.MaxReasonLength + 1), team.Now));
        var change = Done(pilot.Decline(Lena, actorIsLead: true, "  Zu groß für den Anfang.  ", team.Now));

        Assert.Equal("Zu groß für den Anfang.", change.Reason);
        Assert.Equal("Zu groß für den Anfang.", pilot.DecisionReason);
        Assert.Equal(PilotState.Declined, pilot.State);
        Assert.False(pilot.CountsAsRunning);
    }

    [Fact]
    public void AfterChangesAreAskedForTheProposerResubmitsAndALeadDecidesAfresh()
    {
        var team = new PilotTeam();
        var pilot = team.Propose();
        var asked = Done(pilot.RequestChanges(Lena, actorIsLead: true, "Nur die Eingangsrechnungen, bitte.", team.Now));
        Assert.Equal(PilotState.ChangesRequested, pilot.State);
        Assert.Equal("Nur die Eingangsrechnungen, bitte.", asked.Reason);

        team.Clock.Advance(TimeSpan.FromDays(1));
        var edited = Proposal() with { Step = "Eingangsrechnungen aus dem PDF ins ERP übernehmen." };
        Assert.IsType<PilotResult.NotProposer>(pilot.Resubmit(Max, edited, Berlin, team.Now));
        var resubmitted = Done(pilot.Resubmit(Anna, edited, Berlin, team.Now));

        Assert.Equal((PilotAction.Resubmitted, PilotState.ChangesRequested, PilotState.Proposed), (resubmitted.Action, resubmitted.From, resubmitted.To));
        Assert.Equal("Eingangsrechnungen aus dem PDF ins ERP übernehmen.", pilot.Step);
        Assert.Null(pilot.Decision);
        Assert.Null(pilot.DecidedByAadObjectId);
        Done(pilot.Approve(Lars, actorIsLead: true, 0, 1, team.Now));
        Assert.Equal(Lars.Name, pilot.DecidedByName);
        Assert.Equal(4, pilot.Version);
    }

    [Fact]
    public void AResubmitWithMissingFieldsIsRefusedAndTheRequestStays()
    {
        var team = new PilotTeam();
        var pilot = team.Propose();
        Done(pilot.RequestChanges(Lena, actorIsLead: true, "Wer ist entlastet?", team.Now));
        var before = Snapshot(pilot);

        var result = pilot.Resubmit(Anna, Proposal() with { WhoIsRelieved = " " }, Berlin, team.Now);

        Assert.Equal([PilotProblem.WhoIsRelievedMissing], Assert.IsType<PilotResult.Invalid>(result).Problems);
        Assert.Equal(before, Snapshot(pilot));
    }

    [Fact]
    public void ResubmittingWithoutARequestForChangesIsRefused()
    {
        var team = new PilotTeam();
        var proposed = team.Propose();
        var approved = team.Approved();

        Assert.Equal(new PilotResult.WrongState(PilotState.Proposed), proposed.Resubmit(Anna, Proposal(), Berlin, team.Now));
        Assert.IsType<PilotResult.AlreadyDecided>(approved.Resubmit(Anna, Proposal(), Berlin, team.Now));
    }

    [Fact]
    public void OnlyTheProposerWithdrawsAndOnlyBeforeApproval()
    {
        var team = new PilotTeam();
        var pilot = team.Propose();
        var approved = team.Approved();
        var sentBack = team.Propose();
        Done(sentBack.RequestChanges(Lena, actorIsLead: true, "Kleiner.", team.Now));

        Assert.IsType<PilotResult.NotProposer>(pilot.Withdraw(Lena, team.Now));
        Assert.IsType<PilotResult.NotProposer>(pilot.Withdraw(Olga, team.Now));
        var change = Done(pilot.Withdraw(Anna, team.Now));
        Assert.Equal(PilotAction.Withdrawn, change.Action);
        Assert.Equal(PilotState.Withdrawn, pilot.State);
        Assert.Equal(team.Now, pilot.WithdrawnAt);

        var refused = Assert.IsType<PilotResult.AlreadyDecided>(approved.Withdraw(Anna, team.Now));
        Assert.Equal((PilotDecision.Approved, Lena.Name), (refused.Decision, refused.ByName));

        Done(sentBack.Withdraw(Anna, team.Now));
        Assert.Equal(PilotState.Withdrawn, sentBack.State);
    }

    [Fact]
    public void ALeadOrTheOwnerStartsAnApprovedPilot()
    {
        var team = new PilotTeam();
        var byOwner = team.Approved();
        var byLead = team.Approved();
        var notApproved = team.Propose();

        Assert.IsType<PilotResult.NotLeadOrOwner>(byOwner.Start(Max, actorIsLead: false, team.Now));
        Assert.IsType<PilotResult.NotLeadOrOwner>(byOwner.Start(Anna, actorIsLead: false, team.Now));
        Assert.Equal(new PilotResult.WrongState(PilotState.Proposed), notApproved.Start(Lena, actorIsLead: true, team.Now));
        var started = Done(byOwner.Start(Olga, actorIsLead: false, team.Now));
        Done(byLead.Start(Lena, actorIsLead: true, team.Now));

        Assert.Equal((PilotAction.Started, PilotState.Approved, PilotState.Running), (started.Action, started.From, started.To));
        Assert.Equal(team.Now, byOwner.StartedAt);
        Assert.True(byOwner.CountsAsRunning);
        Assert.Equal(new PilotResult.WrongState(PilotState.Running), byOwner.Start(Olga, actorIsLead: false, team.Now));
    }

    [Fact]
    public void AStartLongAfterTheProposalMovesAReviewDateThatWouldComeBeforeTheLastReliefCheck()
    {
        var team = new PilotTeam();
        var late = team.Approved();
        var soon = team.Approved();

        Done(soon.Start(Olga, actorIsLead: false, team.Now));
        team.Clock.Advance(TimeSpan.FromDays(14));
        Done(late.Start(Olga, actorIsLead: false, team.Now));

        Assert.Equal(new DateOnly(2026, 12, 21), soon.ReviewOn);
        Assert.Equal(new DateOnly(2027, 1, 4), late.ReviewOn);
    }

    [Fact]
    public void AReviewedPilotKeptAsAnAutomationLeavesTheRunningCount()
    {
        var team = new PilotTeam();
        var pilot = team.Running();
        Assert.IsType<PilotResult.NotLeadOrOwner>(pilot.Review(Max, actorIsLead: false, null, team.Now));
        Assert.Equal(new PilotResult.WrongState(PilotState.Running), pilot.Keep(Lena, actorIsLead: true, null, team.Now));

        team.Clock.Advance(TimeSpan.FromDays(28));
        var reviewed = Done(pilot.Review(Olga, actorIsLead: false, "  Spart jede Woche eine Stunde. ", team.Now));
        Assert.Equal("Spart jede Woche eine Stunde.", reviewed.Reason);
        Assert.True(pilot.CountsAsRunning);
        Assert.IsType<PilotResult.NotLead>(pilot.Keep(Olga, actorIsLead: false, null, team.Now));

        var kept = Done(pilot.Keep(Lena, actorIsLead: true, null, team.Now));

        Assert.Equal((PilotAction.Kept, PilotState.Reviewed, PilotState.Kept), (kept.Action, kept.From, kept.To));
        Assert.False(pilot.CountsAsRunning);
        Assert.Equal(new PilotResult.WrongState(PilotState.Kept), pilot.Retire(Lena, actorIsLead: true, "x", team.Now));
    }

    [Fact]
    public void AnAdjustedPilotRunsOnUntilItsNextReview()
    {
        var team = new PilotTeam();
        var pilot = team.Reviewed();

        Assert.IsType<PilotResult.ReasonRequired>(pilot.Adjust(Lena, actorIsLead: true, " ", null, team.Now));
        Assert.Equal([PilotProblem.ReviewDateTooEarly], Assert.IsType<PilotResult.Invalid>(pilot.Adjust(Lena, actorIsLead: true, "x", DateOnly.FromDateTime(team.Now.UtcDateTime), team.Now)).Problems);
        var adjusted = Done(pilot.Adjust(Lena, actorIsLead: true, "Übergabe an die Buchhaltung klarer geregelt.", null, team.Now));

        Assert.Equal(PilotState.Adjusted, pilot.State);
        Assert.Equal("Übergabe an die Buchhaltung klarer geregelt.", adjusted.Reason);
        Assert.Equal(DateOnly.FromDateTime(team.Now.UtcDateTime).AddDays(28), pilot.ReviewOn);
        Assert.True(pilot.CountsAsRunning);
        Done(pilot.Review(Olga, actorIsLead: false, null, team.Now.AddDays(28)));
        Assert.Equal(PilotState.Reviewed, pilot.State);
    }

    [Theory]
    [InlineData(PilotState.Approved)]
    [InlineData(PilotState.Running)]
    [InlineData(PilotState.Reviewed)]
    public void ALeadRetiresAPilotAtAnyPointWithAReasonAndFreesItsPlace(PilotState from)
    {
        var team = new PilotTeam();
        var pilot = from switch
        {
            PilotState.Approved => team.Approved(),
            PilotState.Running => team.Running(),
            _ => team.Reviewed(),
        };

        Assert.IsType<PilotResult.NotLead>(pilot.Retire(Olga, actorIsLead: false, "Zu groß.", team.Now));
        Assert.IsType<PilotResult.ReasonRequired>(pilot.Retire(Lena, actorIsLead: true, null, team.Now));
        var retired = Done(pilot.Retire(Lena, actorIsLead: true, "Zu weit weg vom Alltag.", team.Now));

        Assert.Equal((PilotAction.Retired, from, PilotState.Retired), (retired.Action, retired.From, retired.To));
        Assert.False(pilot.CountsAsRunning);
    }

    [Fact]
    public void ApprovingARetiredPilotIsToldWhoApprovedItAndThatItIsRetired()
    {
        var team = new PilotTeam();
        var pilot = team.Running();
        Done(pilot.Retire(Lars, actorIsLead: true, "Nicht mehr nötig.", team.Now));

        var refused = Assert.IsType<PilotResult.AlreadyDecided>(pilot.Approve(Lars, actorIsLead: true, 0, 1, team.Now));

        Assert.Equal((PilotDecision.Approved, PilotState.Retired, Lena.AadObjectId), (refused.Decision, refused.State, refused.ByAadObjectId));
    }

    [Fact]
    public void APausedPilotGivesItsPlaceBackAndResumesOnlyWhenOneIsFree()
    {
        var team = new PilotTeam();
        var pilot = team.Running();

        Assert.IsType<PilotResult.NotLeadOrOwner>(pilot.Pause(Max, actorIsLead: false, null, team.Now));
        Done(pilot.Pause(Olga, actorIsLead: false, "Urlaubszeit.", team.Now));
        Assert.False(pilot.CountsAsRunning);
        Assert.Equal(team.Now, pilot.PausedAt);

        Assert.IsType<PilotResult.NotLead>(pilot.Resume(Olga, actorIsLead: false, 0, 1, team.Now));
        Assert.Equal(new PilotResult.OverRunningLimit(1, 1), pilot.Resume(Lena, actorIsLead: true, 1, 1, team.Now));
        Assert.Equal(PilotState.Paused, pilot.State);
        var resumed = Done(pilot.Resume(Lena, actorIsLead: true, 0, 1, team.Now));

        Assert.Equal((PilotAction.Resumed, PilotState.Paused, PilotState.Running), (resumed.Action, resumed.From, resumed.To));
        Assert.Null(pilot.PausedAt);
        Assert.True(pilot.CountsAsRunning);
    }

    [Theory]
    [InlineData(PilotState.Proposed, false)]
    [InlineData(PilotState.ChangesRequested, false)]
    [InlineData(PilotState.Withdrawn, false)]
    [InlineData(PilotState.Declined, false)]
    [InlineData(PilotState.Approved, true)]
    [InlineData(PilotState.Running, true)]
    [InlineData(PilotState.Paused, false)]
    [InlineData(PilotState.Reviewed, true)]
    [InlineData(PilotState.Kept, false)]
    [InlineData(PilotState.Adjusted, true)]
    [InlineData(PilotState.Retired, false)]
    public void ThesePilotsHoldARunningPlace(PilotState state, bool counts) => Assert.Equal(counts, state.CountsAsRunning());

    [Fact]
    public void EveryStepDoneRaisesTheVersionByOneAndEveryRefusalLeavesThePilotAsItWas()
    {
        var team = new PilotTeam();
        var pilot = team.Propose();
        var attempts = new Func<PilotResult>[]
        {
            () => pilot.Start(Lena, true, team.Now),
            () => pilot.Approve(Max, false, 0, 1, team.Now),
            () => pilot.Approve(Lena, true, 1, 1, team.Now),
            () => pilot.RequestChanges(Lena, true, "Kleiner.", team.Now),
            () => pilot.Approve(Lena, true, 0, 1, team.Now),
            () => pilot.Resubmit(Anna, Proposal(), Berlin, team.Now),
            () => pilot.Approve(Lars, true, 0, 1, team.Now),
            () => pilot.Approve(Lena, true, 0, 1, team.Now),
            () => pilot.Review(Olga, false, null, team.Now),
            () => pilot.Start(Olga, false, team.Now),
            () => pilot.Pause(Olga, false, null, team.Now),
            () => pilot.Resume(Lena, true, 0, 1, team.Now),
            () => pilot.Review(Olga, false, null, team.Now),
            () => pilot.Adjust(Lena, true, "Regeln geschärft.", null, team.Now),
            () => pilot.Review(Olga, false, null, team.Now),
            () => pilot.Keep(Lena, true, null, team.Now),
            () => pilot.Retire(Lena, true, "x", team.Now),
        };

        var actions = new List<PilotAction>();
        foreach (var attempt in attempts)
        {
            var before = Snapshot(pilot);
            team.Clock.Advance(TimeSpan.FromHours(1));
            var result = attempt();
            if (result is PilotResult.Done done)
            {
                Assert.Equal((int)before[nameof(Pilot.Version)]! + 1, pilot.Version);
                Assert.Equal(before[nameof(Pilot.State)], done.Change.From);
                Assert.Equal(pilot.State, done.Change.To);
                Assert.Equal(team.Now, done.Change.At);
                actions.Add(done.Change.Action);
            }
            else
            {
                Assert.Equal(before, Snapshot(pilot));
            }
        }

        Assert.Equal(
            [PilotAction.ChangesRequested, PilotAction.Resubmitted, PilotAction.Approved, PilotAction.Started, PilotAction.Paused, PilotAction.Resumed,
             PilotAction.Reviewed, PilotAction.Adjusted, PilotAction.Reviewed, PilotAction.Kept],
            actions);
    }

    [Fact]
    public void OnlyTheProposalsOwnStepsCarryTheAiMark()
    {
        var team = new PilotTeam();
        var pilot = team.Propose(Proposal(aiDrafted: true));

        var approved = Done(pilot.Approve(Lena, true, 0, 1, team.Now));
        var started = Done(pilot.Start(Olga, false, team.Now));

        Assert.True(approved.AiInvolved);
        Assert.False(started.AiInvolved);
    }

    [Fact]
    public void AnAuditEntryKeepsWhoDidWhatWhenAndWhy()
    {
        var team = new PilotTeam();
        var pilot = team.Propose();
        pilot.Id = 42;
        var change = Done(pilot.Decline(Lena, true, "Erst Stufe 2 klären.", team.Now));

        var entry = PilotAudit.RecordFor(pilot, change);

        Assert.Equal(("tenant-1", "team-1", "pilot", "42"), (entry.TenantId, entry.TeamId, entry.Subject, entry.SubjectId));
        Assert.Equal(PilotAction.Declined, PilotAudit.ActionOf(entry.Action));
        Assert.Equal((Lena.AadObjectId, Lena.Name, team.Now, "Erst Stufe 2 klären.", false), (entry.ActorAadObjectId, entry.ActorName, entry.At, entry.Detail, entry.AiInvolved));
    }
}
