using System.ComponentModel.DataAnnotations;
using TeamsKiCoach.Coaching.Pilots;
using static TeamsKiCoach.Tests.Pilots.PilotTeam;

namespace TeamsKiCoach.Tests.Pilots;

public sealed class PilotBrakeTests
{
    [Fact]
    public void WithoutARunningPilotNothingIsBlockedOrSuggested()
    {
        var team = new PilotTeam();
        var pilots = new[] { team.Propose(), team.Propose() };

        var brake = PilotBrake.Check(pilots, null, new PilotOptions().MaxRunning);

        Assert.False(brake.ApprovalBlocked);
        Assert.False(brake.SuggestAdjustingFirst);
        Assert.Empty(brake.Running);
        Assert.Equal(0, brake.PlacesToFree);
    }

    [Fact]
    public void OneRunningPilotBlocksTheNextApprovalAndSaysHowToFreeItsPlace()
    {
        var team = new PilotTeam();
        var running = team.Running();
        running.Id = 11;
        var waiting = team.Propose();

        var brake = PilotBrake.Check([running, waiting], null, maxRunning: 1);

        Assert.True(brake.ApprovalBlocked);
        Assert.Equal(1, brake.PlacesToFree);
        var holder = Assert.Single(brake.Running);
        Assert.Equal((11L, running.Number, PilotState.Running), (holder.PilotId, holder.Number, holder.State));
        Assert.Equal([FreeAPlace.Finish, FreeAPlace.Pause, FreeAPlace.Retire], holder.WaysToFree);
        Assert.Equal(new PilotResult.OverRunningLimit(1, 1), waiting.Approve(Lena, true, PilotBrake.RunningCount([running, waiting]), 1, team.Now));
    }

    [Fact]
    public void AnApprovedPilotNotStartedYetCanOnlyBeRetiredToFreeItsPlace()
    {
        var team = new PilotTeam();

        var brake = PilotBrake.Check([team.Approved()], null, maxRunning: 1);

        Assert.Equal([FreeAPlace.Retire], Assert.Single(brake.Running).WaysToFree);
    }

    [Fact]
    public void AReviewedPilotIsFinishedByDecidingItsOutcome()
    {
        var team = new PilotTeam();

        var brake = PilotBrake.Check([team.Reviewed()], null, maxRunning: 1);

        Assert.Equal([FreeAPlace.Finish, FreeAPlace.Retire], Assert.Single(brake.Running).WaysToFree);
    }

    [Fact]
    public void WithALimitOfTwoOneRunningPilotLeavesRoom()
    {
        var team = new PilotTeam();
        var running = team.Running();
        var waiting = team.Propose();

        var brake = PilotBrake.Check([running, waiting], null, maxRunning: 2);

        Assert.False(brake.ApprovalBlocked);
        Done(waiting.Approve(Lena, true, PilotBrake.RunningCount([running, waiting]), 2, team.Now));
    }

    [Fact]
    public void KeptRetiredPausedDeclinedAndWithdrawnPilotsHoldNoPlace()
    {
        var team = new PilotTeam();
        var kept = team.Reviewed();
        Done(kept.Keep(Lena, true, null, team.Now));
        var retired = team.Running();
        Done(retired.Retire(Lena, true, "Zu groß.", team.Now));
        var paused = team.Running();
        Done(paused.Pause(Olga, false, null, team.Now));
        var declined = team.Propose();
        Done(declined.Decline(Lena, true, "Nein.", team.Now));
        var withdrawn = team.Propose();
        Done(withdrawn.Withdraw(Anna, team.Now));

        var brake = PilotBrake.Check([kept, retired, paused, declined, withdrawn], null, maxRunning: 1);

        Assert.False(brake.ApprovalBlocked);
        Assert.Empty(brake.Running);
    }

    [Fact]
    public void ALimitLoweredBelowTheRunningPilotsAsksToFreeMoreThanOnePlace()
    {
        var team = new PilotTeam();
        var pilots = new[] { team.Running(), team.Running(), team.Running() };

        var brake = PilotBrake.Check(pilots, null, maxRunning: 2);

        Assert.True(brake.ApprovalBlocked);
        Assert.Equal(2, brake.PlacesToFree);
        Assert.Equal(pilots.Select(p => p.Number), brake.Running.Select(r => r.Number));
    }

    [Theory]
    [InlineData(1, null, null, true)]
    [InlineData(0, 2.9, null, true)]
    [InlineData(0, 3.0, null, false)]
    [InlineData(0, null, 0.34, true)]
    [InlineData(0, null, 0.2, false)]
    [InlineData(0, 4.5, 0.0, false)]
    [InlineData(0, null, null, false)]
    public void BypassReportsOrLowReliefSuggestAdjustingBeforeANewPilot(int bypasses, double? mean, double? noShare, bool suggested)
    {
        var team = new PilotTeam();
        var running = team.Running();
        running.Id = 5;
        var signals = new Dictionary<long, PilotSignals> { [5] = new(bypasses, mean, noShare) };

        var brake = PilotBrake.Check([running], signals, maxRunning: 3);

        Assert.Equal(suggested, brake.SuggestAdjustingFirst);
        Assert.Equal(suggested ? [running.Number] : [], brake.NeedingAdjustment.Select(p => p.Number));
        Assert.False(brake.ApprovalBlocked);
    }

    [Fact]
    public void SignalsOfAPilotThatNoLongerRunsDoNotBrake()
    {
        var team = new PilotTeam();
        var kept = team.Reviewed();
        kept.Id = 8;
        Done(kept.Keep(Lena, true, null, team.Now));

        var brake = PilotBrake.Check([kept], new Dictionary<long, PilotSignals> { [8] = new(4, 1.5, 0.9) }, maxRunning: 1);

        Assert.False(brake.SuggestAdjustingFirst);
    }

    [Fact]
    public void ManyNosInTheReliefCheckBrake()
    {
        var team = new PilotTeam();
        var running = team.Running();
        running.Id = 3;
        var answers = new[] { Relief.No, Relief.No, Relief.Yes, Relief.ABit, Relief.NotAffected }.Select(a => new ReliefAnswer(a));
        var counts = Assert.IsType<ReliefResult.Counted>(ReliefResult.Aggregate(answers)).Counts;

        var brake = PilotBrake.Check([running], new Dictionary<long, PilotSignals> { [3] = new(0, null, counts.NoShare) }, maxRunning: 1);

        Assert.True(Assert.Single(brake.Running).LowRelief);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void TheRunningLimitIsBetweenOneAndTen(int maxRunning, bool valid)
    {
        var options = new PilotOptions { MaxRunning = maxRunning };

        var ok = Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);

        Assert.Equal(valid, ok);
    }

    [Fact]
    public void ByDefaultATeamRunsOnePilotAtATime()
    {
        Assert.Equal(1, new PilotOptions().MaxRunning);
        Assert.Equal("Coach:Pilots", PilotOptions.Section);
    }
}
