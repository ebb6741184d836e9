using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage;
using static TeamsKiCoach.Tests.Pilots.StoredPilotTeam;
using TeamsKiCoach.Storage.Audit;
using TeamsKiCoach.Storage.Pilots;

namespace TeamsKiCoach.Tests.Pilots;

/// <summary>
/// Two leads deciding at the same instant, a hundred times: exactly one decision each time, on a real database
/// file (and on PostgreSQL where the test server is there).
/// </summary>
public abstract class PilotConcurrencyContract(StorageProvider provider)
{
    public const int Rounds = 100;

    [Fact]
    public async Task TwoLeadsApprovingAtTheSameInstantMakeExactlyOneDecisionEveryTime()
    {
        await using var team = await StartAsync(provider, maxRunning: Rounds + 1);
        var pilots = new List<Pilot>();
        for (var i = 0; i < Rounds; i++)
        {
            pilots.Add(await team.ProposeAsync());
        }

        var outcomes = new List<(PilotResult A, PilotResult B)>();
        foreach (var pilot in pilots)
        {
            using var start = new ManualResetEventSlim();
            var a = Task.Run(() => { start.Wait(); return team.ActAsync(Lena, pilot.Id, PilotStep.Approve); });
            var b = Task.Run(() => { start.Wait(); return team.ActAsync(Lars, pilot.Id, PilotStep.Approve); });
            start.Set();
            outcomes.Add((await a, await b));
        }

        var decided = outcomes.Count(o => o.A is PilotResult.Done ^ o.B is PilotResult.Done);
        Assert.Equal(Rounds, decided);
        Assert.All(outcomes, o => Assert.IsType<PilotResult.AlreadyDecided>(o.A is PilotResult.Done ? o.B : o.A));
        var approvals = await team.ReadAsync(db => db.AuditRecords.AsNoTracking().CountAsync(a => a.Subject == AuditSubjects.Pilot && a.Action == "approved"));
        Assert.Equal(Rounds, approvals);
        Assert.All(await team.ReadAsync(db => db.Pilots.AsNoTracking().ToListAsync()), p => Assert.Equal((PilotState.Approved, 2), (p.State, p.Version)));
    }

    [Fact]
    public async Task TwoLeadsApprovingTwoPilotsAtOnceCannotBothTakeTheLastPlace()
    {
        await using var team = await StartAsync(provider, maxRunning: 1);
        var results = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            var first = await team.ProposeAsync();
            var second = await team.ProposeAsync();
            using var start = new ManualResetEventSlim();
            var a = Task.Run(() => { start.Wait(); return team.ActAsync(Lena, first.Id, PilotStep.Approve); });
            var b = Task.Run(() => { start.Wait(); return team.ActAsync(Lars, second.Id, PilotStep.Approve); });
            start.Set();
            var (ra, rb) = (await a, await b);
            results.Add((ra is PilotResult.Done ? 1 : 0) + (rb is PilotResult.Done ? 1 : 0));
            Assert.IsType<PilotResult.OverRunningLimit>(ra is PilotResult.Done ? rb : ra);

            // Free the place for the next round.
            var winner = ra is PilotResult.Done ? first : second;
            Assert.IsType<PilotResult.Done>(await team.ActAsync(Lena, winner.Id, PilotStep.Retire, "nächste Runde"));
        }

        Assert.All(results, r => Assert.Equal(1, r));
    }
}

public sealed class SqlitePilotConcurrencyTests() : PilotConcurrencyContract(StorageProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresPilotConcurrencyTests() : PilotConcurrencyContract(StorageProvider.Postgres);
