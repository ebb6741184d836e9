using Microsoft.AspNetCore.Builder;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.AssessmentRuns;
using TeamsKiCoach.Bot.Exchange;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Bot.Turns;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.Nudges;
using TeamsKiCoach.Storage.People;
using TeamsKiCoach.Storage.Pilots;
using TeamsKiCoach.Storage.Privacy;
using TeamsKiCoach.Storage.Prompts;
using TeamsKiCoach.Storage.Pulse;
using TeamsKiCoach.Storage.Stages;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Tests.Support;

/// <summary>
/// Runs bot turns through the Bot Framework's TestAdapter with the bot, middleware and storage composed by the host's
/// own service registration (<see cref="CoachHosting.AddCoaching"/>), a SQLite file of its own, a fake clock, and
/// the few outside parts a test steers replaced. Collects what the bot sent.
/// </summary>
public sealed class TurnHarness : IAsyncDisposable
{
    public const string Tenant = "tenant-contoso";
    public const string BotId = "28:coach-bot";

    public static readonly Uri PublicBaseUrl = new("https://coach.example.org/");

    private readonly TestDatabase database;
    private readonly string[] allowedTenants;
    private readonly List<WebApplication> built = [];
    private WebApplication? app;
    private IAssessmentEngine assessmentEngine = new RuleAssessmentEngine();
    private IPilotDrafter pilotDrafter = RulePilotDrafter.Instance;
    private BotSettings botSettings = new();

    private TurnHarness(TestDatabase database, string[] allowedTenants)
    {
        this.database = database;
        this.allowedTenants = allowedTenants;
    }

    /// <summary>The host's services as the bot of this harness uses them.</summary>
    public IServiceProvider Services => (app ??= Compose()).Services;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Configured like a host with Coach:Pulse:AnswerSecret, so that the same secret outlives the harness's turns.</summary>
    public PulseKeys PulseKeys { get; } = new(new byte[32]);

    /// <summary>The model assessments turns handed to the background, in order.</summary>
    public RecordingAssessmentQueue AssessmentQueue { get; } = new();

    /// <summary>How often a turn asked the scheduler for a delivery round now.</summary>
    public DeliveryTriggerCount Delivery { get; } = new();

    /// <summary>The engine behind "Muss das ein Mensch tun?": the offline rules unless a test sets another.</summary>
    public IAssessmentEngine AssessmentEngine
    {
        get => assessmentEngine;
        set => Recompose(() => assessmentEngine = value);
    }

    /// <summary>Who drafts the proposal form: the rules unless a test sets a model.</summary>
    public IPilotDrafter PilotDrafter
    {
        get => pilotDrafter;
        set => Recompose(() => pilotDrafter = value);
    }

    /// <summary>The host's settings the bot's own registry steps are written from; a test may set others.</summary>
    public BotSettings BotSettings
    {
        get => botSettings;
        set => Recompose(() => botSettings = value);
    }

    /// <summary>The SQLite file of this harness, for tests that read every table.</summary>
    public string ConnectionString => database.ConnectionString;

    public CoachDbFactory DbFactory => Services.GetRequiredService<CoachDbFactory>();
    public ConversationDirectory Directory => Services.GetRequiredService<ConversationDirectory>();
    public PersonPreferences Preferences => Services.GetRequiredService<PersonPreferences>();
    public TeamDirectory Teams => Services.GetRequiredService<TeamDirectory>();
    public PromptPlanner Planner => Services.GetRequiredService<PromptPlanner>();
    public PromptAnswers Answers => Services.GetRequiredService<PromptAnswers>();
    public ExportLinks ExportLinks => Services.GetRequiredService<ExportLinks>();
    public Storage.Privacy.PersonalData PersonalData => Services.GetRequiredService<Storage.Privacy.PersonalData>();
    public PulseService Pulses => Services.GetRequiredService<PulseService>();
    public NudgePlanner NudgePlanner => Services.GetRequiredService<NudgePlanner>();

