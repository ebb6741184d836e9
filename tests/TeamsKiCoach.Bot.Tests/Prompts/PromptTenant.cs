using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.People;
using TeamsKiCoach.Storage.Prompts;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Tests.Prompts;

/// <summary>A tenant with teams, members and personal chats on a real SQLite file, and a fake clock.</summary>
public sealed class PromptTenant : IAsyncDisposable
{
    public const string Tenant = "tenant-contoso";

    private readonly TestDatabase database;

    private PromptTenant(TestDatabase database, CoachDbFactory db, DateTimeOffset start)
    {
        this.database = database;
        Db = db;
        Clock = new FakeTimeProvider(start);
        Planner = new PromptPlanner(db, Clock);
        Answers = new PromptAnswers(db, Clock);
        Directory = new ConversationDirectory(db, Clock);
        Teams = new TeamDirectory(db, Clock);
        Preferences = new PersonPreferences(db, Clock);
    }

    public CoachDbFactory Db { get; }
    public FakeTimeProvider Clock { get; }
    public PromptPlanner Planner { get; }
    public PromptAnswers Answers { get; }
    public ConversationDirectory Directory { get; }
    public TeamDirectory Teams { get; }
    public PersonPreferences Preferences { get; }

    public static async Task<PromptTenant> StartAsync(DateTimeOffset start)
    {
        var database = TestDatabase.CreateSqlite();
        return new PromptTenant(database, await database.OpenAsync(), start);
    }

    public async Task AddTeamAsync(string teamId, string lead, Action<TeamRecord>? configure = null, params string[] members)
    {
        await Teams.RecordInstallAsync(Tenant, teamId, "Vertrieb", lead, default);
        await Directory.AddTeamMembersAsync(Tenant, teamId, [.. members.Append(lead).Select(m => new Person(m, "29:" + m, m))], default);
        if (configure is not null)
        {
            await using var db = await Db.ForTenantAsync(Tenant, default);
            var team = await db.Teams.SingleAsync(t => t.TeamId == teamId);
            configure(team);
            await db.SaveChangesAsync();
        }
    }

    public Task AddPersonalChatAsync(string person, string? zone) =>
        Directory.RecordAsync(new ConversationSnapshot(Tenant, "a:" + person, ConversationScope.Personal, "https://smba.example/", "msteams", "28:bot",
            new Person(person, "29:" + person, person), null, "de-DE", zone), default);

    public async Task<List<DailyPrompt>> PromptsAsync(string? person = null)
    {
        await using var db = await Db.ForTenantAsync(Tenant, default);
        return await db.DailyPrompts.AsNoTracking().Where(p => person == null || p.RecipientAadObjectId == person).OrderBy(p => p.LocalDate).ToListAsync();
    }

    public async Task<List<OutboxMessage>> OutboxAsync()
    {
        await using var db = await Db.ForTenantAsync(Tenant, default);
        return await db.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>Moves the clock in steps up to <paramref name="until"/>, planning at every step as the scheduler does.</summary>
    public async Task RunUntilAsync(DateTimeOffset until, TimeSpan step, Func<Task>? afterEachStep = null)
    {
        while (Clock.GetUtcNow() < until)
        {
            Clock.Advance(step);
            await Planner.PlanDueAsync(default);
            if (afterEachStep is not null)
            {
                await afterEachStep();
            }
        }
    }

    public async Task AnswerAllOpenAsync()
    {
        foreach (var prompt in (await PromptsAsync()).Where(p => !p.IsAnswered))
        {
            await Answers.AnswerAsync(Tenant, prompt.RecipientAadObjectId, prompt.Id, null, default);
        }
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();
}
