using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Audit;
using TeamsKiCoach.Storage.Progress;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Storage.Stages;

/// <summary>A team's stage as one person sees it: the advice, and whether they lead the team (only then they may answer it).</summary>
public sealed record TeamStageView(TeamRecord Team, StageAdvice Advice, bool ViewerIsLead);

public enum StageAnswer
{
    Moved,
    Stayed,
    Declined,
    NotALead,

    /// <summary>The team's stage changed since the card was shown; nothing was changed now.</summary>
    ChangedMeanwhile,
    NotFound,
}

/// <summary>The installed teams a person leads, and the teams they are in or lead, each with its stage advice.</summary>
public sealed record PersonTeams(IReadOnlyList<TeamRecord> Led, IReadOnlyList<TeamStageView> Stages);

public sealed record StageAnswerResult(StageAnswer Outcome, TeamStageView? View, string? DecidedBy = null);

/// <summary>
/// A team's stage in storage: the evidence read from its backlog, checks, registry and the pilots' and pulses'
/// facts, the advisor's suggestion, and a lead's answer to it, written with its audit row in one save. Whether
/// someone leads is checked against the acting person's AAD object id, never taken from a card.
/// </summary>
public sealed class StageService(
    CoachDbFactory dbFactory, AssessmentService assessments, ITeamProgressFacts progress, StageOptions options, TimeProvider clock)
{
    public const string Confirm = "confirm";
    public const string Decline = "decline";

    /// <summary>
    /// The installed teams the person is a member or lead of, oldest install first, each with its advice, and the
    /// installed teams they lead (personal ones too): both come from one question, so "status" does not ask for
    /// the led teams again.
    /// </summary>
    public async Task<PersonTeams> TeamsOfPersonAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var teams = await TeamDirectory.TeamsOfAsync(db, aadObjectId, cancellationToken);
        var views = new List<TeamStageView>();
        foreach (var (team, leads) in teams.Where(x => !x.Team.IsPersonal).Select(x => (x.Team, x.Leads)))
        {
            views.Add(new TeamStageView(team, await AdviceAsync(db, team, cancellationToken), leads));
        }

        return new PersonTeams(teams.Where(x => x.Leads).Select(x => x.Team).ToList(), views);
    }

    public async Task<StageAdvice> AdviceAsync(CoachDbContext db, TeamRecord team, CancellationToken cancellationToken) =>
        new StageAdvisor(clock).Suggest(team.Stage, await EvidenceAsync(db, team.TeamId, cancellationToken), options);

    /// <summary>The numbers behind a suggestion, read now for one team.</summary>
    public async Task<StageEvidence> EvidenceAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - options.EvidenceWindow;
        var patterns = await assessments.PatternsAsync(db, teamId, cancellationToken);
        var recent = patterns
            .Select(p => p.Pattern.Entries.Where(e => e.CreatedAt >= since).ToList())
            .Zip(patterns, (entries, p) => new PatternSpread(p.Pattern.Title, entries.Count, People(entries)))
            .Where(p => p.Mentions > 0)
            .ToList();
        var facts = await progress.ReadAsync(db, teamId, cancellationToken);
        var automations = await db.Automations.AsNoTracking().Where(a => a.TeamId == teamId).ToListAsync(cancellationToken);
        var declined = await db.AuditRecords.AsNoTracking()
            .Where(a => a.TeamId == teamId && a.Subject == AuditSubjects.Stage && a.Action == Decline)
            .OrderByDescending(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken);

        return new StageEvidence
        {
            RecentPatterns = recent,
            PatternsConfirmedFit = AssessmentService.Candidates(patterns).Count,
            PilotsApproved = facts.PilotsApproved,
            PilotsRunning = facts.PilotsRunning,
            PilotsKept = facts.PilotsKept,
            PulsesShowingBypasses = facts.PulsesShowingBypasses,
            PulsesShowingLowRelief = facts.PulsesShowingLowRelief,
            DeclinedStage = declined is null ? null : TeamStages.FromNumber(int.Parse(declined.SubjectId, CultureInfo.InvariantCulture)),
            DeclinedAt = declined?.At,
        }.WithRegistry(automations);
    }

    public Task<StageAnswerResult> ConfirmAsync(
        string tenantId, string actor, string? actorName, string teamId, TeamStage shownAt, TeamStage target, StageText text, CancellationToken cancellationToken) =>
        AnswerAsync(tenantId, actor, actorName, teamId, shownAt, target, confirm: true, text, cancellationToken);

    public Task<StageAnswerResult> DeclineAsync(
        string tenantId, string actor, string? actorName, string teamId, TeamStage shownAt, TeamStage suggested, StageText text, CancellationToken cancellationToken) =>
        AnswerAsync(tenantId, actor, actorName, teamId, shownAt, suggested, confirm: false, text, cancellationToken);

    private async Task<StageAnswerResult> AnswerAsync(
        string tenantId, string actor, string? actorName, string teamId, TeamStage shownAt, TeamStage target, bool confirm, StageText text,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var team = await db.Teams.SingleOrDefaultAsync(t => t.TeamId == teamId && t.Installed, cancellationToken);
        if (team is null)
        {
            return new StageAnswerResult(StageAnswer.NotFound, null);
        }

        if (!(await TeamDirectory.RoleAsync(db, teamId, actor, cancellationToken)).IsLead)
        {
            return new StageAnswerResult(StageAnswer.NotALead, null);
        }

        if (team.Stage != shownAt)
        {
            return await MeanwhileAsync(tenantId, actor, teamId, cancellationToken);
        }

        var advice = await AdviceAsync(db, team, cancellationToken);
        var decider = new StageDecider(clock);
        var person = new StageActor(actor, actorName ?? string.Empty, IsLead: true);
        var evidence = advice.Evidence.Select(text.Line).ToList();
        var decision = confirm
            ? decider.Confirm(tenantId, teamId, team.Stage, target, person, evidence)
            : decider.Decline(tenantId, teamId, team.Stage, target, person, evidence);
        var record = decision.Record!;
        team.Answer(decision);
        AuditTrail.Add(
            db, teamId, AuditSubjects.Stage, record.ToStage.Number().ToString(CultureInfo.InvariantCulture), confirm ? Confirm : Decline,
            actor, actorName, record.DecidedAt,
            $"{record.FromStage.Number()} -> {record.ToStage.Number()}" + (record.Evidence is { } lines ? "\n" + lines : string.Empty));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await MeanwhileAsync(tenantId, actor, teamId, cancellationToken);
        }

        var outcome = decision.Outcome switch
        {
            StageOutcome.Moved => StageAnswer.Moved,
            StageOutcome.Stayed => StageAnswer.Stayed,
            _ => StageAnswer.Declined,
        };
        return new StageAnswerResult(outcome, new TeamStageView(team, await AdviceAsync(db, team, cancellationToken), true), actorName);
    }

    // Another lead answered first: their answer stands, and this one is told who it was.
    private async Task<StageAnswerResult> MeanwhileAsync(string tenantId, string actor, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var team = await db.Teams.AsNoTracking().SingleAsync(t => t.TeamId == teamId, cancellationToken);
        var last = await db.AuditRecords.AsNoTracking()
            .Where(a => a.TeamId == teamId && a.Subject == AuditSubjects.Stage)
            .OrderByDescending(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return new StageAnswerResult(StageAnswer.ChangedMeanwhile, new TeamStageView(team, await AdviceAsync(db, team, cancellationToken), true), last?.ActorName);
    }

    // Anonymous entries count as one person, as on the backlog's cards.
    private static int People(IReadOnlyList<Coaching.Backlog.BacklogEntry> entries) =>
        entries.Where(e => e.AuthorAadObjectId is not null).Select(e => e.AuthorAadObjectId).Distinct().Count()
        + (entries.Any(e => e.AuthorAadObjectId is null) ? 1 : 0);
}
