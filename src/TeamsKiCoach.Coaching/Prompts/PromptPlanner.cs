using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Storage;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Coaching.Prompts;

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

    /// <summary>The person's next prompt and the time zone it is in, for "status"; null when none is coming.</summary>
    public async Task<(DateTimeOffset Due, TimeZoneInfo Zone)?> NextPromptAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var person = (await PeopleAsync(db, null, cancellationToken, onlyPerson: aadObjectId)).FirstOrDefault();
        if (person is null)
        {
            return null;
        }

        var situation = (await HistoryAsync(db, now, [aadObjectId], cancellationToken, settingsOf: aadObjectId)).SituationOf(person);
        return PromptRules.NextDue(situation, now) is { } due ? (due, situation.Zone) : null;
    }

    /// <summary>The time zone the person's prompts follow: their own from Teams, else their team's, else Berlin.</summary>
    public async Task<TimeZoneInfo> ZoneOfAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.ForTenantAsync(tenantId, cancellationToken);
        var person = (await PeopleAsync(db, null, cancellationToken, onlyPerson: aadObjectId)).FirstOrDefault();
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
    // A single person's questions (status, time zone) read only that person's rows, not the whole tenant's.
    private static async Task<List<Recipient>> PeopleAsync(CoachDbContext db, string? onlyTeam, CancellationToken cancellationToken, string? onlyPerson = null)
    {
        List<TeamRecord> teams;
        List<TeamMember> members;
        if (onlyPerson is null)
        {
            teams = await db.Teams.AsNoTracking().Where(t => t.Installed && (onlyTeam == null || t.TeamId == onlyTeam))
                .OrderBy(t => t.InstalledAt).ThenBy(t => t.Id).ToListAsync(cancellationToken);
            var teamIds = teams.Select(t => t.TeamId).ToList();
            members = await db.TeamMembers.AsNoTracking().Where(m => teamIds.Contains(m.TeamId)).ToListAsync(cancellationToken);
        }
        else
        {
            // One person: their memberships in installed teams with those teams, in one question.
            var memberships = await db.TeamMembers.AsNoTracking()
                .Where(m => m.AadObjectId == onlyPerson)
                .Join(db.Teams.AsNoTracking().Where(t => t.Installed && (onlyTeam == null || t.TeamId == onlyTeam)), m => m.TeamId, t => t.TeamId, (m, t) => new { Member = m, Team = t })
                .ToListAsync(cancellationToken);
            teams = memberships.Select(x => x.Team).DistinctBy(t => t.TeamId).OrderBy(t => t.InstalledAt).ThenBy(t => t.Id).ToList();
            members = memberships.Select(x => x.Member).ToList();
        }

        var chats = await db.Conversations.AsNoTracking()
            .Where(c => c.Installed && c.Scope == ConversationScope.Personal && c.UserAadObjectId != null)
            .Where(c => onlyPerson == null || c.UserAadObjectId == onlyPerson)
            .ToListAsync(cancellationToken);
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
        if (onlyTeam is null)
        {
            var inTeams = people.Select(p => p.AadObjectId).ToHashSet();
            people.AddRange(chatByPerson.Values
                .Where(c => !inTeams.Contains(c.UserAadObjectId!))
                .Select(c => new Recipient(c.UserAadObjectId!, TeamRecord.PersonalTeamId(c.UserAadObjectId!), null, c, null)));
        }

        return people;
    }

    // Settings of everyone in the tenant (or of one person) and recent prompts of the people asked for, read once per
    // run instead of once per person.
    private static async Task<History> HistoryAsync(
        CoachDbContext db, DateTimeOffset now, IReadOnlyCollection<string> promptsOf, CancellationToken cancellationToken, string? settingsOf = null)
    {
        var since = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-HistoryDays);
        var settings = await db.PersonSettings.AsNoTracking()
            .Where(p => settingsOf == null || p.AadObjectId == settingsOf)
            .ToDictionaryAsync(p => p.AadObjectId, cancellationToken);
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
