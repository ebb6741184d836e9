using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Storage.Audit;
using TeamsKiCoach.Storage.Backlog;

namespace TeamsKiCoach.Storage.Assessment;

/// <summary>A pattern with its assessment (none yet when it was never checked).</summary>
public sealed record AssessedPattern(TeamPattern Pattern, PatternAssessment? Assessment);

/// <summary>What asking for the check of a pattern gave.</summary>
public abstract record AssessmentOpening
{
    private AssessmentOpening()
    {
    }

    public sealed record Ready(PatternAssessment Assessment, bool ViewerMayDecide) : AssessmentOpening;

    /// <summary>The language model works on it; the card is updated when it answers.</summary>
    public sealed record Waiting(PatternAssessment Assessment) : AssessmentOpening;

    public sealed record NotMember : AssessmentOpening;

    public sealed record NotFound : AssessmentOpening;
}

/// <summary>
/// "Muss das ein Mensch tun?" for a team's patterns: asks the engine for a suggestion, keeps it, and lets a team
/// member confirm it, change single criteria, or decide the task stays with people; every such decision goes
/// into the audit trail. Who may decide is checked here against the acting person's AAD object id.
/// </summary>
public sealed class AssessmentService(CoachDbFactory dbFactory, IPatternGrouper grouper, IAssessmentEngine engine, TimeProvider clock)
{
    /// <summary>A model answer that did not come within this time is asked for again.</summary>
    public static readonly TimeSpan PendingGiveUp = TimeSpan.FromMinutes(2);

    /// <summary>Whether a suggestion is ready at once (the offline rules) or needs the model off the request path.</summary>
    public bool SuggestsAtOnce => engine is RuleAssessmentEngine;

    /// <summary>
    /// The assessment of the pattern with number <paramref name="entryNumber"/> (the number cards carry; a merged-away
    /// number leads to the pattern it went into): the one it has, else a new one.
    /// With the offline rules the suggestion is made here; with a model the record is left pending for
    /// <see cref="SuggestAsync"/>, which the caller runs in the background.
    /// </summary>
    public async Task<AssessmentOpening> OpenAsync(
        string tenantId, string actor, string teamId, int entryNumber, AssessmentText text, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!await BacklogService.MayUseAsync(db, teamId, actor, cancellationToken))
        {
            return new AssessmentOpening.NotMember();
        }

        var backlog = await StoredBacklog.LoadAsync(db, teamId, grouper, cancellationToken, clock);
        if (backlog.Pattern(entryNumber) is not { } pattern)
        {
            return new AssessmentOpening.NotFound();
        }

        var records = await db.PatternAssessments.Where(a => a.TeamId == teamId).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var assessment = Match(records, pattern);
        if (assessment is null || (assessment.Status == AssessmentStatus.Pending && now - assessment.RequestedAt > PendingGiveUp))
        {
            assessment = Request(db, assessment, pattern, text, now);
            if (SuggestsAtOnce)
            {
                assessment.Suggest(await engine.AssessAsync(AssessmentSubject.From(pattern), text, cancellationToken), now);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return assessment.Status == AssessmentStatus.Pending
            ? new AssessmentOpening.Waiting(assessment)
            : new AssessmentOpening.Ready(assessment, ViewerMayDecide: true);
    }

    /// <summary>
    /// Asks the engine for the suggestion of a pending assessment and keeps it. Returns the assessment, or null when
    /// it is gone or its pattern no longer exists. Entry text reaches the engine only as data.
    /// </summary>
    public async Task<PatternAssessment?> SuggestAsync(string tenantId, long assessmentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var assessment = await db.PatternAssessments.SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null)
        {
            return null;
        }

        if (assessment.Status != AssessmentStatus.Pending)
        {
            return assessment;
        }

        var backlog = await StoredBacklog.LoadAsync(db, assessment.TeamId, grouper, cancellationToken, clock);
        if (backlog.Patterns.FirstOrDefault(p => p.Id == assessment.PatternId || p.MergedIn.Contains(assessment.PatternId ?? 0)) is not { } pattern)
        {
            return null;
        }

        var suggestion = await engine.AssessAsync(AssessmentSubject.From(pattern), AssessmentText.For(assessment.Language), cancellationToken);
        assessment.Suggest(suggestion, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone settled it while the model was thinking: their decision stands.
            return await FindAsync(tenantId, assessmentId, cancellationToken);
        }

        return assessment;
    }

