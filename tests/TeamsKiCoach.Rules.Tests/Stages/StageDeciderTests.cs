using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Stages;

namespace TeamsKiCoach.Tests.Stages;

public sealed class StageDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);
    private static readonly StageActor Lead = new("aad-lead", "Maria Lang", IsLead: true);
    private static readonly StageActor Member = new("aad-member", "Tom Weber", IsLead: false);

    private readonly FakeTimeProvider time = new(Now);

    private StageDecider Decider => new(time);

    [Fact]
    public void ALeadsConfirmationMovesTheTeamAndIsRecorded()
    {
        var decision = Decider.Confirm("tenant-1", "team-1", TeamStage.RightQuestion, TeamStage.StartSmall, Lead, ["Als geeignet bestätigte Muster: 1"]);

        Assert.Equal(StageOutcome.Moved, decision.Outcome);
        Assert.True(decision.Changed);
        Assert.Equal(TeamStage.StartSmall, decision.Stage);
        var record = decision.Record!;
        Assert.True(record.Confirmed);
        Assert.Equal((TeamStage.RightQuestion, TeamStage.StartSmall), (record.FromStage, record.ToStage));
        Assert.Equal(("aad-lead", "Maria Lang", Now), (record.DecidedByAadObjectId, record.DecidedByName, record.DecidedAt));
        Assert.Equal("Als geeignet bestätigte Muster: 1", record.Evidence);
        Assert.Equal(("tenant-1", "team-1"), (record.TenantId, record.TeamId));
    }

    [Fact]
    public void SomeoneWhoIsNotALeadChangesNothingAndLeavesNoRecord()
    {
        var confirm = Decider.Confirm("tenant-1", "team-1", TeamStage.RightQuestion, TeamStage.StartSmall, Member);
        var decline = Decider.Decline("tenant-1", "team-1", TeamStage.RightQuestion, TeamStage.StartSmall, Member);

        Assert.Equal((StageOutcome.NotALead, TeamStage.RightQuestion, (StageChange?)null), (confirm.Outcome, confirm.Stage, confirm.Record));
        Assert.Equal((StageOutcome.NotALead, TeamStage.RightQuestion, (StageChange?)null), (decline.Outcome, decline.Stage, decline.Record));
    }

    [Fact]
    public void ALeadMayDeclineAndTheTeamStays()
    {
        var decision = Decider.Decline("tenant-1", "team-1", TeamStage.WatchTheUse, TeamStage.Iterate, Lead);

        Assert.Equal(StageOutcome.Declined, decision.Outcome);
        Assert.False(decision.Changed);
        Assert.Equal(TeamStage.WatchTheUse, decision.Stage);
        Assert.False(decision.Record!.Confirmed);
        Assert.Equal(TeamStage.Iterate, decision.Record.ToStage);
    }

    [Fact]
    public void ADeclineRecordedRestsTheSameSuggestion()
    {
        var evidence = new StageEvidence { PilotsRunning = 1, PulsesShowingBypasses = 1 };
        var record = Decider.Decline("tenant-1", "team-1", TeamStage.WatchTheUse, TeamStage.Iterate, Lead).Record!;
        time.Advance(TimeSpan.FromDays(3));

        var advice = new StageAdvisor(time).Suggest(TeamStage.WatchTheUse, evidence with { DeclinedStage = record.ToStage, DeclinedAt = record.DecidedAt }, new StageOptions());

        Assert.Null(advice.Suggested);
        Assert.NotNull(advice.RestingUntil);
    }

    [Fact]
    public void ALeadMayConfirmGoingBackOrStaying()
    {
        var back = Decider.Confirm("tenant-1", "team-1", TeamStage.Iterate, TeamStage.FrictionVisible, Lead);
        var stay = Decider.Confirm("tenant-1", "team-1", TeamStage.Iterate, TeamStage.Iterate, Lead);

        Assert.Equal((StageOutcome.Moved, TeamStage.FrictionVisible), (back.Outcome, back.Stage));
        Assert.Equal((StageOutcome.Stayed, TeamStage.Iterate), (stay.Outcome, stay.Stage));
        Assert.False(stay.Changed);
    }
}
