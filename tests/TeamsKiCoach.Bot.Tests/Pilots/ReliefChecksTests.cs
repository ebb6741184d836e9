using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Pilots;
using static TeamsKiCoach.Tests.Pilots.StoredPilotTeam;

namespace TeamsKiCoach.Tests.Pilots;

/// <summary>The relief checks, stored: planned when a pilot starts, answered without identity, counted from five, on SQLite.</summary>
public sealed class ReliefChecksTests
{
    [Fact]
    public async Task StartingPlansTheReliefQuestionOneAndThreeWeeksLaterForEveryMember()
    {
        await using var team = await StartAsync();
        var pilot = await team.ProposeAsync();
        await team.ActAsync(Lena, pilot.Id, PilotStep.Approve);

        Assert.IsType<PilotResult.Done>(await team.ActAsync(Anna, pilot.Id, PilotStep.Start));

        var asks = await team.ReadAsync(db => db.ReliefAsks.AsNoTracking().ToListAsync());
        var outbox = await team.ReadAsync(db => db.Outbox.AsNoTracking().Where(m => m.Kind == OutboxKind.ReliefCheck).ToListAsync());
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
        await using var team = await StartAsync();
        var pilot = await team.ProposeAsync();
        await team.ActAsync(Lena, pilot.Id, PilotStep.Approve);
        await team.ActAsync(Anna, pilot.Id, PilotStep.Start);
        team.Clock.Advance(TimeSpan.FromDays(7.5));
        var asks = await team.ReadAsync(db => db.ReliefAsks.AsNoTracking().Where(a => a.Week == 1).ToListAsync());

        foreach (var ask in asks)
        {
            Assert.Equal(ReliefAnswerOutcome.Recorded, await team.ReliefChecks.AnswerAsync(Tenant, ask.RecipientAadObjectId, ask.Id, Relief.Yes, "hilft", default));
        }

        var twice = await team.ReliefChecks.AnswerAsync(Tenant, asks[0].RecipientAadObjectId, asks[0].Id, Relief.No, null, default);
        var forged = await team.ReliefChecks.AnswerAsync(Tenant, Anna.AadObjectId, asks.First(a => a.RecipientAadObjectId != Anna.AadObjectId).Id, Relief.No, null, default);
        var view = await team.Steps.ViewAsync(Tenant, Lena.AadObjectId, pilot.Id, default);
        var memberView = await team.Steps.ViewAsync(Tenant, Max.AadObjectId, pilot.Id, default);

        Assert.Equal(ReliefAnswerOutcome.AlreadyAnswered, twice);
        Assert.Equal(ReliefAnswerOutcome.NotYours, forged);
        var round = view!.Relief.Single(r => r.Week == 1);
        Assert.Equal(4, round.Asked);
        Assert.IsType<ReliefResult.NeedsMoreAnswers>(round.Result);
        Assert.Empty(memberView!.Relief);
        var stored = await team.ReadAsync(db => db.ReliefAnswers.AsNoTracking().ToListAsync());
        Assert.Equal(4, stored.Count);
        var columns = await team.ReadAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(ReliefAnswerRecord))!.GetProperties().Select(p => p.Name).ToList()));
        Assert.DoesNotContain(columns, c => c.Contains("Aad", StringComparison.Ordinal) || c.Contains("At", StringComparison.Ordinal) || c.Contains("Ask", StringComparison.Ordinal));
    }
}
