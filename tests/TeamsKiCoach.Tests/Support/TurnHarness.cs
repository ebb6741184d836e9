using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
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
using TeamsKiCoach.Coaching.Progress;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching.Storage;

namespace TeamsKiCoach.Tests.Support;

/// <summary>
/// Runs bot turns through the Bot Framework's TestAdapter with the real middleware, bot and storage (a SQLite
/// file of its own), and collects what the bot sent.
/// </summary>
public sealed class TurnHarness : IAsyncDisposable
{
    public const string Tenant = "tenant-contoso";
    public const string BotId = "28:coach-bot";

    private readonly TestDatabase database;

    private TurnHarness(TestDatabase database, CoachDbFactory dbFactory, string[] allowedTenants)
    {
        this.database = database;
        DbFactory = dbFactory;
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        Directory = new ConversationDirectory(dbFactory, Clock);
        Preferences = new PersonPreferences(dbFactory, Clock);
        Teams = new TeamDirectory(dbFactory, Clock);
        Planner = new PromptPlanner(dbFactory, Clock);
        Answers = new PromptAnswers(dbFactory, Clock);
        Options = Microsoft.Extensions.Options.Options.Create(new CoachOptions { AllowedTenants = allowedTenants, PublicBaseUrl = PublicBaseUrl });
        ExportLinks = new ExportLinks(Options, Clock, NullLogger<ExportLinks>.Instance);
    }

    public CoachDbFactory DbFactory { get; }

    public Coaching.Privacy.PersonalData PersonalData => new(DbFactory, [new Coaching.Pulse.PulsePersonalData(PulseKeys), new Coaching.Pilots.PilotPersonalData(), new Coaching.Registry.RegistryPersonalData(), new Coaching.Nudges.NudgePersonalData()], Clock);

    /// <summary>Configured like a host with Coach:Pulse:AnswerSecret, so that the same secret outlives the harness's turns.</summary>
    public Coaching.Pulse.PulseKeys PulseKeys { get; } = new(new byte[32]);

    public Coaching.Pulse.PulseDesk Pulses => new(DbFactory, PulseKeys, new Coaching.Pulse.StoredPilots(), new LexicalPatternGrouper(), Clock);

    /// <summary>The SQLite file of this harness, for tests that read every table.</summary>
    public string ConnectionString => database.ConnectionString;
    public FakeTimeProvider Clock { get; }
    public ConversationDirectory Directory { get; }
    public PersonPreferences Preferences { get; }
    public IOptions<CoachOptions> Options { get; }
    public TeamDirectory Teams { get; }
    public PromptPlanner Planner { get; }
    public PromptAnswers Answers { get; }
    public ExportLinks ExportLinks { get; }

    public static readonly Uri PublicBaseUrl = new("https://coach.example.org/");

    /// <summary>The engine behind "Muss das ein Mensch tun?": the offline rules unless a test sets another.</summary>
    public IAssessmentEngine AssessmentEngine { get; set; } = new RuleAssessmentEngine();

    /// <summary>The model assessments turns handed to the background, in order.</summary>
    public RecordingAssessmentQueue AssessmentQueue { get; } = new();

    /// <summary>The host's settings the bot's own registry steps are written from; a test may set others.</summary>
    public BotSettings BotSettings { get; set; } = new();

    /// <summary>What pilots and pulses report; none unless a test says otherwise.</summary>
    public ITeamProgressFacts Progress { get; set; } = new StoredTeamProgress(new LexicalPatternGrouper(), TimeProvider.System);

    /// <summary>How free questions about the registry are answered: the word search unless a test sets a model.</summary>
    public IRegistryQuestions RegistryQuestions { get; set; } = new SearchRegistryQuestions();

    public StageOptions StageOptions { get; } = new();

    public NudgeOptions NudgeOptions { get; } = new();

    public AssessmentDesk AssessmentDesk() => new(DbFactory, new LexicalPatternGrouper(), AssessmentEngine, Clock);

    public StageDesk StageDesk() => new(DbFactory, AssessmentDesk(), Progress, StageOptions, Clock);

    /// <summary>The nudge planner of the turns; one per harness, as the host has one, so it remembers the runs it settled.</summary>
    public NudgePlanner NudgePlanner => nudgePlanner ??= new NudgePlanner(DbFactory, AssessmentDesk(), Progress, NudgeOptions, Clock);

    private NudgePlanner? nudgePlanner;

    public AssessmentTurns AssessmentTurns() =>
        new(new AssessmentDesk(DbFactory, new LexicalPatternGrouper(), AssessmentEngine, Clock), new BacklogBook(DbFactory, Teams, new LexicalPatternGrouper(), Clock));

    public int MaxRunningPilots { get; set; } = 1;

    /// <summary>Who drafts the proposal form: the rules unless a test sets a model.</summary>
    public IPilotDrafter PilotDrafter { get; set; } = RulePilotDrafter.Instance;

    public PilotDesk PilotDesk() =>
        new(DbFactory, new AssessmentDesk(DbFactory, new LexicalPatternGrouper(), AssessmentEngine, Clock), new PilotOptions { MaxRunning = MaxRunningPilots }, Clock, PilotDrafter, Progress);

    public PilotTurns PilotTurns() => new(PilotDesk(), new BacklogBook(DbFactory, Teams, new LexicalPatternGrouper(), Clock), Delivery, Clock);

    /// <summary>How often a turn asked the scheduler for a delivery round now.</summary>
    public DeliveryTriggerCount Delivery { get; } = new();

    public static async Task<TurnHarness> StartAsync(params string[] allowedTenants)
    {
        var database = TestDatabase.CreateSqlite();
        var factory = await database.OpenAsync();
        return new TurnHarness(database, factory, allowedTenants.Length == 0 ? [Tenant] : allowedTenants);
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
        var reference = activity.GetConversationReference();
        var adapter = new TestAdapter(reference);
        adapter.Use(new TeamsOnlyMiddleware(Options, NullLogger<TeamsOnlyMiddleware>.Instance));
        adapter.Use(new ConversationCaptureMiddleware(Directory));
        var prompts = new PromptTurns(Answers, Planner, Teams, Preferences, Delivery, StageDesk(), Clock);
        var book = new BacklogBook(DbFactory, Teams, new LexicalPatternGrouper(), Clock);
        var backlog = new BacklogTurns(book, Clock);
        var bot = new CoachBot(
            Directory, Preferences, Teams, prompts, backlog, new TeamRoster(NullLogger<TeamRoster>.Instance), new BacklogExportTurns(Teams, ExportLinks),
            AssessmentTurns(), PilotTurns(), AssessmentQueue,
            new Bot.Privacy.PrivacyTurns(PersonalData, ExportLinks, NullLogger<Bot.Privacy.PrivacyTurns>.Instance),
            new PulseTurns(Pulses, Teams, Delivery, Clock),
            new StageTurns(StageDesk(), Teams, Clock),
            new RegistryTurns(new AutomationRegistry(DbFactory, BotSettings, Clock), RegistryQuestions, book),
            new NudgeTurns(NudgePlanner, Delivery),
            Clock);

        await adapter.ProcessActivityAsync(activity, bot.OnTurnAsync, CancellationToken.None);

        var sent = new List<Activity>();
        while (adapter.ActiveQueue.Count > 0)
        {
            sent.Add(adapter.ActiveQueue.Dequeue());
        }

        return sent;
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

    public async ValueTask DisposeAsync() => await database.DisposeAsync();
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
