using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Nudges;
using DecisionKind = TeamsKiCoach.Coaching.Nudges.DecisionKind;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Progress;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Storage.Nudges;

/// <summary>What a team's nudge run gave: planned into the outbox, or why not.</summary>
public sealed record NudgeRunResult(TeamRecord Team, NudgeSkip Skip, bool NoChannel = false)
{
    public bool Planned => Skip == NudgeSkip.None && !NoChannel;
}

/// <summary>
/// The weekly nudge run: for each team, once per week (from <see cref="NudgeOptions.RunDay"/> at
/// <see cref="NudgeOptions.RunTime"/> in its time zone), composes the nudge its stage and data call for, lets
/// <see cref="NudgePolicy"/> decide, and plans what it may send into the outbox, addressed to the team channel.
/// One <see cref="NudgeRun"/> per team and ISO week and one outbox row per run and team, both unique: with
/// several hosts, the one that loses the race plans nothing.
/// </summary>
public sealed class NudgePlanner(
    CoachDbFactory dbFactory, AssessmentService assessments, ITeamProgressFacts progress, NudgeOptions options, TimeProvider clock)
{
    public const string RunPrefix = "nudge:";

    /// <summary>A planned nudge not sent within this time is no longer this week's news.</summary>
    public static readonly TimeSpan Lateness = TimeSpan.FromHours(3);

    // Runs this host already decided this week that sent nothing (nothing new, say): asked once per week, not every poll.
    private readonly ConcurrentDictionary<(string Tenant, string Team, string Period), bool> settled = new();

    /// <summary>Plans the nudges that are due now, in every tenant; returns how many it planned.</summary>
    public async Task<int> PlanDueAsync(CancellationToken cancellationToken)
    {
        var planned = 0;
        var tenants = await dbFactory.TenantsWithTeamsAsync(cancellationToken);
        foreach (var tenantId in tenants)
        {
            await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
            var teams = await db.Teams.AsNoTracking().Where(t => t.Installed && t.NudgeCadence != NudgeCadence.Off).ToListAsync(cancellationToken);
            foreach (var team in teams.Where(t => !t.IsPersonal && IsDue(t)))
            {
                if ((await RunAsync(db, team, null, cancellationToken)).Planned)
                {
                    planned++;
                }
            }
        }

        return planned;
    }

    /// <summary>A lead's "send nudge now": this week's run for the teams they lead (or the one in context), under the same rules.</summary>
    public async Task<IReadOnlyList<NudgeRunResult>?> RunNowAsync(string tenantId, string leadAadObjectId, string? teamInContext, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var teams = (await TeamDirectory.LedByAsync(db, leadAadObjectId, cancellationToken))
            .Where(t => teamInContext == null || t.TeamId == teamInContext)
            .ToList();
        if (teams.Count == 0)
        {
            return null;
        }

        var results = new List<NudgeRunResult>();
        foreach (var team in teams.Where(t => !t.IsPersonal))
        {
            results.Add(await RunAsync(db, team, leadAadObjectId, cancellationToken));
        }

        return results;
    }

    public async Task<NudgeRun?> FindAsync(string tenantId, long runId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await db.NudgeRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
    }

    /// <summary>What a nudge for this team could talk about now; each stage uses its own part.</summary>
    public async Task<NudgeData> DataAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var weekAgo = now.AddDays(-7);
        var patterns = await assessments.PatternsAsync(db, teamId, cancellationToken);
        var week = patterns
            .Select(p => (p.Pattern, Entries: p.Pattern.Entries.Where(e => e.CreatedAt >= weekAgo).ToList()))
            .Where(p => p.Entries.Count > 0)
            .OrderByDescending(p => p.Entries.Count).ThenBy(p => p.Pattern.Key)
            .Select(p => new NudgePattern(Key(p.Pattern), p.Pattern.Title, p.Entries.Count, People(p.Entries)))
            .ToList();
        var since = DateOnly.FromDateTime(weekAgo.UtcDateTime);
        var answers = await db.DailyPrompts.AsNoTracking()
            .CountAsync(p => p.TeamId == teamId && p.LocalDate > since && p.Answer != PromptAnswer.None, cancellationToken);
        var facts = await progress.ReadAsync(db, teamId, cancellationToken);
        var automations = await db.Automations.AsNoTracking()
            .Where(a => a.TeamId == teamId && a.Status != AutomationStatus.Retired)
            .ToListAsync(cancellationToken);
        var waitingChecks = patterns
            .Where(p => p.Assessment is { Status: AssessmentStatus.Suggested })
            .Select(p => new OpenDecision("check:" + Key(p.Pattern), DecisionKind.PatternCheck, p.Pattern.Title, null, p.Assessment!.RequestedAt));
        var unowned = automations
            .Where(a => !a.HasOwner)
            .Select(a => new OpenDecision("automation:" + a.Id.ToString(CultureInfo.InvariantCulture), DecisionKind.AutomationOwner, a.Name, null, a.Since));

        return new NudgeData
        {
            TopPatterns = week,
            AnswersThisWeek = answers,
            PatternsAwaitingCheck = AssessmentService.Waiting(patterns)
                .Select(p => new NudgePattern(Key(p.Pattern), p.Pattern.Title, p.Pattern.Pattern.Mentions, p.Pattern.Pattern.People)).ToList(),
            BestCandidate = AssessmentService.Candidates(patterns)
                .Select(p => new NudgePattern(Key(p.Pattern), p.Pattern.Title, p.Pattern.Pattern.Mentions, p.Pattern.Pattern.People)).FirstOrDefault(),
            Relief = facts.Relief,
            Pulse = facts.Pulse,
            Bypasses = facts.Bypasses,
            Automations = automations.Select(a => new OwnedAutomation(a.Id.ToString(CultureInfo.InvariantCulture), a.Name, a.OwnerName)).ToList(),
            OpenDecisions = [.. facts.OpenDecisions, .. waitingChecks, .. unowned],
        };
    }

    /// <summary>"2026-W48": the ISO week of a local date, the period a team gets at most one nudge in.</summary>
    public static string Period(DateOnly localDate) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(localDate.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(localDate.ToDateTime(TimeOnly.MinValue)):00}");

    private bool IsDue(TeamRecord team)
    {
        var zone = PromptCalendar.Zone(team.TimeZone, TeamRecord.DefaultTimeZone);
        var local = PromptCalendar.LocalTime(clock.GetUtcNow(), zone).DateTime;
        var today = DateOnly.FromDateTime(local);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var runDay = monday.AddDays(((int)options.RunDay + 6) % 7);
        return !settled.ContainsKey((team.TenantId, team.TeamId, Period(today)))
            && (today > runDay || (today == runDay && TimeOnly.FromDateTime(local) >= options.RunTime));
    }

    private async Task<NudgeRunResult> RunAsync(CoachDbContext db, TeamRecord team, string? lead, CancellationToken cancellationToken)
    {
        var zone = PromptCalendar.Zone(team.TimeZone, TeamRecord.DefaultTimeZone);
        var last = await db.NudgeRuns.AsNoTracking().Where(r => r.TeamId == team.TeamId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var situation = new NudgeSituation(team.NudgeCadence, zone, team.QuietFrom, team.QuietUntil, last?.CreatedAt, last?.Fingerprint);
        var policy = new NudgePolicy(clock);

        // The calendar rules first: a weekend or quiet hour needs no backlog read.
        var decision = policy.Decide(situation, null);
        if (decision.Skip == NudgeSkip.NothingToSay)
        {
            var channel = await ChannelAsync(db, team.TeamId, cancellationToken);
            if (channel is null)
            {
                Settle(team, decision.LocalDate);
                return new NudgeRunResult(team, NudgeSkip.None, NoChannel: true);
            }

            var text = NudgeText.For(channel.Locale);
            var nudge = new NudgeComposer(options).Compose(team.Stage, await DataAsync(db, team.TeamId, cancellationToken), text);
            decision = policy.Decide(situation, nudge);
            if (decision.Send && !await TryPlanAsync(db, team, channel, decision, text, lead, cancellationToken))
            {
                decision = decision with { Skip = NudgeSkip.TooSoon };
            }
        }

        if (decision.Skip is not (NudgeSkip.Weekend or NudgeSkip.QuietHours))
        {
            Settle(team, decision.LocalDate);
        }

        return new NudgeRunResult(team, decision.Skip);
    }

    private void Settle(TeamRecord team, DateOnly localDate) => settled[(team.TenantId, team.TeamId, Period(localDate))] = true;

    // The General channel carries the team's id; another channel of the team only when the bot never saw General.
    private static async Task<ConversationRecord?> ChannelAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken) =>
        await db.Conversations.AsNoTracking()
            .Where(c => c.Scope == ConversationScope.Channel && c.Installed && c.TeamId == teamId)
            .OrderByDescending(c => c.ConversationId == teamId)
            .ThenBy(c => c.FirstSeenAt)
            .FirstOrDefaultAsync(cancellationToken);

    private async Task<bool> TryPlanAsync(
        CoachDbContext db, TeamRecord team, ConversationRecord channel, NudgeDecision decision, NudgeText text, string? lead, CancellationToken cancellationToken)
    {
        var nudge = decision.Nudge!;
        var now = clock.GetUtcNow();
        var period = Period(decision.LocalDate);
        var lines = string.Join('\n', nudge.Lines.Select(l => l.ReplaceLineEndings(" ")));
        var run = new NudgeRun
        {
            TenantId = db.TenantId,
            TeamId = team.TeamId,
            Period = period,
            Stage = nudge.Stage,
            Fingerprint = nudge.Fingerprint,
            Language = text.Culture.TwoLetterISOLanguageName,
            Title = nudge.Title,
            Lines = lines.Length <= NudgeRun.MaxLinesLength ? lines : lines[..NudgeRun.MaxLinesLength],
            ActionId = nudge.ActionId,
            ActionSubject = nudge.ActionSubject,
            ActionLabel = nudge.ActionLabel.Length <= 200 ? nudge.ActionLabel : nudge.ActionLabel[..200],
            CreatedAt = now,
            TriggeredByAadObjectId = lead,
        };

        // False when another run or host planned this week's nudge already: the unique indexes keep it to one.
        return await PlanOnce.SaveAsync(db, async () =>
        {
            db.NudgeRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
            db.Outbox.Add(new OutboxMessage
            {
                TenantId = db.TenantId,
                RunKey = RunPrefix + period,
                RecipientKey = team.TeamId,
                ConversationId = channel.ConversationId,
                Kind = OutboxKind.Nudge,
                SubjectId = run.Id,
                CreatedAt = now,
                NextAttemptAt = now,
                ExpiresAt = Expiry(team, now),
            });
        }, cancellationToken);
    }

    // Never into the quiet hours: a nudge the engine could not send before they begin is not sent at all.
    private static DateTimeOffset Expiry(TeamRecord team, DateTimeOffset now)
    {
        var zone = PromptCalendar.Zone(team.TimeZone, TeamRecord.DefaultTimeZone);
        var today = PromptCalendar.LocalDate(now, zone);
        var quiet = PromptCalendar.ToInstant(today, team.QuietFrom, zone);
        if (quiet <= now)
        {
            quiet = PromptCalendar.ToInstant(today.AddDays(1), team.QuietFrom, zone);
        }

        return quiet < now + Lateness ? quiet : now + Lateness;
    }

    private static string Key(TeamPattern pattern) => pattern.Key.ToString(CultureInfo.InvariantCulture);

    private static int People(IReadOnlyList<BacklogEntry> entries) =>
        entries.Where(e => e.AuthorAadObjectId is not null).Select(e => e.AuthorAadObjectId).Distinct().Count()
        + (entries.Any(e => e.AuthorAadObjectId is null) ? 1 : 0);
}
