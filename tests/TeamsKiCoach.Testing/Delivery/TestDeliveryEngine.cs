using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsKiCoach.Bot.Delivery;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Bot.Turns;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.Delivery;
using TeamsKiCoach.Storage.Nudges;
using TeamsKiCoach.Storage.People;
using TeamsKiCoach.Storage.Pilots;
using TeamsKiCoach.Storage.Progress;
using TeamsKiCoach.Storage.Prompts;
using TeamsKiCoach.Storage.Pulse;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Tests.Delivery;

/// <summary>
/// The real delivery engine as the host puts it together (CoachHosting.AddDelivery): dispatcher, one throttle,
/// and the Teams sender on the bot's own adapter with its middleware, here without credentials (anonymous, as
/// against the Agents Playground) and serving any tenant; on a real database and real time. One engine is one
/// process's; a restart is a new engine on the same database.
/// </summary>
public sealed class TestDeliveryEngine
{
    public TestDeliveryEngine(CoachDbFactory db, DeliveryOptions options, ILoggerFactory? logs = null, TimeProvider? time = null)
    {
        logs ??= NullLoggerFactory.Instance;
        Clock = new ReadStampingClock(time ?? TimeProvider.System);
        var clock = Clock;
        var configuration = new ConfigurationBuilder().Build();
        var conversations = new ConversationDirectory(db, clock);
        var preferences = new PersonPreferences(db, clock);
        var coach = Microsoft.Extensions.Options.Options.Create(new CoachOptions { AllowedTenants = [CoachOptions.AnyTenant] });
        Adapter = new CoachAdapter(
            new ConfigurationBotFrameworkAuthentication(configuration, httpClientFactory: new ConnectorHttpClients(clock)),
            new TeamsOnlyMiddleware(coach, logs.CreateLogger<TeamsOnlyMiddleware>()),
            new ConversationCaptureMiddleware(conversations),
            logs.CreateLogger<CoachAdapter>());
        Throttle = new DeliveryThrottle(options, clock);
        var grouper = new Coaching.Backlog.Patterns.LexicalPatternGrouper();
        var assessments = new Storage.Assessment.AssessmentService(db, grouper, new Coaching.Assessment.RuleAssessmentEngine(), clock);
        var pilotSteps = new Storage.Pilots.PilotSteps(db, new Coaching.Pilots.PilotOptions(), clock);
        var pulses = new Storage.Pulse.PulseService(db, new Storage.Pulse.PulseKeys(null), new Storage.Pulse.StoredPilots(), grouper, clock);
        var nudges = new Storage.Nudges.NudgePlanner(db, assessments, new Storage.Progress.StoredTeamProgress(grouper, clock), new Coaching.Nudges.NudgeOptions(), clock);
        IOutboxRenderer[] renderers =
        [
            new DailyPromptRenderer(new PromptAnswers(db, clock), preferences, conversations, new TeamDirectory(db, clock)),
            new PulseRenderer(pulses, preferences, conversations, clock),
            new NudgeRenderer(nudges, conversations),
            new ReliefCheckRenderer(new Storage.Pilots.ReliefChecks(db, clock), preferences, conversations),
            .. PilotMessageRenderer.Kinds.Select(kind => new PilotMessageRenderer(kind, pilotSteps, preferences, conversations)),
        ];
        Sender = new TeamsOutboxSender(Adapter, configuration, conversations, new OutboxRenderers(renderers), clock, logs.CreateLogger<TeamsOutboxSender>());
        Dispatcher = new OutboxDispatcher(db, Sender, Throttle, preferences, options, clock, logs.CreateLogger<OutboxDispatcher>());
        Options = options;
    }

    /// <summary>The engine's clock (the system's unless a test gives one), with the last time read on each thread kept (see <see cref="EngineProbe"/>).</summary>
    public ReadStampingClock Clock { get; }

    public CoachAdapter Adapter { get; }
    public DeliveryThrottle Throttle { get; }
    public TeamsOutboxSender Sender { get; }
    public OutboxDispatcher Dispatcher { get; }
    public DeliveryOptions Options { get; }

