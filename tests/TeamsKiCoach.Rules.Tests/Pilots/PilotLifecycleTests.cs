using TeamsKiCoach.Coaching.Pilots;
using static TeamsKiCoach.Tests.Pilots.PilotTeam;
using TeamsKiCoach.Storage.Pilots;

namespace TeamsKiCoach.Tests.Pilots;

public sealed class PilotLifecycleTests
{
    [Fact]
    public void AProposalWaitsForALeadWithAReviewFourWeeksLater()
    {
        var world = new PilotTeam();

        var result = Pilot.Propose("tenant-1", "team-1", 3, Proposal(aiDrafted: true), Anna, Berlin, world.Now);

        var (pilot, change) = Assert.IsType<ProposalResult.Proposed>(result);
        Assert.Equal(PilotState.Proposed, pilot.State);
        Assert.Equal(3, pilot.Number);
        Assert.Equal(new DateOnly(2026, 12, 21), pilot.ReviewOn);
        Assert.Equal((Anna.AadObjectId, Anna.Name), (pilot.ProposedByAadObjectId, pilot.ProposedByName));
        Assert.Equal((Olga.AadObjectId, Olga.Name), (pilot.OwnerAadObjectId, pilot.OwnerName));
        Assert.False(pilot.CountsAsRunning);
        Assert.Equal(new PilotChange(PilotAction.Proposed, PilotState.Proposed, PilotState.Proposed, Anna.AadObjectId, Anna.Name, world.Now, null, AiInvolved: true), change);
    }