    public StageService StageService() => Services.GetRequiredService<StageService>();

    public AssessmentTurns AssessmentTurns() => Services.GetRequiredService<AssessmentTurns>();

    public PilotSteps PilotSteps() => Services.GetRequiredService<PilotSteps>();

    public static async Task<TurnHarness> StartAsync(params string[] allowedTenants)
    {
        var harness = new TurnHarness(TestDatabase.CreateSqlite(), allowedTenants.Length == 0 ? [Tenant] : allowedTenants);
        await harness.DbFactory.InitializeAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>
    /// A harness with the bot installed in the team "Vertrieb" by aad-lead (who so becomes its lead), with Anna and
    /// Bernd as members.
    /// </summary>
    public static async Task<TurnHarness> WithTeamAsync(string teamId)
    {
        var harness = await StartAsync();
        await harness.SendAsync(TeamBotAdded(teamId, "de-DE",
            new ChannelAccount("29:aad-anna", "Anna", aadObjectId: "aad-anna"),
            new ChannelAccount("29:aad-bernd", "Bernd", aadObjectId: "aad-bernd")));
        return harness;
    }

    /// <summary>Sends one activity as Teams would and returns everything the bot sent during that turn.</summary>
    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity)
    {
        var services = Services;
        var adapter = new TestAdapter(activity.GetConversationReference());
        adapter.Use(services.GetRequiredService<TeamsOnlyMiddleware>());
        adapter.Use(services.GetRequiredService<ConversationCaptureMiddleware>());
        var bot = services.GetRequiredService<IBot>();

        await adapter.ProcessActivityAsync(activity, bot.OnTurnAsync, CancellationToken.None);

        var sent = new List<Activity>();
        while (adapter.ActiveQueue.Count > 0)
        {
            sent.Add(adapter.ActiveQueue.Dequeue());
        }

        return sent;
    }

