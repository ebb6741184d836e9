using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Storage.Pulse;

/// <summary>What the pulse card of one person shows: the week, the team, the questions, and their answer so far.</summary>
public sealed record PulseCardFacts(long RunId, string TeamId, string? TeamName, IsoWeek Week, PulseVariant Variant, DateTimeOffset ClosesAt, int MinAnswers, PulseSubmission? Current);

public enum PulseSubmit
{
    Saved,
    Changed,
    Closed,
    NotMember,
    NotFound,
    Empty,
}

public sealed record PulseRunNow(int Planned, int Members, bool NotLead);

/// <summary>Whether a team has a pilot the weekly pulse asks about (running, or reviewed and not yet decided).</summary>
public interface IPilotPresence
{
    Task<bool> HasActivePilotAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken);
}

/// <summary>
/// The weekly pulse: planned into the outbox for every member of every installed team at the team's day and time
/// in each person's own zone, answered once per person and week (changeable until the week closes), stored without
/// who answered, and shown only as <see cref="PulseResults"/>, which never reveal a group of fewer than k answers.
/// A team's pulse run of a week is one row (unique per team and week), so several hosts start it once.
/// </summary>
public sealed class PulseService(CoachDbFactory dbFactory, PulseKeys keys, IPilotPresence pilots, IPatternGrouper grouper, TimeProvider clock)
{
    public const string RunPrefix = "pulse:";

    /// <summary>Plans every pulse that is due now, in every tenant; returns how many cards it planned.</summary>
    public async Task<int> PlanDueAsync(CancellationToken cancellationToken)
    {
        var planned = 0;
        foreach (var tenantId in await dbFactory.TenantsWithTeamsAsync(cancellationToken))
        {
            await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
            foreach (var team in await db.Teams.AsNoTracking().Where(t => t.Installed && !t.TeamId.StartsWith(TeamRecord.PersonalPrefix)).ToListAsync(cancellationToken))
            {
                planned += await PlanTeamAsync(db, team, manual: false, cancellationToken);
            }
        }

        return planned;
    }

    /// <summary>A lead's "puls jetzt senden": this week's pulse to the whole team now, whatever the day.</summary>
    public async Task<PulseRunNow> PlanNowForTeamAsync(string tenantId, string teamId, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (!(await TeamDirectory.RoleAsync(db, teamId, actor, cancellationToken)).IsLead || await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.TeamId == teamId && t.Installed, cancellationToken) is not { } team)
        {
            return new PulseRunNow(0, 0, NotLead: true);
        }