    /// <summary>
    /// The scheduler's dispatch loop (DeliveryWorker without planning): send what is due, sleep until the next
    /// message is due, until nothing is pending or the deadline has passed. Returns whether the outbox is done.
    /// </summary>
    public async Task<bool> RunUntilDoneAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(deadline);
        try
        {
            while (true)
            {
                while (await Dispatcher.DispatchDueAsync(bounded.Token) > 0)
                {
                }

                if (await Dispatcher.NextDueAsync(bounded.Token) is not { } next)
                {
                    return true;
                }

                var wait = next - Clock.GetUtcNow();
                wait = wait < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
                await Task.Delay(wait, Clock, bounded.Token);
            }
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

/// <summary>Who gets a prompt in a load run: tenants, people per tenant, and how they are reached.</summary>
public sealed record EngineLoad(int Tenants, int PeoplePerTenant)
{
    /// <summary>Every n-th person is a team member who never wrote to the bot: the engine opens the 1:1 chat. 0 for none.</summary>
    public int RosterOnlyEvery { get; init; }

    /// <summary>People who get several prompts at once (one per day of a backlog), so that Teams' per-conversation windows matter.</summary>
    public int BusyPeople { get; init; }

    public int PromptsPerBusyPerson { get; init; }

    public int Prompts => (Tenants * PeoplePerTenant) + (BusyPeople * (PromptsPerBusyPerson - 1));

    public IEnumerable<string> TenantIds => Enumerable.Range(0, Tenants).Select(TenantId);

    public static string TenantId(int index) => $"tenant-{index:D3}";
}

/// <summary>Plans prompts straight into the database as the prompt planner does: one prompt and one outbox row per person and day.</summary>
public static class EngineSeed
{
    public const string BotId = "28:coach-bot";

    /// <summary>Plans the load, tenant by tenant as the planner does; returns the planned prompt ids.</summary>
    public static async Task<IReadOnlyList<long>> PlanAsync(CoachDbFactory db, Uri serviceUrl, EngineLoad load, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var promptIds = new List<long>(load.Prompts);
        var busyLeft = load.BusyPeople;
        for (var t = 0; t < load.Tenants; t++)
        {
            var tenant = EngineLoad.TenantId(t);
            await using var context = await db.ForTenantAsync(tenant, cancellationToken);
            var teamId = $"19:team-{tenant}@thread.tacv2";
            context.Teams.Add(new TeamRecord { TenantId = tenant, TeamId = teamId, Name = "Vertrieb", InstalledAt = now });
            context.Conversations.Add(new ConversationRecord
            {
                TenantId = tenant,
                ConversationId = teamId,
                Scope = ConversationScope.Channel,
                ServiceUrl = serviceUrl.AbsoluteUri,
                ChannelId = "msteams",
                BotId = BotId,
                TeamId = teamId,
                FirstSeenAt = now,
                LastSeenAt = now,
            });

            var prompts = new List<(DailyPrompt Prompt, string Person, string? Chat)>();
            for (var p = 0; p < load.PeoplePerTenant; p++)
            {
                var person = $"aad-{tenant}-{p:D5}";
                context.TeamMembers.Add(new TeamMember { TenantId = tenant, TeamId = teamId, AadObjectId = person, TeamsUserId = "29:" + person, JoinedAt = now, LastSeenAt = now });
                var rosterOnly = load.RosterOnlyEvery > 0 && p % load.RosterOnlyEvery == load.RosterOnlyEvery - 1;
                string? chat = null;
                if (!rosterOnly)
                {
                    chat = "a:" + person;
                    context.Conversations.Add(new ConversationRecord
                    {
                        TenantId = tenant,
                        ConversationId = chat,
                        Scope = ConversationScope.Personal,
                        ServiceUrl = serviceUrl.AbsoluteUri,
                        ChannelId = "msteams",
                        BotId = BotId,
                        UserAadObjectId = person,
                        TeamsUserId = "29:" + person,
                        Locale = p % 2 == 0 ? "de-DE" : "en-US",
                        TimeZone = "Europe/Berlin",
                        FirstSeenAt = now,
                        LastSeenAt = now,
                    });
                }

                var days = !rosterOnly && busyLeft > 0 && p == 0 ? load.PromptsPerBusyPerson : 1;
                if (days > 1)
                {
                    busyLeft--;
                }

                for (var d = 0; d < days; d++)
                {
                    var prompt = new DailyPrompt
                    {
                        TenantId = tenant,
                        RecipientAadObjectId = person,
                        TeamId = teamId,
                        LocalDate = today.AddDays(-d),
                        DueAt = now,
                        CreatedAt = now,
                    };
                    context.DailyPrompts.Add(prompt);
                    prompts.Add((prompt, person, chat));
                }
            }

            await context.SaveChangesAsync(cancellationToken);
            foreach (var (prompt, person, chat) in prompts)
            {
                context.Outbox.Add(new OutboxMessage
                {
                    TenantId = tenant,
                    RunKey = PromptPlanner.RunPrefix + prompt.LocalDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    RecipientKey = person,
                    RecipientAadObjectId = person,
                    ConversationId = chat,
                    Kind = OutboxKind.DailyPrompt,
                    SubjectId = prompt.Id,
                    CreatedAt = now,
                    NextAttemptAt = now,
                    ExpiresAt = now + TimeSpan.FromHours(6),
                });
                promptIds.Add(prompt.Id);
            }

            await context.SaveChangesAsync(cancellationToken);
        }

        return promptIds;
    }

    /// <summary>How the outbox ended: messages per state, over all tenants.</summary>
    public static async Task<Dictionary<OutboxState, int>> OutboxStatesAsync(CoachDbFactory db, CancellationToken cancellationToken = default)
    {
        await using var context = await db.ForSystemAsync(cancellationToken);
        var states = await context.Outbox.IgnoreQueryFilters().GroupBy(m => m.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return states.ToDictionary(s => s.Key, s => s.Count);
    }

    /// <summary>Prompt ids of messages that are still pending.</summary>
    public static async Task<List<long>> PendingPromptIdsAsync(CoachDbFactory db, CancellationToken cancellationToken = default)
    {
        await using var context = await db.ForSystemAsync(cancellationToken);
        return await context.Outbox.IgnoreQueryFilters().Where(m => m.State == OutboxState.Pending).Select(m => m.SubjectId).ToListAsync(cancellationToken);
    }
}

/// <summary>A clock (the system's, or a test's) that keeps on each thread the last value it gave out.</summary>
public sealed class ReadStampingClock(TimeProvider inner) : TimeProvider
{
    [ThreadStatic]
    private static DateTimeOffset lastRead;

    public static DateTimeOffset LastReadOnThisThread => lastRead;

    public override DateTimeOffset GetUtcNow() => lastRead = inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