    public async Task<PatternAssessment?> FindAsync(string tenantId, long assessmentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.PatternAssessments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
    }

    /// <summary>Reads an assessment for a person of its team; null when there is none or the person is no member.</summary>
    public async Task<PatternAssessment?> ViewAsync(string tenantId, string actor, long assessmentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var assessment = await db.PatternAssessments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        return assessment is not null && await BacklogService.MayUseAsync(db, assessment.TeamId, actor, cancellationToken) ? assessment : null;
    }

    public Task<(AssessmentChange Change, PatternAssessment? Assessment)> ConfirmAsync(
        string tenantId, string actor, string? actorName, long assessmentId, CancellationToken cancellationToken) =>
        DecideAsync(tenantId, actor, assessmentId, a => a.Confirm(actor, actorName, clock.GetUtcNow()), "confirm", actorName, cancellationToken);

    public Task<(AssessmentChange Change, PatternAssessment? Assessment)> KeepWithPeopleAsync(
        string tenantId, string actor, string? actorName, long assessmentId, CancellationToken cancellationToken) =>
        DecideAsync(tenantId, actor, assessmentId, a => a.KeepWithPeople(actor, actorName, clock.GetUtcNow()), "keep_with_people", actorName, cancellationToken);

    public Task<(AssessmentChange Change, PatternAssessment? Assessment)> ChangeAsync(
        string tenantId, string actor, string? actorName, long assessmentId, IReadOnlyDictionary<Criterion, Rating> ratings,
        Verdict verdict, string? fittingPart, AssessmentText text, CancellationToken cancellationToken) =>
        DecideAsync(
            tenantId, actor, assessmentId,
            a => a.Change(ratings, verdict, fittingPart, text.Format("Reason.ChangedBy", actorName ?? text["Reason.Someone"]), actor, actorName, clock.GetUtcNow()),
            "change", actorName, cancellationToken);

    private async Task<(AssessmentChange, PatternAssessment?)> DecideAsync(
        string tenantId, string actor, long assessmentId, Func<PatternAssessment, AssessmentChange> decide, string action, string? actorName,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var assessment = await db.PatternAssessments.SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null)
        {
            return (AssessmentChange.NotFound, null);
        }

        if (!await BacklogService.MayUseAsync(db, assessment.TeamId, actor, cancellationToken))
        {
            return (AssessmentChange.NotMember, null);
        }

        var change = decide(assessment);
        if (change != AssessmentChange.Done)
        {
            return (change, assessment);
        }

