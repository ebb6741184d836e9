using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Progress;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Storage.Pilots;

/// <summary>
/// What proposing and stepping both read inside their own unit of work: the pilot as one person sees it, the
/// owner a card names, and the team's time zone.
/// </summary>
internal sealed class PilotReads(PilotOptions options, ITeamProgressFacts? progress)
{
    public async Task<PilotView> ViewAsync(CoachDbContext db, Pilot pilot, string viewer, CancellationToken cancellationToken)
    {
        var leads = await TeamDirectory.LeadIdsAsync(db, pilot.TeamId, cancellationToken);
        var isLead = (await TeamDirectory.RoleAsync(db, pilot.TeamId, viewer, cancellationToken)).IsLead;
        var teamPilots = await db.Pilots.AsNoTracking().Where(p => p.TeamId == pilot.TeamId).ToListAsync(cancellationToken);
        var brake = PilotBrake.Check(teamPilots.Select(p => p.Id == pilot.Id ? pilot : p), await SignalsAsync(db, pilot.TeamId, teamPilots, cancellationToken), options.MaxRunning);
        var relief = new List<ReliefRound>();
        if (isLead || pilot.IsOwner(new PilotActor(viewer, string.Empty)))
        {
            var asked = await db.ReliefAsks.AsNoTracking().Where(a => a.PilotId == pilot.Id).GroupBy(a => a.Week)
                .Select(g => new { Week = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            var answers = await db.ReliefAnswers.AsNoTracking().Where(a => a.PilotId == pilot.Id).ToListAsync(cancellationToken);
            relief.AddRange(asked.OrderBy(a => a.Week).Select(a => new ReliefRound(
                a.Week, a.Count, ReliefResult.Aggregate(answers.Where(x => x.Week == a.Week).Select(x => new ReliefAnswer(x.Answer, x.Comment))))));
        }

        // Whose Teams clients refresh the card on their own: the leads, the proposer and the owner (Teams user ids).
        var concerned = leads.Append(pilot.ProposedByAadObjectId).Append(pilot.OwnerAadObjectId).Distinct().ToList();
        var fromRoster = await db.TeamMembers.AsNoTracking().Where(m => concerned.Contains(m.AadObjectId) && m.TeamsUserId != null)
            .Select(m => new { m.AadObjectId, m.TeamsUserId }).ToListAsync(cancellationToken);
        var fromChats = await db.Conversations.AsNoTracking().Where(c => c.UserAadObjectId != null && concerned.Contains(c.UserAadObjectId) && c.TeamsUserId != null)
            .Select(c => new { AadObjectId = c.UserAadObjectId!, c.TeamsUserId }).ToListAsync(cancellationToken);
        var teamsIds = concerned
            .Select(id => fromChats.FirstOrDefault(c => c.AadObjectId == id)?.TeamsUserId ?? fromRoster.FirstOrDefault(m => m.AadObjectId == id)?.TeamsUserId)
            .OfType<string>().Distinct().ToList();
        return new PilotView(pilot, isLead, pilot.OwnerAadObjectId == viewer, pilot.ProposedByAadObjectId == viewer, leads, brake, relief, teamsIds);
    }

    // Stage 6's brake reads what the team may see of its pilot's use: the bypasses and relief of the shown pulse
    // aggregates (never a group under k) and the share of "no" in the relief check once five answered.
    private async Task<IReadOnlyDictionary<long, PilotSignals>?> SignalsAsync(CoachDbContext db, string teamId, IReadOnlyList<Pilot> teamPilots, CancellationToken cancellationToken)
    {
        if (progress is null)
        {
            return null;
        }

        var facts = await progress.ReadAsync(db, teamId, cancellationToken);
        var signals = new Dictionary<long, PilotSignals>();
        foreach (var pilot in teamPilots.Where(p => p.State.CountsAsRunning()))
        {
            var key = pilot.Number.ToString(CultureInfo.InvariantCulture);
            var bypasses = facts.Bypasses.FirstOrDefault(b => b.PilotKey == key)?.Reports ?? 0;
            double? noShare = facts.Relief is { } relief && relief.PilotKey == key && relief.Answers >= ReliefResult.DefaultMinAnswers
                ? (double)(relief.Answers - relief.Relieved) / relief.Answers
                : null;
            var mean = facts.Pulse is { } pulse && pulse.PilotKey == key ? facts.PulseMean : null;
            signals[pilot.Id] = new PilotSignals(bypasses, mean, noShare);
        }

        return signals;
    }

    // The owner comes as an id from the card; their name is the one the roster holds, never the card's.
    public static async Task<PilotActor?> OwnerAsync(CoachDbContext db, string teamId, PilotActor? named, CancellationToken cancellationToken)
    {
        if (named is null || string.IsNullOrWhiteSpace(named.AadObjectId))
        {
            return null;
        }

        if (TeamRole.IsOwnBacklog(teamId, named.AadObjectId))
        {
            return named;
        }

        var member = await db.TeamMembers.AsNoTracking().FirstOrDefaultAsync(m => m.TeamId == teamId && m.AadObjectId == named.AadObjectId, cancellationToken);
        if (member is not null)
        {
            return new PilotActor(member.AadObjectId, member.Name ?? named.Name);
        }

        return (await TeamDirectory.RoleAsync(db, teamId, named.AadObjectId, cancellationToken)).IsLead ? named : null;
    }

    public static async Task<TimeZoneInfo> TeamZoneAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken)
    {
        var zone = await db.Teams.AsNoTracking().Where(t => t.TeamId == teamId).Select(t => t.TimeZone).FirstOrDefaultAsync(cancellationToken);
        return Coaching.Prompts.PromptCalendar.Zone(null, zone ?? TeamRecord.DefaultTimeZone);
    }
}
