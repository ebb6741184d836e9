using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Storage.People;

namespace TeamsKiCoach.Storage.Prompts;

public sealed record ManualRunResult(int Planned, int AlreadyPrompted, int Paused, int Unreachable, int QuietHours, int Members);

/// <summary>
/// Plans daily prompts into the outbox: who is due now, each in their own time zone. Planning twice plans
/// nothing new (one prompt per person and local date, one outbox row per run and recipient).
/// </summary>
public sealed class PromptPlanner(CoachDbFactory dbFactory, TimeProvider clock)
{
    public const string RunPrefix = "prompt:";

    // Enough days back to see the longest run of unanswered prompts that still changes the interval.
    private const int HistoryDays = 42;

    /// <summary>Plans every prompt that is due now, in every tenant; returns how many it planned.</summary>
    public async Task<int> PlanDueAsync(CancellationToken cancellationToken)
    {
        var planned = 0;
        foreach (var tenantId in await TenantsAsync(cancellationToken))
        {
            await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
            var now = clock.GetUtcNow();
            var people = await PeopleAsync(db, null, cancellationToken);

            // Most rounds find nobody at their prompt time: the cheap rules (time, weekday, pause) run on everyone,
            // earlier prompts are read only for those who pass them.
            var settingsOnly = await HistoryAsync(db, now, [], cancellationToken);
            var due = people.Where(p => PromptRules.Decide(settingsOnly.SituationOf(p), now).Send).ToList();
            if (due.Count == 0)
            {
                continue;
            }

            var history = await HistoryAsync(db, now, due.Select(p => p.AadObjectId).ToList(), cancellationToken);
            foreach (var person in due)
            {
                var decision = PromptRules.Decide(history.SituationOf(person), now);
                if (decision.Send && await TryPlanAsync(db, person, decision, now, cancellationToken))
                {
                    planned++;
                }
            }
        }

        return planned;
    }

    /// <summary>A lead's "send today's prompt now" for one team: ignores the time of day and the weekday, nothing else.</summary>
    public async Task<ManualRunResult> PlanNowForTeamAsync(string tenantId, string teamId, string leadAadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var people = await PeopleAsync(db, teamId, cancellationToken);
        var history = await HistoryAsync(db, now, people.Select(p => p.AadObjectId).ToList(), cancellationToken);
        int planned = 0, already = 0, paused = 0, unreachable = 0, quiet = 0;
        foreach (var person in people)
        {
            var askedForIt = person.AadObjectId == leadAadObjectId;
            var decision = PromptRules.Decide(history.SituationOf(person), now, manual: true, askedForIt: askedForIt);
            switch (decision.Skip)
            {
                case PromptSkip.None when await TryPlanAsync(db, person with { TeamId = teamId }, decision, now, cancellationToken):
                    planned++;
                    break;
                case PromptSkip.None:
                case PromptSkip.AlreadyPrompted:
                    already++;
                    break;
                case PromptSkip.Paused:
                case PromptSkip.BackedOff:
                    paused++;
                    break;
                case PromptSkip.Unreachable:
                    unreachable++;
                    break;
                case PromptSkip.QuietHours:
                    quiet++;
                    break;
            }
        }

        return new ManualRunResult(planned, already, paused, unreachable, quiet, people.Count);
    }

    /// <summary>
    /// The person's settings and their next prompt, read with one context and the settings read once: "status"
    /// shows both.
    /// </summary>
    public async Task<PromptOutlook> OutlookAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var settings = await PersonPreferences.SettingsOf(db, aadObjectId, cancellationToken);
        var person = await PersonAsync(db, aadObjectId, cancellationToken);
        if (person is null)
        {
            return new PromptOutlook(settings, null);
        }