    [Fact]
    public void TheReviewDateFollowsTheTeamsLocalDate()
    {
        // 23:30 UTC on Sunday is already Monday in Berlin.
        var world = new PilotTeam(new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 12, 21), world.Propose().ReviewOn);
    }

    [Fact]
    public void AProposalMissingWhatMattersNamesEveryMissingField()
    {
        var world = new PilotTeam();
        var empty = Proposal() with { Step = "  ", StaysManual = "", WhoIsRelieved = "\n", Owner = new PilotActor(" ", "Nobody") };

        var result = Pilot.Propose("tenant-1", "team-1", 1, empty, Anna, Berlin, world.Now);

        var invalid = Assert.IsType<ProposalResult.Invalid>(result);
        Assert.Equal([PilotProblem.StepMissing, PilotProblem.StaysManualMissing, PilotProblem.WhoIsRelievedMissing, PilotProblem.OwnerMissing], invalid.Problems);
    }

    [Fact]
    public void TheStepIsOneLineAndNoLongerThanASentence()
    {
        var world = new PilotTeam();

        var pilot = world.Propose(Proposal() with { Step = "  Daten\r\n übernehmen \t statt abtippen. " });
        var tooLong = Pilot.Propose("tenant-1", "team-1", 2, Proposal() with { Step = new string('a', Pilot.MaxStepLength + 1) }, Anna, Berlin, world.Now);

        Assert.Equal("Daten übernehmen statt abtippen.", pilot.Step);
        Assert.Equal([PilotProblem.StepTooLong], Assert.IsType<ProposalResult.Invalid>(tooLong).Problems);
    }

    [Theory]
    [InlineData(6, PilotProblem.ReviewDateTooEarly)]
    [InlineData(-1, PilotProblem.ReviewDateTooEarly)]
    [InlineData(85, PilotProblem.ReviewDateTooLate)]
    public void AReviewDateTooSoonOrTooFarIsRefused(int days, PilotProblem problem)
    {
        var world = new PilotTeam();
        var reviewOn = new DateOnly(2026, 11, 23).AddDays(days);

        var result = Pilot.Propose("tenant-1", "team-1", 1, Proposal(reviewOn: reviewOn), Anna, Berlin, world.Now);

        Assert.Equal([problem], Assert.IsType<ProposalResult.Invalid>(result).Problems);
    }

    [Fact]
    public void ALeadsApprovalIsRecordedWithTheirNameAndTime()
    {
        var world = new PilotTeam();
        var pilot = world.Propose(Proposal(aiDrafted: true));
        world.Clock.Advance(TimeSpan.FromHours(3));

        var change = Done(pilot.Approve(Lena, actorIsLead: true, runningPilots: 0, maxRunning: 1, world.Now));

        Assert.Equal(PilotState.Approved, pilot.State);
        Assert.Equal(PilotDecision.Approved, pilot.Decision);
        Assert.Equal((Lena.AadObjectId, Lena.Name, world.Now), (pilot.DecidedByAadObjectId, pilot.DecidedByName, pilot.DecidedAt));
        Assert.True(pilot.CountsAsRunning);
        Assert.Equal(2, pilot.Version);
        Assert.Equal(new PilotChange(PilotAction.Approved, PilotState.Proposed, PilotState.Approved, Lena.AadObjectId, Lena.Name, world.Now, null, AiInvolved: true), change);
    }

    [Fact]
    public void SomeoneWhoIsNotALeadCannotDecideAndChangesNothing()
    {
        var world = new PilotTeam();
        var pilot = world.Propose();
        var before = Snapshot(pilot);

        Assert.IsType<PilotResult.NotLead>(pilot.Approve(Max, actorIsLead: false, 0, 1, world.Now));
        Assert.IsType<PilotResult.NotLead>(pilot.Decline(Max, actorIsLead: false, "Nein.", world.Now));
        Assert.IsType<PilotResult.NotLead>(pilot.RequestChanges(Max, actorIsLead: false, "Anders.", world.Now));
        Assert.IsType<PilotResult.NotLead>(pilot.Approve(Anna, actorIsLead: false, 0, 1, world.Now));

        Assert.Equal(before, Snapshot(pilot));
    }

    [Fact]
    public void ASecondLeadIsToldWhoDecidedFirst()
    {
        var world = new PilotTeam();
        var pilot = world.Propose();
        var decidedAt = world.Now;
        Done(pilot.Approve(Lena, actorIsLead: true, 0, 1, decidedAt));
        world.Clock.Advance(TimeSpan.FromSeconds(1));
        var before = Snapshot(pilot);

        var expected = new PilotResult.AlreadyDecided(PilotDecision.Approved, PilotState.Approved, Lena.AadObjectId, Lena.Name, decidedAt);
        Assert.Equal(expected, pilot.Approve(Lars, actorIsLead: true, 0, 1, world.Now));
        Assert.Equal(expected, pilot.Decline(Lars, actorIsLead: true, "Zu groß.", world.Now));
        Assert.Equal(expected, pilot.RequestChanges(Lars, actorIsLead: true, "Kleiner bitte.", world.Now));
        Assert.Equal(expected, pilot.Approve(Lena, actorIsLead: true, 0, 1, world.Now));
        Assert.Equal(before, Snapshot(pilot));
    }

    [Fact]
    public void TwoCopiesDecidedAtOnceBothClaimTheSameNextVersion()
    {
        // Each lead's request loads its own copy of version 1; only one save of version 2 can match the token.
        var world = new PilotTeam();
        var first = world.Propose();
        var second = world.Propose();

        Done(first.Approve(Lena, actorIsLead: true, 0, 1, world.Now));
        Done(second.Decline(Lars, actorIsLead: true, "Passt nicht.", world.Now));

        Assert.Equal(2, first.Version);
        Assert.Equal(first.Version, second.Version);
    }

    [Fact]
    public void DecidingAWithdrawnPilotSaysItWasWithdrawn()
    {
        var world = new PilotTeam();
        var pilot = world.Propose();
        var withdrawnAt = world.Now;
        Done(pilot.Withdraw(Anna, withdrawnAt));
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        var before = Snapshot(pilot);

        Assert.Equal(new PilotResult.Withdrawn(withdrawnAt), pilot.Approve(Lena, actorIsLead: true, 0, 1, world.Now));
        Assert.Equal(new PilotResult.Withdrawn(withdrawnAt), pilot.Decline(Lena, actorIsLead: true, "x", world.Now));
        Assert.Equal(new PilotResult.Withdrawn(withdrawnAt), pilot.RequestChanges(Lena, actorIsLead: true, "x", world.Now));
        Assert.Equal(new PilotResult.Withdrawn(withdrawnAt), pilot.Start(Lena, actorIsLead: true, world.Now));
        Assert.Equal(new PilotResult.Withdrawn(withdrawnAt), pilot.Withdraw(Anna, world.Now));
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
        var world = new PilotTeam();
        var pilot = world.Propose();
        var before = Snapshot(pilot);

        var result = pilot.Approve(Lena, actorIsLead: true, running, max, world.Now);

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
        var world = new PilotTeam();
        var pilot = world.Propose();
        var before = Snapshot(pilot);

        Assert.IsType<PilotResult.ReasonRequired>(pilot.Decline(Lena, actorIsLead: true, reason, world.Now));
        Assert.IsType<PilotResult.ReasonRequired>(pilot.RequestChanges(Lena, actorIsLead: true, reason, world.Now));
        Assert.Equal(before, Snapshot(pilot));
    }

    [Fact]
    public void AReasonIsTrimmedAndLimitedInLength()
    {
        var world = new PilotTeam();
        var pilot = world.Propose();

        Assert.Equal(new PilotResult.ReasonTooLong(Pilot.MaxReasonLength), pilot.Decline(Lena, actorIsLead: true, new string('x', Pilot.MaxReasonLength + 1), world.Now));
        var change = Done(pilot.Decline(Lena, actorIsLead: true, "  Zu groß für den Anfang.  ", world.Now));

        Assert.Equal("Zu groß für den Anfang.", change.Reason);
        Assert.Equal("Zu groß für den Anfang.", pilot.DecisionReason);
        Assert.Equal(PilotState.Declined, pilot.State);
        Assert.False(pilot.CountsAsRunning);
    }

    [Fact]
    public void AfterChangesAreAskedForTheProposerResubmitsAndALeadDecidesAfresh()
    {
        var world = new PilotTeam();
        var pilot = world.Propose();
        var asked = Done(pilot.RequestChanges(Lena, actorIsLead: true, "Nur die Eingangsrechnungen, bitte.", world.Now));
        Assert.Equal(PilotState.ChangesRequested, pilot.State);
        Assert.Equal("Nur die Eingangsrechnungen, bitte.", asked.Reason);

        world.Clock.Advance(TimeSpan.FromDays(1));
        var edited = Proposal() with { Step = "Eingangsrechnungen aus dem PDF ins ERP übernehmen." };
        Assert.IsType<PilotResult.NotProposer>(pilot.Resubmit(Max, edited, Berlin, world.Now));
        var resubmitted = Done(pilot.Resubmit(Anna, edited, Berlin, world.Now));

        Assert.Equal((PilotAction.Resubmitted, PilotState.ChangesRequested, PilotState.Proposed), (resubmitted.Action, resubmitted.From, resubmitted.To));
        Assert.Equal("Eingangsrechnungen aus dem PDF ins ERP übernehmen.", pilot.Step);
        Assert.Null(pilot.Decision);
        Assert.Null(pilot.DecidedByAadObjectId);
        Done(pilot.Approve(Lars, actorIsLead: true, 0, 1, world.Now));
        Assert.Equal(Lars.Name, pilot.DecidedByName);
        Assert.Equal(4, pilot.Version);
    }

    [Fact]
    public void AResubmitWithMissingFieldsIsRefusedAndTheRequestStays()
    {
        var world = new PilotTeam();
        var pilot = world.Propose();
        Done(pilot.RequestChanges(Lena, actorIsLead: true, "Wer ist entlastet?", world.Now));
        var before = Snapshot(pilot);

        var result = pilot.Resubmit(Anna, Proposal() with { WhoIsRelieved = " " }, Berlin, world.Now);

        Assert.Equal([PilotProblem.WhoIsRelievedMissing], Assert.IsType<PilotResult.Invalid>(result).Problems);
        Assert.Equal(before, Snapshot(pilot));
    }

    [Fact]
    public void ResubmittingWithoutARequestForChangesIsRefused()
    {
        var world = new PilotTeam();
        var proposed = world.Propose();
        var approved = world.Approved();

        Assert.Equal(new PilotResult.WrongState(PilotState.Proposed), proposed.Resubmit(Anna, Proposal(), Berlin, world.Now));
        Assert.IsType<PilotResult.AlreadyDecided>(approved.Resubmit(Anna, Proposal(), Berlin, world.Now));
    }

    [Fact]
    public void OnlyTheProposerWithdrawsAndOnlyBeforeApproval()
    {
        var world = new PilotTeam();
        var pilot = world.Propose();
        var approved = world.Approved();
        var sentBack = world.Propose();
        Done(sentBack.RequestChanges(Lena, actorIsLead: true, "Kleiner.", world.Now));

        Assert.IsType<PilotResult.NotProposer>(pilot.Withdraw(Lena, world.Now));
        Assert.IsType<PilotResult.NotProposer>(pilot.Withdraw(Olga, world.Now));
        var change = Done(pilot.Withdraw(Anna, world.Now));
        Assert.Equal(PilotAction.Withdrawn, change.Action);
        Assert.Equal(PilotState.Withdrawn, pilot.State);
        Assert.Equal(world.Now, pilot.WithdrawnAt);

        var refused = Assert.IsType<PilotResult.AlreadyDecided>(approved.Withdraw(Anna, world.Now));
        Assert.Equal((PilotDecision.Approved, Lena.Name), (refused.Decision, refused.ByName));

        Done(sentBack.Withdraw(Anna, world.Now));
        Assert.Equal(PilotState.Withdrawn, sentBack.State);
    }

    [Fact]
    public void ALeadOrTheOwnerStartsAnApprovedPilot()
    {
        var world = new PilotTeam();
        var byOwner = world.Approved();
        var byLead = world.Approved();
        var notApproved = world.Propose();

        Assert.IsType<PilotResult.NotLeadOrOwner>(byOwner.Start(Max, actorIsLead: false, world.Now));
        Assert.IsType<PilotResult.NotLeadOrOwner>(byOwner.Start(Anna, actorIsLead: false, world.Now));
        Assert.Equal(new PilotResult.WrongState(PilotState.Proposed), notApproved.Start(Lena, actorIsLead: true, world.Now));
        var started = Done(byOwner.Start(Olga, actorIsLead: false, world.Now));
        Done(byLead.Start(Lena, actorIsLead: true, world.Now));

        Assert.Equal((PilotAction.Started, PilotState.Approved, PilotState.Running), (started.Action, started.From, started.To));
        Assert.Equal(world.Now, byOwner.StartedAt);
        Assert.True(byOwner.CountsAsRunning);
        Assert.Equal(new PilotResult.WrongState(PilotState.Running), byOwner.Start(Olga, actorIsLead: false, world.Now));
    }

    [Fact]
    public void AStartLongAfterTheProposalMovesAReviewDateThatWouldComeBeforeTheLastReliefCheck()
    {
        var world = new PilotTeam();
        var late = world.Approved();
        var soon = world.Approved();

        Done(soon.Start(Olga, actorIsLead: false, world.Now));
        world.Clock.Advance(TimeSpan.FromDays(14));
        Done(late.Start(Olga, actorIsLead: false, world.Now));

        Assert.Equal(new DateOnly(2026, 12, 21), soon.ReviewOn);
        Assert.Equal(new DateOnly(2027, 1, 4), late.ReviewOn);
    }

    [Fact]
    public void AReviewedPilotKeptAsAnAutomationLeavesTheRunningCount()
    {
        var world = new PilotTeam();
        var pilot = world.Running();
        Assert.IsType<PilotResult.NotLeadOrOwner>(pilot.Review(Max, actorIsLead: false, null, world.Now));
        Assert.Equal(new PilotResult.WrongState(PilotState.Running), pilot.Keep(Lena, actorIsLead: true, null, world.Now));

        world.Clock.Advance(TimeSpan.FromDays(28));
        var reviewed = Done(pilot.Review(Olga, actorIsLead: false, "  Spart jede Woche eine Stunde. ", world.Now));
        Assert.Equal("Spart jede Woche eine Stunde.", reviewed.Reason);
        Assert.True(pilot.CountsAsRunning);
        Assert.IsType<PilotResult.NotLead>(pilot.Keep(Olga, actorIsLead: false, null, world.Now));

        var kept = Done(pilot.Keep(Lena, actorIsLead: true, null, world.Now));

        Assert.Equal((PilotAction.Kept, PilotState.Reviewed, PilotState.Kept), (kept.Action, kept.From, kept.To));
        Assert.False(pilot.CountsAsRunning);
        Assert.Equal(new PilotResult.WrongState(PilotState.Kept), pilot.Retire(Lena, actorIsLead: true, "x", world.Now));
    }

    [Fact]
    public void AnAdjustedPilotRunsOnUntilItsNextReview()
    {
        var world = new PilotTeam();
        var pilot = world.Reviewed();

        Assert.IsType<PilotResult.ReasonRequired>(pilot.Adjust(Lena, actorIsLead: true, " ", null, world.Now));
        Assert.Equal([PilotProblem.ReviewDateTooEarly], Assert.IsType<PilotResult.Invalid>(pilot.Adjust(Lena, actorIsLead: true, "x", DateOnly.FromDateTime(world.Now.UtcDateTime), world.Now)).Problems);
        var adjusted = Done(pilot.Adjust(Lena, actorIsLead: true, "Übergabe an die Buchhaltung klarer geregelt.", null, world.Now));

        Assert.Equal(PilotState.Adjusted, pilot.State);
        Assert.Equal("Übergabe an die Buchhaltung klarer geregelt.", adjusted.Reason);
        Assert.Equal(DateOnly.FromDateTime(world.Now.UtcDateTime).AddDays(28), pilot.ReviewOn);
        Assert.True(pilot.CountsAsRunning);
        Done(pilot.Review(Olga, actorIsLead: false, null, world.Now.AddDays(28)));
        Assert.Equal(PilotState.Reviewed, pilot.State);
    }

    [Theory]
    [InlineData(PilotState.Approved)]
    [InlineData(PilotState.Running)]
    [InlineData(PilotState.Reviewed)]
    public void ALeadRetiresAPilotAtAnyPointWithAReasonAndFreesItsPlace(PilotState from)
    {
        var world = new PilotTeam();
        var pilot = from switch
        {
            PilotState.Approved => world.Approved(),
            PilotState.Running => world.Running(),
            _ => world.Reviewed(),
        };

        Assert.IsType<PilotResult.NotLead>(pilot.Retire(Olga, actorIsLead: false, "Zu groß.", world.Now));
        Assert.IsType<PilotResult.ReasonRequired>(pilot.Retire(Lena, actorIsLead: true, null, world.Now));
        var retired = Done(pilot.Retire(Lena, actorIsLead: true, "Zu weit weg vom Alltag.", world.Now));

        Assert.Equal((PilotAction.Retired, from, PilotState.Retired), (retired.Action, retired.From, retired.To));
        Assert.False(pilot.CountsAsRunning);
    }

    [Fact]
    public void ApprovingARetiredPilotIsToldWhoApprovedItAndThatItIsRetired()
    {
        var world = new PilotTeam();
        var pilot = world.Running();
        Done(pilot.Retire(Lars, actorIsLead: true, "Nicht mehr nötig.", world.Now));

        var refused = Assert.IsType<PilotResult.AlreadyDecided>(pilot.Approve(Lars, actorIsLead: true, 0, 1, world.Now));

        Assert.Equal((PilotDecision.Approved, PilotState.Retired, Lena.AadObjectId), (refused.Decision, refused.State, refused.ByAadObjectId));
    }

    [Fact]
    public void APausedPilotGivesItsPlaceBackAndResumesOnlyWhenOneIsFree()
    {
        var world = new PilotTeam();
        var pilot = world.Running();

        Assert.IsType<PilotResult.NotLeadOrOwner>(pilot.Pause(Max, actorIsLead: false, null, world.Now));
        Done(pilot.Pause(Olga, actorIsLead: false, "Urlaubszeit.", world.Now));
        Assert.False(pilot.CountsAsRunning);
        Assert.Equal(world.Now, pilot.PausedAt);

        Assert.IsType<PilotResult.NotLead>(pilot.Resume(Olga, actorIsLead: false, 0, 1, world.Now));
        Assert.Equal(new PilotResult.OverRunningLimit(1, 1), pilot.Resume(Lena, actorIsLead: true, 1, 1, world.Now));
        Assert.Equal(PilotState.Paused, pilot.State);
        var resumed = Done(pilot.Resume(Lena, actorIsLead: true, 0, 1, world.Now));

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
        var world = new PilotTeam();
        var pilot = world.Propose();
        var attempts = new Func<PilotResult>[]
        {
            () => pilot.Start(Lena, true, world.Now),
            () => pilot.Approve(Max, false, 0, 1, world.Now),
            () => pilot.Approve(Lena, true, 1, 1, world.Now),
            () => pilot.RequestChanges(Lena, true, "Kleiner.", world.Now),
            () => pilot.Approve(Lena, true, 0, 1, world.Now),
            () => pilot.Resubmit(Anna, Proposal(), Berlin, world.Now),
            () => pilot.Approve(Lars, true, 0, 1, world.Now),
            () => pilot.Approve(Lena, true, 0, 1, world.Now),
            () => pilot.Review(Olga, false, null, world.Now),
            () => pilot.Start(Olga, false, world.Now),
            () => pilot.Pause(Olga, false, null, world.Now),
            () => pilot.Resume(Lena, true, 0, 1, world.Now),
            () => pilot.Review(Olga, false, null, world.Now),
            () => pilot.Adjust(Lena, true, "Regeln geschärft.", null, world.Now),
            () => pilot.Review(Olga, false, null, world.Now),
            () => pilot.Keep(Lena, true, null, world.Now),
            () => pilot.Retire(Lena, true, "x", world.Now),
        };

        var actions = new List<PilotAction>();
        foreach (var attempt in attempts)
        {
            var before = Snapshot(pilot);
            world.Clock.Advance(TimeSpan.FromHours(1));
            var result = attempt();
            if (result is PilotResult.Done done)
            {
                Assert.Equal((int)before[nameof(Pilot.Version)]! + 1, pilot.Version);
                Assert.Equal(before[nameof(Pilot.State)], done.Change.From);
                Assert.Equal(pilot.State, done.Change.To);
                Assert.Equal(world.Now, done.Change.At);
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
        var world = new PilotTeam();
        var pilot = world.Propose(Proposal(aiDrafted: true));

        var approved = Done(pilot.Approve(Lena, true, 0, 1, world.Now));
        var started = Done(pilot.Start(Olga, false, world.Now));

        Assert.True(approved.AiInvolved);
        Assert.False(started.AiInvolved);
    }

    [Fact]
    public void AnAuditEntryKeepsWhoDidWhatWhenAndWhy()
    {
        var world = new PilotTeam();
        var pilot = world.Propose();
        pilot.Id = 42;
        var change = Done(pilot.Decline(Lena, true, "Erst Stufe 2 klären.", world.Now));

        var entry = PilotAudit.RecordFor(pilot, change);

        Assert.Equal(("tenant-1", "team-1", "pilot", "42"), (entry.TenantId, entry.TeamId, entry.Subject, entry.SubjectId));
        Assert.Equal(PilotAction.Declined, PilotAudit.ActionOf(entry.Action));
        Assert.Equal((Lena.AadObjectId, Lena.Name, world.Now, "Erst Stufe 2 klären.", false), (entry.ActorAadObjectId, entry.ActorName, entry.At, entry.Detail, entry.AiInvolved));
    }
}