        AuditTrail.Add(db, assessment.TeamId, AuditSubjects.Assessment, Id(assessment), action, actor, actorName, clock.GetUtcNow(),
            Describe(assessment), aiInvolved: assessment.Source == AssessmentSource.Ai);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Two people settled it at the same moment: the other one won, and this one is told who.
            return (AssessmentChange.AlreadyConfirmed, await FindAsync(tenantId, assessmentId, cancellationToken));
        }

        return (AssessmentChange.Done, assessment);
    }

    /// <summary>The team's patterns with their assessments, most mentioned first; null when the person is no member.</summary>
    public async Task<IReadOnlyList<AssessedPattern>?> PatternsAsync(string tenantId, string actor, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!await BacklogService.MayUseAsync(db, teamId, actor, cancellationToken))
        {
            return null;
        }

        return await PatternsAsync(db, teamId, cancellationToken);
    }

    /// <summary>Every pattern of the team with its assessment, for the cards, the export and the command line.</summary>
    public async Task<IReadOnlyList<AssessedPattern>> PatternsAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken)
    {
        var backlog = await StoredBacklog.LoadAsync(db, teamId, grouper, cancellationToken, clock);
        var records = await db.PatternAssessments.AsNoTracking().Where(a => a.TeamId == teamId).ToListAsync(cancellationToken);
        return backlog.Patterns.Select(p => new AssessedPattern(p, Match(records, p))).ToList();
    }

    /// <summary>Patterns still waiting for a person's check (no confirmed assessment), most mentioned first.</summary>
    public static IReadOnlyList<AssessedPattern> Waiting(IEnumerable<AssessedPattern> patterns) =>
        patterns.Where(p => p.Assessment is not { IsConfirmed: true }).ToList();

    /// <summary>Patterns a person confirmed as fit or partly fit: the candidates for a pilot.</summary>
    public static IReadOnlyList<AssessedPattern> Candidates(IEnumerable<AssessedPattern> patterns) =>
        patterns.Where(p => p.Assessment is { IsConfirmedFit: true }).ToList();

    /// <summary>
    /// Suggests an assessment for every pattern of the team that has none yet (the admin's command line, for a
    /// backlog imported from a list). Writes suggestions only; people confirm them in Teams. Returns how many.
    /// </summary>
    public async Task<int> SuggestAllAsync(string tenantId, string teamId, AssessmentText text, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var patterns = await PatternsAsync(db, teamId, cancellationToken);
        var tracked = await db.PatternAssessments.Where(a => a.TeamId == teamId && a.Status == AssessmentStatus.Pending).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var (pattern, existing) in patterns)
        {
            if (existing is { Status: not AssessmentStatus.Pending })
            {
                continue;
            }

            var now = clock.GetUtcNow();
            var assessment = Request(db, existing is null ? null : tracked.First(t => t.Id == existing.Id), pattern, text, now);
            assessment.Suggest(await engine.AssessAsync(AssessmentSubject.From(pattern), text, cancellationToken), clock.GetUtcNow());
            count++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// The assessment of a stored pattern: the newest one asked for on the pattern itself, else the newest of the
    /// patterns merged into it. A pattern read in memory only (<see cref="TeamBacklog.Group"/>, no id) is matched by
    /// its key, else by the newest check whose key is one of its entries' numbers.
    /// </summary>
    public static PatternAssessment? Match(IReadOnlyList<PatternAssessment> records, TeamPattern pattern)
    {
        if (pattern.Id != 0)
        {
            return records.Where(r => r.PatternId == pattern.Id).MaxBy(r => r.Id)
                ?? records.Where(r => r.PatternId is { } id && pattern.MergedIn.Contains(id)).MaxBy(r => r.Id);
        }

        var own = records.Where(r => r.PatternKey == pattern.Key).MaxBy(r => r.Id);
        if (own is not null)
        {
            return own;
        }

        var numbers = pattern.Entries.Select(e => e.Number).ToHashSet();
        return records.Where(r => numbers.Contains(r.PatternKey)).MaxBy(r => r.Id);
    }

    // A pattern's check asked for now, in the asker's language: the one it has, else a new record added to the context.
    private static PatternAssessment Request(CoachDbContext db, PatternAssessment? assessment, TeamPattern pattern, AssessmentText text, DateTimeOffset now)
    {
        if (assessment is null)
        {
            assessment = new PatternAssessment
            {
                TenantId = db.TenantId,
                TeamId = pattern.Entries[0].TeamId,
                PatternId = pattern.Id == 0 ? null : pattern.Id,
                PatternKey = pattern.Key,
                PatternTitle = Cut(pattern.Title),
            };
            db.PatternAssessments.Add(assessment);
        }

        assessment.RequestedAt = now;
        assessment.Language = text.IsEnglish ? "en" : "de";
        assessment.Mentions = pattern.Pattern.Mentions;
        return assessment;
    }

    public static string Id(PatternAssessment assessment) => assessment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(PatternAssessment a) =>
        $"pattern {a.PatternKey}: {a.ConfirmedHow} -> {a.ConfirmedVerdict} (suggested {a.SuggestedVerdict} by {a.Source})";

    private static string Cut(string title) => title.Length <= PatternAssessment.MaxTitleLength ? title : title[..PatternAssessment.MaxTitleLength];
}