    // The host's registration with the harness's database and clock; the parts a test steers replace the
    // configured ones. Nothing is started: no delivery, no background assessment, no HTTP.
    private WebApplication Compose()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Coach"] = database.ConnectionString,
            ["Coach:Storage:Provider"] = database.Provider.ToString(),
            ["Coach:Delivery:Enabled"] = "false",
            ["Coach:PublicBaseUrl"] = PublicBaseUrl.ToString(),
            ["Coach:Ai:Provider"] = "None",
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
            ["MicrosoftAppTenantId"] = Tenant,
            ["MicrosoftAppPassword"] = "not-used-by-the-test-adapter",
        };
        for (var i = 0; i < allowedTenants.Length; i++)
        {
            settings[$"Coach:AllowedTenants:{i}"] = allowedTenants[i];
        }

        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCoaching();

        var services = builder.Services;
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        services.Replace(ServiceDescriptor.Singleton(PulseKeys));
        services.Replace(ServiceDescriptor.Singleton(assessmentEngine));
        services.Replace(ServiceDescriptor.Singleton(pilotDrafter));
        services.Replace(ServiceDescriptor.Singleton(botSettings));
        services.Replace(ServiceDescriptor.Singleton<IAssessmentQueue>(AssessmentQueue));
        services.Replace(ServiceDescriptor.Singleton<IDeliveryTrigger>(Delivery));
        var composed = builder.Build();
        built.Add(composed);
        return composed;
    }

    // A test that swaps an outside part gets a bot composed anew over the same database and clock.
    private void Recompose(Action change)
    {
        change();
        app = null;
    }

    public static Activity PersonalMessage(string text, string locale = "de-DE", string user = "aad-anna", string tenant = Tenant) =>
        Personal(ActivityTypes.Message, locale, user, tenant, a => a.Text = text);

    public static Activity PersonalInstall(string locale = "de-DE", string user = "aad-anna") =>
        Personal(ActivityTypes.InstallationUpdate, locale, user, Tenant, a => a.Action = "add");

    public static Activity PersonalUninstall(string user = "aad-anna") =>
        Personal(ActivityTypes.InstallationUpdate, "de-DE", user, Tenant, a => a.Action = "remove");

    public static Activity GroupChatInstall(string chatId, string locale = "de-DE")
    {
        var activity = Personal(ActivityTypes.InstallationUpdate, locale, "aad-anna", Tenant, a => a.Action = "add");
        activity.Conversation = new ConversationAccount(isGroup: true, conversationType: "groupChat", id: chatId, tenantId: Tenant);
        return activity;
    }

    public static Activity PersonalBotAdded(string locale = "de-DE", string user = "aad-anna") =>
        Personal(ActivityTypes.ConversationUpdate, locale, user, Tenant, a => a.MembersAdded = [new ChannelAccount(BotId, "TeamsKiCoach")]);

    public static Activity CardAction(string verb, string locale = "de-DE", string user = "aad-anna", object? data = null) =>
        Personal(ActivityTypes.Invoke, locale, user, Tenant, a =>
        {
            a.Name = "adaptiveCard/action";
            a.Value = JObject.FromObject(new { action = new { type = "Action.Execute", verb, data = data ?? new { } }, trigger = "manual" });
        });

    public static Activity TeamBotAdded(string teamId, string locale = "de-DE", params ChannelAccount[] alsoAdded)
    {
        var activity = Personal(ActivityTypes.ConversationUpdate, locale, "aad-lead", Tenant, a =>
            a.MembersAdded = [new ChannelAccount(BotId, "TeamsKiCoach"), .. alsoAdded]);
        activity.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: teamId, tenantId: Tenant);
        activity.ChannelData = JObject.FromObject(new { eventType = "teamMemberAdded", team = new { id = teamId, name = "Vertrieb" }, tenant = new { id = Tenant } });
        return activity;
    }

    public static Activity TeamBotRemoved(string teamId)
    {
        var activity = Personal(ActivityTypes.ConversationUpdate, "de-DE", "aad-lead", Tenant, a => a.MembersRemoved = [new ChannelAccount(BotId, "TeamsKiCoach")]);
        activity.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: teamId, tenantId: Tenant);
        activity.ChannelData = JObject.FromObject(new { eventType = "teamMemberRemoved", team = new { id = teamId, name = "Vertrieb" }, tenant = new { id = Tenant } });
        return activity;
    }

    private static Activity Personal(string type, string locale, string user, string tenant, Action<Activity> configure)
    {
        var activity = new Activity
        {
            Type = type,
            Id = Guid.NewGuid().ToString("N"),
            ChannelId = Channels.Msteams,
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
            Locale = locale,
            From = new ChannelAccount($"29:{user}", "Anna Becker", aadObjectId: user),
            Recipient = new ChannelAccount(BotId, "TeamsKiCoach"),
            Conversation = new ConversationAccount(conversationType: "personal", id: $"a:personal-{tenant}-{user}", tenantId: tenant),
            ChannelData = JObject.FromObject(new { tenant = new { id = tenant } }),
            Entities = [new Entity("clientInfo") { Properties = JObject.FromObject(new { locale, timezone = "Europe/Berlin", platform = "Web" }) }],
            Timestamp = DateTimeOffset.UtcNow,
        };
        configure(activity);
        return activity;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var composed in built)
        {
            await composed.DisposeAsync();
        }

        await database.DisposeAsync();
    }
}

public sealed class RecordingAssessmentQueue : IAssessmentQueue
{
    public List<AssessmentJob> Jobs { get; } = [];

    public bool Enqueue(AssessmentJob job)
    {
        Jobs.Add(job);
        return true;
    }
}

public sealed class DeliveryTriggerCount : IDeliveryTrigger
{
    private int count;

    public int Count => count;

    public void RunSoon() => Interlocked.Increment(ref count);
}
