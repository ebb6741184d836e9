using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TeamsKiCoach.Bot.AssessmentRuns;
using TeamsKiCoach.Bot.Exchange;
using TeamsKiCoach.Bot.Delivery;
using TeamsKiCoach.Bot.Turns;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.Delivery;
using TeamsKiCoach.Storage.Nudges;
using TeamsKiCoach.Storage.People;
using TeamsKiCoach.Storage.Pilots;
using TeamsKiCoach.Storage.Privacy;
using TeamsKiCoach.Storage.Progress;
using TeamsKiCoach.Storage.Prompts;
using TeamsKiCoach.Storage.Pulse;
using TeamsKiCoach.Storage.Registry;
using TeamsKiCoach.Storage.Stages;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Bot.Hosting;

public static class CoachHosting
{
    public const string ConnectionStringName = "Coach";

    public static WebApplicationBuilder AddCoaching(this WebApplicationBuilder builder)
    {
        FrontDoor.EnsureMayStart(builder.Configuration, builder.Environment);
        DevelopmentAddress.ApplyDefault(builder);

        var services = builder.Services;
        var isDevelopment = builder.Environment.IsDevelopment();
        services.AddOptions<CoachOptions>()
            .BindConfiguration(CoachOptions.Section)
            .Configure(o =>
            {
                o.IsDevelopment = isDevelopment;

                // In Development (the Playground, the end-to-end runs) links point at the address the host listens on.
                o.PublicBaseUrl ??= isDevelopment ? ListeningUrl(builder.Configuration) : null;
            });
        if (DevelopmentClock.From(builder.Configuration, builder.Environment) is { } clock)
        {
            services.TryAddSingleton(clock);
        }

        services.TryAddSingleton(TimeProvider.System);
        // "Muss das ein Mensch tun?": the offline rules, or a language model when Coach:Ai names a provider.
        TeamsKiCoach.Ai.AssessmentServices.AddAssessment(services, builder.Configuration);

        AddStorage(builder);
        services.AddSingleton<ConversationDirectory>();
        services.AddSingleton<PersonPreferences>();
        services.AddSingleton<TeamDirectory>();
        services.AddSingleton<PromptPlanner>();
        services.AddSingleton<PromptAnswers>();
        AddFeature<PromptTurns>(services);
        // Backlog patterns: grouped by words, or with embeddings when Coach:Ai names a provider and an embedding model.
        TeamsKiCoach.Ai.Patterns.PatternGroupingServices.AddPatternGrouping(services, builder.Configuration);
        services.AddSingleton<BacklogService>();
        AddFeature<BacklogTurns>(services);
        services.AddSingleton<TeamsKiCoach.Storage.Assessment.AssessmentService>();
        AddFeature<AssessmentTurns>(services);
        services.AddSingleton(_ => TeamsKiCoach.Storage.Pulse.PulseKeys.FromConfiguration(builder.Configuration["Coach:Pulse:AnswerSecret"]));
        services.AddSingleton<TeamsKiCoach.Storage.Pulse.IPilotPresence, TeamsKiCoach.Storage.Pulse.StoredPilots>();
        services.AddSingleton<TeamsKiCoach.Storage.Pulse.PulseService>();
        AddFeature<PulseTurns>(services);
        services.AddSingleton<TeamsKiCoach.Storage.Privacy.IPersonalDataPart, TeamsKiCoach.Storage.Pulse.PulsePersonalData>();
        services.AddSingleton<TeamsKiCoach.Storage.Privacy.IPersonalDataPart, TeamsKiCoach.Storage.Pilots.PilotPersonalData>();
        services.AddSingleton<TeamsKiCoach.Storage.Privacy.IPersonalDataPart, TeamsKiCoach.Storage.Registry.RegistryPersonalData>();
        services.AddSingleton<TeamsKiCoach.Storage.Privacy.IPersonalDataPart, TeamsKiCoach.Storage.Nudges.NudgePersonalData>();
        services.AddSingleton<TeamsKiCoach.Storage.Privacy.PersonalData>();
        AddRetentionOptions(services);
        services.AddSingleton<TeamsKiCoach.Storage.Privacy.Retention>();
        AddFeature<TeamsKiCoach.Bot.Privacy.PrivacyTurns>(services);
        services.AddOptions<PilotOptions>()
            .BindConfiguration(PilotOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PilotOptions>>().Value);
        services.AddSingleton<PilotProposals>();
        services.AddSingleton<PilotSteps>();
        services.AddSingleton<ReliefChecks>();
        AddFeature<PilotTurns>(services);
        AddStagesAndRegistry(builder);
        services.AddBacklogExchange();
        services.AddSingleton<ITurnFeature>(sp => sp.GetRequiredService<BacklogExportTurns>());
        AddFeature<HelpTurns>(services);
        services.AddSingleton<TurnRoutes>();
        AddDelivery(builder);

        // The connector's HTTP clients share one connection pool and pass the delivery engine's last gate.
        services.AddSingleton<ConnectorHttpClients>();
        services.AddSingleton<BotFrameworkAuthentication>(sp => new SharedContractsAuthentication(new ConfigurationBotFrameworkAuthentication(
            sp.GetRequiredService<IConfiguration>(),
            httpClientFactory: sp.GetRequiredService<ConnectorHttpClients>(),
            logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>()),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TeamsOnlyMiddleware>();
        services.AddSingleton<ConversationCaptureMiddleware>();
        services.AddSingleton<TeamRoster>();

        // CloudAdapter has two constructors the container cannot choose between: build it by hand.
        services.AddSingleton<CoachAdapter>(sp => new CoachAdapter(
            sp.GetRequiredService<BotFrameworkAuthentication>(),
            sp.GetRequiredService<TeamsOnlyMiddleware>(),
            sp.GetRequiredService<ConversationCaptureMiddleware>(),
            sp.GetRequiredService<ILogger<CoachAdapter>>()));
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<CoachAdapter>());
        // A language model's assessment runs in the background and updates its card when it is done.
        services.AddSingleton<ICardUpdater, TeamsCardUpdater>();
        services.AddSingleton<AssessmentWorker>();
        services.AddSingleton<IAssessmentQueue>(sp => sp.GetRequiredService<AssessmentWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<AssessmentWorker>());
        services.AddTransient<IBot, CoachBot>();

        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return builder;
    }

    // A feature of the bot: a service of its own, and one entry in the table of commands and card verbs.
    private static void AddFeature<T>(IServiceCollection services)
        where T : class, ITurnFeature
    {
        services.AddSingleton<T>();
        services.AddSingleton<ITurnFeature>(sp => sp.GetRequiredService<T>());
    }

    /// <summary>The database as configured (provider and connection string); the command line verbs use the same.</summary>
    public static void AddStorage(WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(CoachOptions.Section).Get<CoachOptions>() ?? new CoachOptions();
        var connectionString = ConnectionString(builder, settings.Storage.Provider);
        builder.Services.AddCoachStorage(settings.Storage.Provider, connectionString, settings.Storage.Optimisations.ToStorage());

        // Taken by the host when it starts (MapCoachingAsync), not by tools that only read or import.
        builder.Services.AddSingleton(_ => new SingleWriter(settings.Storage.Provider, connectionString));
    }

    /// <summary>"Coach:Retention", checked at start: the host and the datasheet verb read the same values.</summary>
    public static void AddRetentionOptions(IServiceCollection services)
    {
        services.AddOptions<TeamsKiCoach.Coaching.Privacy.RetentionOptions>()
            .BindConfiguration(TeamsKiCoach.Coaching.Privacy.RetentionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<TeamsKiCoach.Coaching.Privacy.RetentionOptions>>().Value);
    }

    // Stages 1 to 8, the registry of automated steps and the nudges that fit a team's stage.
    private static void AddStagesAndRegistry(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StageOptions>().BindConfiguration(StageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StageOptions>>().Value);
        services.AddOptions<NudgeOptions>().BindConfiguration(NudgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<NudgeOptions>>().Value);

        // Pilots and the weekly pulse supply these facts (pulse results only as shown aggregates).
        services.AddSingleton<ITeamProgressFacts, StoredTeamProgress>();

        // The bot describes its own steps from what it really runs with: the AI provider and whether embeddings group the backlog.
        var ai = TeamsKiCoach.Ai.AiOptions.Read(builder.Configuration);
        services.AddSingleton(new BotSettings
        {
            AiProvider = TeamsKiCoach.Ai.AssessmentServices.ProviderName(ai.Provider),
            AiGroupsPatterns = ai.Provider != TeamsKiCoach.Ai.AiProvider.None
                && !string.IsNullOrWhiteSpace(builder.Configuration[$"{TeamsKiCoach.Ai.AiOptions.Section}:EmbeddingModel"]),
            PulsesRun = true,
            RetentionMonths = builder.Configuration.GetValue("Coach:Retention:PulseAnswerMonths", 12),
        });
        services.AddSingleton<StageService>();
        services.AddSingleton<AutomationRegistry>();
        services.AddSingleton<NudgePlanner>();
        AddFeature<StageTurns>(services);
        AddFeature<RegistryTurns>(services);
        AddFeature<NudgeTurns>(services);
    }

    // The delivery engine: outbox, throttle and the scheduler that plans prompts and sends them.
    private static void AddDelivery(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DeliveryOptions>()
            .BindConfiguration(DeliveryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<DeliveryOptions>>().Value);
        services.AddSingleton<DeliveryThrottle>();
        services.AddOutboxRenderers();
        services.AddSingleton<IOutboxSender>(sp => new TeamsOutboxSender(
            sp.GetRequiredService<CoachAdapter>(),
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<ConversationDirectory>(),
            sp.GetRequiredService<OutboxRenderers>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TeamsOutboxSender>>()));
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<DeliveryWorker>();
        services.AddSingleton<IDeliveryTrigger>(sp => sp.GetRequiredService<DeliveryWorker>());
        if (builder.Configuration.GetValue($"{DeliveryOptions.Section}:Enabled", defaultValue: true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
        }
    }

    public static async Task<WebApplication> MapCoachingAsync(this WebApplication app)
    {
        app.Services.GetRequiredService<SingleWriter>().Take();
        await app.Services.GetRequiredService<CoachDbFactory>().InitializeAsync(app.Lifetime.ApplicationStopping);

        // A message kind without its renderer stops the host here, not at that kind's first send.
        app.Services.GetRequiredService<OutboxRenderers>();

        // Likewise a command or card verb with two handlers.
        app.Services.GetRequiredService<TurnRoutes>();
        await PatternDataStep.RunAsync(
            app.Services.GetRequiredService<CoachDbFactory>(),
            app.Services.GetRequiredService<IPatternGrouper>(),
            app.Services.GetService<TimeProvider>() ?? TimeProvider.System,
            app.Lifetime.ApplicationStopping);
        app.MapPost(MessagesEndpoint.Path, MessagesEndpoint.HandleAsync);
        app.MapHealthChecks("/health");
        app.MapGet(ExportEndpoint.Path, ExportEndpoint.HandleAsync);
        app.MapGet(TeamsKiCoach.Bot.Privacy.PersonalExportEndpoint.Path, TeamsKiCoach.Bot.Privacy.PersonalExportEndpoint.HandleAsync);
        return app;
    }

    // The first of "Urls" that a browser can open: "http://127.0.0.1:3978;http://localhost:3979" gives the first.
    private static Uri? ListeningUrl(IConfiguration configuration) =>
        (configuration["Urls"] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(u => u is not null && u.Host is not ("*" or "+" or "0.0.0.0" or "[::]"));

    // A relative SQLite path is taken from the app's folder, not from wherever the process was started.
    private static string ConnectionString(WebApplicationBuilder builder, StorageProvider provider)
    {
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException($"TeamsKiCoach does not start: ConnectionStrings:{ConnectionStringName} is not set.");
        }

        if (provider != StorageProvider.Sqlite)
        {
            return configured;
        }

        var sqlite = new SqliteConnectionStringBuilder(configured);
        if (sqlite.DataSource != ":memory:" && !Path.IsPathRooted(sqlite.DataSource))
        {
            sqlite.DataSource = Path.Combine(builder.Environment.ContentRootPath, sqlite.DataSource);
        }

        return sqlite.ToString();
    }

    // On SQLite the host takes the file's writer lock before it touches the database and keeps it until the
    // host is disposed (or the process ends).
    private sealed class SingleWriter(StorageProvider provider, string connectionString) : IDisposable
    {
        private SqliteWriterLock? held;

        public void Take()
        {
            if (provider == StorageProvider.Sqlite && held is null)
            {
                held = SqliteWriterLock.Acquire(connectionString);
            }
        }

        public void Dispose() => held?.Dispose();
    }

    private sealed class StorageHealthCheck(CoachDbFactory dbFactory) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var db = await dbFactory.ForTenantAsync("health", cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }
}