        var planned = await PlanTeamAsync(db, team, manual: true, cancellationToken);
        return new PulseRunNow(planned, await db.TeamMembers.CountAsync(m => m.TeamId == teamId, cancellationToken), NotLead: false);
    }

    private async Task<int> PlanTeamAsync(CoachDbContext db, TeamRecord team, bool manual, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var teamZone = PromptCalendar.Zone(team.TimeZone, TeamRecord.DefaultTimeZone);
        var week = PulseWeek.At(now, teamZone);
        var schedule = Schedule(team);
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == team.TeamId).Select(m => m.AadObjectId).ToListAsync(cancellationToken);
        if (members.Count == 0)
        {
            return 0;
        }

        var chats = await db.Conversations.AsNoTracking()
            .Where(c => c.Installed && c.Scope == ConversationScope.Personal && c.UserAadObjectId != null && members.Contains(c.UserAadObjectId))
            .ToListAsync(cancellationToken);
        var chatOf = chats.GroupBy(c => c.UserAadObjectId!).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.LastSeenAt).First());
        var settings = await db.PersonSettings.AsNoTracking().Where(p => members.Contains(p.AadObjectId)).ToDictionaryAsync(p => p.AadObjectId, cancellationToken);
        var due = members.Where(person =>
        {
            var zone = PromptCalendar.Zone(chatOf.GetValueOrDefault(person)?.TimeZone, team.TimeZone);
            var local = PromptCalendar.LocalTime(now, zone);
            var today = DateOnly.FromDateTime(local.DateTime);
            var setting = settings.GetValueOrDefault(person);

            // A pulse that was due while no host ran goes out late, but never on a day off or in quiet hours.
            var mayNow = manual
                || (week.DueFor(zone, schedule, team.QuietFrom, team.QuietUntil) <= now
                    && PromptCalendar.IsWorkDay(today, team.WorkDays)
                    && !PromptCalendar.InQuietHours(TimeOnly.FromDateTime(local.DateTime), team.QuietFrom, team.QuietUntil));
            return mayNow && setting is not { UnreachableSince: not null } && setting?.IsPausedOn(today) != true;
        }).ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        var run = await RunOfAsync(db, team, week, now, cancellationToken);
        var runKey = RunPrefix + team.TeamId + ":" + week.Week.Key;
        var already = (await db.Outbox.AsNoTracking().Where(m => m.RunKey == runKey).Select(m => m.RecipientKey).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var planned = 0;
        foreach (var person in due.Where(p => !already.Contains(p)))
        {
            db.Outbox.Add(new OutboxMessage
            {
                TenantId = db.TenantId,
                RunKey = runKey,
                RecipientKey = person,
                RecipientAadObjectId = person,
                ConversationId = chatOf.GetValueOrDefault(person)?.ConversationId,
                Kind = OutboxKind.Pulse,
                SubjectId = run.Id,
                CreatedAt = now,
                NextAttemptAt = now,
                ExpiresAt = run.ClosesAt,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                planned++;
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                // Another host planned this person's card of this week a moment ago: one card stays.
                db.ChangeTracker.Clear();
            }
        }

        return planned;
    }

    // The week's run row: the first host to plan the week writes it, and k is fixed from then on.
    private async Task<PulseRun> RunOfAsync(CoachDbContext db, TeamRecord team, PulseWeek week, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.PulseRuns.AsNoTracking().SingleOrDefaultAsync(r => r.TeamId == team.TeamId && r.Week == week.Week.Key, cancellationToken) is { } existing)
        {
            return existing;
        }

        var run = PulseRun.Start(db.TenantId, team.TeamId, week, PulseThresholds.IsValid(team.PulseMinAnswers) ? team.PulseMinAnswers : PulseThresholds.DefaultMinAnswers, now);
        run.Variant = await pilots.HasActivePilotAsync(db, team.TeamId, cancellationToken) ? PulseVariant.Pilot : PulseVariant.Coach;
        db.PulseRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return run;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await db.PulseRuns.AsNoTracking().SingleAsync(r => r.TeamId == team.TeamId && r.Week == week.Week.Key, cancellationToken);
        }
    }

    /// <summary>The card of one person for one run, with their answer so far; null when the run is gone.</summary>
    public async Task<PulseCardFacts?> CardAsync(string tenantId, long runId, string aad, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        if (await db.PulseRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken) is not { } run)
        {
            return null;
        }

        var key = (await keys.ForTenantAsync(db, cancellationToken)).For(tenantId, run.TeamId, run.IsoWeek, aad);
        var answer = await db.PulseAnswers.AsNoTracking().SingleOrDefaultAsync(a => a.AnswerKey == key, cancellationToken);
        var name = await db.Teams.AsNoTracking().Where(t => t.TeamId == run.TeamId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
        return new PulseCardFacts(run.Id, run.TeamId, name, run.IsoWeek, run.Variant, run.ClosesAt, run.MinAnswers,
            answer is null ? null : new PulseSubmission(answer.Relief, answer.Bypassed, answer.NewQuestions, answer.StillManual, answer.NoTime));
    }

    /// <summary>
    /// One person's answer: stored without them, found again by its keyed hash so that a second submission of the
    /// same week changes the first. Only members of the run's team answer, and only until the week closes.
    /// </summary>
    public async Task<PulseSubmit> SubmitAsync(string tenantId, string actor, long runId, PulseSubmission submission, CancellationToken cancellationToken)
    {
        if (submission.IsEmpty)
        {
            return PulseSubmit.Empty;
        }

        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
            if (await db.PulseRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken) is not { } run)
            {
                return PulseSubmit.NotFound;
            }

            if (!(await TeamDirectory.RoleAsync(db, run.TeamId, actor, cancellationToken)).OnRoster)
            {
                return PulseSubmit.NotMember;
            }

            if (!run.AcceptsAnswersAt(clock.GetUtcNow()))
            {
                return PulseSubmit.Closed;
            }

            var key = (await keys.ForTenantAsync(db, cancellationToken)).For(tenantId, run.TeamId, run.IsoWeek, actor);
            var answer = await db.PulseAnswers.SingleOrDefaultAsync(a => a.AnswerKey == key, cancellationToken);
            if (answer is null)
            {
                db.PulseAnswers.Add(PulseAnswer.Create(tenantId, run.TeamId, run.IsoWeek, key, submission));
            }
            else
            {
                answer.Apply(submission);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return answer is null ? PulseSubmit.Saved : PulseSubmit.Changed;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // The same person's card submitted twice at once: the unique key keeps one row, the next look changes it.
            }
        }
    }

    /// <summary>The results one team may see, built from the whole tenant's runs and answers (for the roll-ups).</summary>
    public async Task<PulseResults> ResultsAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return await ResultsAsync(db, teamId, grouper, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>The same, in the caller's context (and so its tenant): what the stage model and the brake read.</summary>
    /// <remarks>
    /// Built once and kept (<see cref="PulseResultsCache"/>) while the tenant's stamp stays the same and no week or
    /// run closes: building reads the whole tenant's year of answers and groups their texts. The stamp is read before
    /// the rows, so a write in between makes the kept results newer than their stamp and the next read builds again.
    /// </remarks>
    public static async Task<PulseResults> ResultsAsync(CoachDbContext db, string teamId, IPatternGrouper grouper, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cache = db.PulseResults;
        var (stamp, zones) = await PulseStamp.ReadAsync(db, teamId, cancellationToken);
        if (cache?.Find(db.TenantId, teamId, stamp, now) is { } kept)
        {
            return kept;
        }

        var runs = await db.PulseRuns.AsNoTracking().ToListAsync(cancellationToken);
        var answers = await db.PulseAnswers.AsNoTracking().ToListAsync(cancellationToken);
        TimeZoneInfo ZoneOf(string team) => PromptCalendar.Zone(zones.GetValueOrDefault(team), TeamRecord.DefaultTimeZone);
        var results = PulseResults.Build(teamId, runs, answers, ZoneOf, now, grouper);

        // Only what the database holds committed is kept (a read inside a transaction may see its own writes).
        if (cache is not null && db.Database.CurrentTransaction is null)
        {
            var inUse = runs.Select(r => r.TeamId).Append(teamId).Distinct(StringComparer.Ordinal).Select(ZoneOf).Distinct().ToList();
            cache.Keep(db.TenantId, teamId, stamp, now, inUse, runs.Select(r => r.ClosesAt), results);
        }

        return results;
    }

    /// <summary>The variant of each of the team's runs, for the card's labels.</summary>
    public async Task<IReadOnlyDictionary<IsoWeek, PulseVariant>> VariantsAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        return (await db.PulseRuns.AsNoTracking().Where(r => r.TeamId == teamId).ToListAsync(cancellationToken)).ToDictionary(r => r.IsoWeek, r => r.Variant);
    }

    /// <summary>
    /// Clears the answer keys of closed weeks: nothing may change any more, and from then on not even the server
    /// secret links an answer to anyone. Returns how many keys it cleared.
    /// </summary>
    public async Task<int> ForgetClosedKeysAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var closed = await db.PulseRuns.AsNoTracking().Where(r => r.ClosesAt <= now).Select(r => new { r.TeamId, r.Week }).ToListAsync(cancellationToken);
        var cleared = 0;
        foreach (var run in closed)
        {
            cleared += await db.PulseAnswers.Where(a => a.TeamId == run.TeamId && a.Week == run.Week && a.AnswerKey != null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.AnswerKey, (string?)null), cancellationToken);
        }

        return cleared;
    }

    public static PulseSchedule Schedule(TeamRecord team) =>
        team.PulseDay is DayOfWeek.Saturday or DayOfWeek.Sunday ? PulseSchedule.Default : new PulseSchedule(team.PulseDay, team.PulseTime);
}

/// <summary>A team's pulse asks about its pilot while one runs, or has been reviewed and waits for its outcome.</summary>
public sealed class StoredPilots : IPilotPresence
{
    public Task<bool> HasActivePilotAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken) =>
        db.Pilots.AnyAsync(p => p.TeamId == teamId && (p.State == Coaching.Pilots.PilotState.Running || p.State == Coaching.Pilots.PilotState.Adjusted || p.State == Coaching.Pilots.PilotState.Reviewed), cancellationToken);
}