        var prompts = await PromptsSince.For(db)(db, Since(now), aadObjectId).ToListAsync(cancellationToken);
        var history = new History(
            settings is null ? [] : new() { [aadObjectId] = settings },
            prompts.Count == 0 ? [] : new() { [aadObjectId] = prompts });
        var situation = history.SituationOf(person);
        return new PromptOutlook(settings, PromptRules.NextDue(situation, now) is { } due ? (due, situation.Zone) : null);
    }

    /// <summary>The time zone the person's prompts follow: their own from Teams, else their team's, else Berlin.</summary>
    public async Task<TimeZoneInfo> ZoneOfAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var person = await PersonAsync(db, aadObjectId, cancellationToken);
        return PromptCalendar.Zone(person?.Chat?.TimeZone, person?.Team?.TimeZone ?? TeamRecord.DefaultTimeZone);
    }

    private async Task<List<string>> TenantsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForSystemAsync(cancellationToken);
        var withTeams = db.Teams.IgnoreQueryFilters().Where(t => t.Installed).Select(t => t.TenantId);
        var withChats = db.Conversations.IgnoreQueryFilters().Where(c => c.Installed && c.Scope == ConversationScope.Personal).Select(c => c.TenantId);
        return await withTeams.Union(withChats).Distinct().ToListAsync(cancellationToken);
    }

    /// <summary>A person the bot prompts, with the team whose backlog their answers go to and where to reach them.</summary>
    private sealed record Recipient(string AadObjectId, string TeamId, TeamRecord? Team, ConversationRecord? Chat, TeamMember? Member);

    // Members of installed teams, and people who installed the bot personally (their answers go to their own backlog).
    private static async Task<List<Recipient>> PeopleAsync(CoachDbContext db, string? onlyTeam, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.AsNoTracking().Where(t => t.Installed && (onlyTeam == null || t.TeamId == onlyTeam))
            .OrderBy(t => t.InstalledAt).ThenBy(t => t.Id).ToListAsync(cancellationToken);
        var teamIds = teams.Select(t => t.TeamId).ToList();
        var members = await db.TeamMembers.AsNoTracking().Where(m => teamIds.Contains(m.TeamId)).ToListAsync(cancellationToken);
        var chats = await db.Conversations.AsNoTracking()
            .Where(c => c.Installed && c.Scope == ConversationScope.Personal && c.UserAadObjectId != null)
            .ToListAsync(cancellationToken);
        return Recipients(teams, members, chats, withChatsOnly: onlyTeam is null);
    }

    // A single person's questions (status, time zone) read only that person's rows, compiled: their memberships in
    // installed teams with those teams in one question, and their personal chats.
    private static async Task<Recipient?> PersonAsync(CoachDbContext db, string aadObjectId, CancellationToken cancellationToken)
    {
        var memberships = await MembershipsOf.For(db)(db, aadObjectId).ToListAsync(cancellationToken);
        var chats = await PersonalChatsOf.For(db)(db, aadObjectId).ToListAsync(cancellationToken);
        var teams = memberships.Select(x => x.Team).DistinctBy(t => t.TeamId).OrderBy(t => t.InstalledAt).ThenBy(t => t.Id).ToList();
        return Recipients(teams, memberships.Select(x => x.Member).ToList(), chats, withChatsOnly: true).FirstOrDefault();
    }

    private sealed record Membership(TeamMember Member, TeamRecord Team);

    private static readonly PerProvider<Func<CoachDbContext, string, IAsyncEnumerable<Membership>>> MembershipsOf = new(
        () => EF.CompileAsyncQuery((CoachDbContext db, string aadObjectId) =>
            db.TeamMembers.AsNoTracking()
                .Where(m => m.AadObjectId == aadObjectId)
                .Join(db.Teams.AsNoTracking().Where(t => t.Installed), m => m.TeamId, t => t.TeamId, (m, t) => new Membership(m, t))),
        (db, aadObjectId) =>
            db.TeamMembers.AsNoTracking()
                .Where(m => m.AadObjectId == aadObjectId)
                .Join(db.Teams.AsNoTracking().Where(t => t.Installed), m => m.TeamId, t => t.TeamId, (m, t) => new Membership(m, t))
                .AsAsyncEnumerable());

    private static readonly PerProvider<Func<CoachDbContext, string, IAsyncEnumerable<ConversationRecord>>> PersonalChatsOf = new(
        () => EF.CompileAsyncQuery((CoachDbContext db, string aadObjectId) =>
            db.Conversations.AsNoTracking()
                .Where(c => c.Installed && c.Scope == ConversationScope.Personal && c.UserAadObjectId == aadObjectId)),
        (db, aadObjectId) =>
            db.Conversations.AsNoTracking()
                .Where(c => c.Installed && c.Scope == ConversationScope.Personal && c.UserAadObjectId == aadObjectId)
                .AsAsyncEnumerable());

    private static readonly PerProvider<Func<CoachDbContext, DateOnly, string, IAsyncEnumerable<DailyPrompt>>> PromptsSince = new(
        () => EF.CompileAsyncQuery((CoachDbContext db, DateOnly since, string aadObjectId) =>
            db.DailyPrompts.AsNoTracking().Where(p => p.LocalDate >= since && p.RecipientAadObjectId == aadObjectId)),
        (db, since, aadObjectId) =>
            db.DailyPrompts.AsNoTracking().Where(p => p.LocalDate >= since && p.RecipientAadObjectId == aadObjectId).AsAsyncEnumerable());

    // Each person once, with the first team (oldest install) they are a member of, and their newest personal chat;
    // with withChatsOnly also those who only installed the bot personally.
    private static List<Recipient> Recipients(List<TeamRecord> teams, List<TeamMember> members, List<ConversationRecord> chats, bool withChatsOnly)
    {
        var chatByPerson = chats.GroupBy(c => c.UserAadObjectId!).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.LastSeenAt).First());
        var teamOrder = teams.Select((team, index) => (team.TeamId, index)).ToDictionary(x => x.TeamId, x => x.index);

        var people = members
            .GroupBy(m => m.AadObjectId)
            .Select(g =>
            {
                var member = g.OrderBy(m => teamOrder[m.TeamId]).First();
                return new Recipient(g.Key, member.TeamId, teams.First(t => t.TeamId == member.TeamId), chatByPerson.GetValueOrDefault(g.Key), member);
            })
            .ToList();
        if (withChatsOnly)
        {
            var inTeams = people.Select(p => p.AadObjectId).ToHashSet();
            people.AddRange(chatByPerson.Values
                .Where(c => !inTeams.Contains(c.UserAadObjectId!))
                .Select(c => new Recipient(c.UserAadObjectId!, TeamRecord.PersonalTeamId(c.UserAadObjectId!), null, c, null)));
        }

        return people;
    }

    private static DateOnly Since(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime).AddDays(-HistoryDays);

    // Settings of everyone in the tenant and recent prompts of the people asked for, read once per run instead of
    // once per person.
    private static async Task<History> HistoryAsync(
        CoachDbContext db, DateTimeOffset now, IReadOnlyCollection<string> promptsOf, CancellationToken cancellationToken)
    {
        var since = Since(now);
        var settings = await db.PersonSettings.AsNoTracking().ToDictionaryAsync(p => p.AadObjectId, cancellationToken);
        var prompts = promptsOf.Count == 0
            ? []
            : await db.DailyPrompts.AsNoTracking()
                .Where(p => p.LocalDate >= since && promptsOf.Contains(p.RecipientAadObjectId))
                .ToListAsync(cancellationToken);
        return new History(settings, prompts.GroupBy(p => p.RecipientAadObjectId).ToDictionary(g => g.Key, g => (IReadOnlyList<DailyPrompt>)g.ToList()));
    }

    private sealed record History(Dictionary<string, PersonSettings> Settings, Dictionary<string, IReadOnlyList<DailyPrompt>> Prompts)
    {
        public PromptSituation SituationOf(Recipient person)
        {
            var team = person.Team;
            var settings = Settings.GetValueOrDefault(person.AadObjectId);
            return new PromptSituation(
                PromptCalendar.Zone(person.Chat?.TimeZone, team?.TimeZone ?? TeamRecord.DefaultTimeZone),
                settings?.PromptTime ?? team?.PromptTime ?? TeamRecord.DefaultPromptTime,
                team?.WorkDays ?? TeamRecord.DefaultWorkDays,
                team?.QuietFrom ?? TeamRecord.DefaultQuietFrom,
                team?.QuietUntil ?? TeamRecord.DefaultQuietUntil,
                settings,
                Prompts.GetValueOrDefault(person.AadObjectId) ?? []);
        }
    }

    private static async Task<bool> TryPlanAsync(CoachDbContext db, Recipient person, PromptDecision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prompt = new DailyPrompt
        {
            TenantId = db.TenantId,
            RecipientAadObjectId = person.AadObjectId,
            TeamId = person.TeamId,
            LocalDate = decision.LocalDate,
            DueAt = decision.DueAt,
            CreatedAt = now,
            CarriesBackoffNotice = decision.BackoffNotice,
        };

        // False when another run or instance planned this prompt already: the unique indexes keep it to one.
        return await PlanOnce.SaveAsync(db, async () =>
        {
            db.DailyPrompts.Add(prompt);
            await db.SaveChangesAsync(cancellationToken);
            db.Outbox.Add(new OutboxMessage
            {
                TenantId = db.TenantId,
                RunKey = RunPrefix + decision.LocalDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                RecipientKey = person.AadObjectId,
                RecipientAadObjectId = person.AadObjectId,
                ConversationId = person.Chat?.ConversationId,
                Kind = OutboxKind.DailyPrompt,
                SubjectId = prompt.Id,
                CreatedAt = now,
                NextAttemptAt = now,
                ExpiresAt = Max(now, decision.DueAt) + PromptRules.Lateness,
            });
            if (decision.BackoffNotice)
            {
                var settings = await db.PersonSettings.SingleOrDefaultAsync(p => p.AadObjectId == person.AadObjectId, cancellationToken);
                if (settings is null)
                {
                    settings = new PersonSettings { TenantId = db.TenantId, AadObjectId = person.AadObjectId, UpdatedAt = now };
                    db.PersonSettings.Add(settings);
                }

                settings.BackoffNoticeAt = now;
            }
        }, cancellationToken);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>A person's settings (null before they changed any) and their next prompt (null when none is coming).</summary>
public sealed record PromptOutlook(PersonSettings? Settings, (DateTimeOffset Due, TimeZoneInfo Zone)? Next);
