using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Storage.Pulse;

namespace TeamsKiCoach.Storage.Progress;

/// <summary>
/// A team's progress as its pilots and weekly pulses have it: how many pilots are approved, running and kept, the
/// relief answers of the running pilot and the pulse results, which are only ever the shown aggregates (at least
/// k answers each), and the proposals that wait for a lead.
/// </summary>
public sealed class StoredTeamProgress(IPatternGrouper grouper, TimeProvider clock) : ITeamProgressFacts
{
    public async Task<TeamProgress> ReadAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken)
    {
        var pilots = await db.Pilots.AsNoTracking().Where(p => p.TeamId == teamId).ToListAsync(cancellationToken);
        var running = pilots.Where(p => p.State is PilotState.Running or PilotState.Adjusted or PilotState.Reviewed).OrderByDescending(p => p.StartedAt).FirstOrDefault();

        // Pulse results as the team sees them: only shown aggregates count, never a group under k.
        var results = await PulseService.ResultsAsync(db, teamId, grouper, clock.GetUtcNow(), cancellationToken);
        var latest = results.Aggregates.LastOrDefault();
        var bypassReports = latest?.Themes?.Bypassed.Sum(t => t.Mentions) ?? 0;
        var littleRelief = latest?.Relief is { } relief ? relief.Distribution[0] + relief.Distribution[1] : 0;
        var lowRelief = results.Aggregates.Count(a => a.Relief is { Mean: < 3.0 });

        Coaching.Nudges.ReliefResult? reliefResult = null;
        if (running is not null)
        {
            var relieved = await db.ReliefAnswers.AsNoTracking().Where(a => a.PilotId == running.Id).ToListAsync(cancellationToken);
            if (relieved.Count > 0)
            {
                var week = relieved.Max(a => a.Week);
                var ofWeek = relieved.Where(a => a.Week == week).ToList();
                reliefResult = new Coaching.Nudges.ReliefResult(Key(running), running.Step, ofWeek.Count, ofWeek.Count(a => a.Answer is Relief.Yes or Relief.ABit));
            }
        }

        var name = running?.Step ?? string.Empty;
        var key = running is null ? string.Empty : Key(running);
        return new TeamProgress
        {
            PilotsApproved = pilots.Count(p => p.State == PilotState.Approved),
            PilotsRunning = pilots.Count(p => p.State is PilotState.Running or PilotState.Adjusted or PilotState.Reviewed),
            PilotsKept = pilots.Count(p => p.State == PilotState.Kept),
            PulsesShowingBypasses = results.Aggregates.Count(a => a.Themes is { Bypassed.Count: > 0 }),
            PulsesShowingLowRelief = lowRelief,
            Relief = reliefResult,
            Pulse = latest is null || running is null ? null : new PulseResult(key, name, latest.Answers, bypassReports,
                latest.Themes?.NewQuestions.Sum(t => t.Mentions) ?? 0, latest.Themes?.StillManual.Sum(t => t.Mentions) ?? 0, littleRelief),
            PulseMean = running is null ? null : latest?.Relief?.Mean,
            Bypasses = running is null || bypassReports == 0 ? [] : [new OpenBypasses(key, name, bypassReports)],
            OpenDecisions = pilots.Where(p => p.State == PilotState.Proposed)
                .Select(p => new OpenDecision(Key(p), DecisionKind.PilotApproval, p.Step, null, p.ProposedAt))
                .ToList(),
        };
    }

    private static string Key(Pilot pilot) => pilot.Number.ToString(CultureInfo.InvariantCulture);
}
