using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Host;

public sealed class HostTests
{
    private static readonly (string, string?)[] Credentials =
    [
        ("MicrosoftAppType", "MultiTenant"),
        ("MicrosoftAppId", "6f4c2a9e-1d3b-4c5e-9a7f-2b8d0e1f3a5c"),
        ("MicrosoftAppPassword", "not-a-real-secret"),
        ("Coach:AllowedTenants:0", CoachHost.Tenant),
    ];

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task WithAppCredentialsARequestWithoutAValidTokenGets401AndReachesNoHandler(string? authorization)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = new CoachHost("Production", CoachHost.Settings(database, Credentials));

        var response = await host.PostActivityAsync(CoachHost.Message(connector.ServiceUrl, "hilfe"), authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(connector.Calls);
        Assert.Null(await host.Directory.FindAsync(CoachHost.Tenant, $"a:{CoachHost.Tenant}-aad-anna", default));
    }

    [Fact]
    public async Task InProductionWithoutAppCredentialsTheHostRefusesToStartWithAClearMessage()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = new CoachHost("Production", CoachHost.Settings(database, ("Coach:AllowedTenants:0", CoachHost.Tenant)));

        var error = Assert.Throws<InvalidOperationException>(() => host.CreateClient());

        Assert.Contains("does not start in the Production environment", error.Message);
        Assert.Contains("MicrosoftAppId is not set", error.Message);
    }

    [Fact]
    public async Task OutsideDevelopmentWithoutAllowedTenantsTheHostRefusesToStart()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = new CoachHost("Staging", CoachHost.Settings(database, Credentials[..3]));

        var error = Assert.Throws<InvalidOperationException>(() => host.CreateClient());

        Assert.Contains("Coach:AllowedTenants is empty", error.Message);
    }

    [Fact]
    public async Task ManagedIdentityNeedsTheTenantButNoPassword()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = new CoachHost("Production", CoachHost.Settings(database,
            ("MicrosoftAppType", "UserAssignedMSI"), ("MicrosoftAppId", "6f4c2a9e-1d3b-4c5e-9a7f-2b8d0e1f3a5c"), ("Coach:AllowedTenants:0", "*")));

        var error = Assert.Throws<InvalidOperationException>(() => host.CreateClient());

        Assert.Contains("MicrosoftAppTenantId is required with MicrosoftAppType UserAssignedMSI", error.Message);
        Assert.DoesNotContain("MicrosoftAppPassword", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task WithAppCredentialsARequestWithoutABearerTokenGets401BeforeItsBodyIsRead(string? authorization)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = new CoachHost("Production", CoachHost.Settings(database, Credentials));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await host.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AFaultOutsideAuthenticationIsNotPassedOffAsARejectedToken()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = CoachHost.Development(database, services => services.AddSingleton<IBotFrameworkHttpAdapter, FaultyAdapter>());

        var response = await host.PostActivityAsync(CoachHost.Message(new Uri("https://smba.trafficmanager.net/emea/"), "hilfe"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    private sealed class FaultyAdapter : IBotFrameworkHttpAdapter
    {
        public Task ProcessAsync(HttpRequest httpRequest, HttpResponse httpResponse, IBot bot, CancellationToken cancellationToken = default) =>
            throw new ArgumentException("IDX10000: a fault that has nothing to do with the token");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{}")]
    [InlineData("")]
    public async Task ABodyThatIsNoJsonObjectGets400(string body)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = CoachHost.Development(database);

        var response = await host.CreateClient().PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await host.StoredConversationsAsync());
    }

    [Theory]
    [InlineData("type", null)]
    [InlineData("type", "\"\"")]
    [InlineData("type", "\"  \"")]
    [InlineData("type", "5")]
    [InlineData("serviceUrl", null)]
    [InlineData("serviceUrl", "\"\"")]
    [InlineData("serviceUrl", "\"not a url\"")]
    [InlineData("serviceUrl", "\"/x\"")]
    [InlineData("serviceUrl", "\"ftp://smba.trafficmanager.net/emea/\"")]
    [InlineData("serviceUrl", "{\"url\":\"https://smba.trafficmanager.net/emea/\"}")]
    public async Task AnActivityWithoutAUsableTypeOrServiceUrlGets400AndReachesNoHandler(string field, string? json)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database);
        var message = CoachHost.Message(connector.ServiceUrl, "hilfe");
        message.Remove(field);
        if (json is not null)
        {
            message[field] = JsonNode.Parse(json);
        }

        var response = await host.PostActivityAsync(message);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(connector.Calls);
        Assert.Equal(0, await host.StoredConversationsAsync());
    }

    [Fact]
    public async Task AnOversizedBodyGets413()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database);

        var response = await host.PostActivityAsync(CoachHost.Message(connector.ServiceUrl, new string('x', 300_000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(connector.Calls);
    }

    // A sender may stream its body without a Content-Length: it is read up to the limit, and reading stops there.
    [Theory]
    [InlineData(10, StatusCodes.Status200OK, true)]
    [InlineData(300_000, StatusCodes.Status413PayloadTooLarge, false)]
    public async Task ABodyWithoutAnnouncedLengthIsReadUpToTheLimit(int textLength, int status, bool handedOn)
    {
        var json = CoachHost.Message(new Uri("https://smba.trafficmanager.net/emea/"), new string('x', textLength)).ToJsonString();
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        var sent = new MemoryStream(Encoding.UTF8.GetBytes(json));
        context.Request.Body = sent;
        var adapter = new RecordingAdapter();

        await MessagesEndpoint.HandleAsync(context, adapter, new ActivityHandler(), new ConfigurationBuilder().Build(), NullLogger<CoachAdapter>.Instance);

        Assert.Null(context.Request.ContentLength);
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(handedOn ? json : null, adapter.Body);
        Assert.Equal(handedOn, sent.Position == sent.Length);
    }

    private sealed class RecordingAdapter : IBotFrameworkHttpAdapter
    {
        public string? Body { get; private set; }

        public async Task ProcessAsync(HttpRequest httpRequest, HttpResponse httpResponse, IBot bot, CancellationToken cancellationToken = default) =>
            Body = await new StreamReader(httpRequest.Body).ReadToEndAsync(cancellationToken);
    }

    // A tenant id in channelData that is no text cannot be checked against the conversation's: the message is
    // dropped, as one whose two tenants differ.
    [Fact]
    public async Task AMessageWhoseChannelDataTenantIsNoTextIsDropped()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database);
        var message = CoachHost.Message(connector.ServiceUrl, "hilfe");
        message["channelData"]!["tenant"]!["id"] = 5;

        var response = await host.PostActivityAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(connector.Calls);
        Assert.Equal(0, await host.StoredConversationsAsync());
    }

    // Teams names the tenant in the conversation and in channelData; where only channelData names it, that counts,
    // in the letter case of the property names the Bot Framework itself accepts.
    [Theory]
    [InlineData("tenant", "id")]
    [InlineData("Tenant", "Id")]
    public async Task AMessageWhoseTenantOnlyChannelDataNamesIsAnsweredAndKeptUnderThatTenant(string part, string field)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database, ("Coach:AllowedTenants:0", CoachHost.Tenant));
        var message = CoachHost.Message(connector.ServiceUrl, "hilfe");
        message["conversation"]!.AsObject().Remove("tenantId");
        message["channelData"] = new JsonObject { [part] = new JsonObject { [field] = CoachHost.Tenant.ToUpperInvariant() } };

        var response = await host.PostActivityAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(connector.SentActivities);
        Assert.Equal(1, await host.StoredConversationsAsync(CoachHost.Tenant));
    }

    [Fact]
    public async Task HelpIsAnsweredWithTheHelpCardOverRealHttp()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database);

        var response = await host.PostActivityAsync(CoachHost.Message(connector.ServiceUrl, "Hilfe"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(connector.SentActivities);
        Assert.Equal("application/vnd.microsoft.card.adaptive", reply["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Contains("Diese Befehle verstehe ich", reply.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Theory]
    [InlineData("tenant-fabrikam", "msteams")]
    [InlineData(CoachHost.Tenant, "webchat")]
    public async Task ADroppedMessageIsAcknowledgedWith200AndNothingIsStoredOrSent(string tenant, string channel)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database, ("Coach:AllowedTenants:0", CoachHost.Tenant));
        var message = CoachHost.Message(connector.ServiceUrl, "hilfe", tenant: tenant);
        message["channelId"] = channel;

        var response = await host.PostActivityAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(connector.Calls);
        Assert.Equal(0, await host.StoredConversationsAsync(tenant));
    }

    [Theory]
    [InlineData("tenant-fabrikam", "msteams")]
    [InlineData(CoachHost.Tenant, "webchat")]
    public async Task ADroppedCardActionIsRefusedWith403AndNothingIsStoredOrSent(string tenant, string channel)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database, ("Coach:AllowedTenants:0", CoachHost.Tenant));
        var invoke = CoachHost.CardAction(connector.ServiceUrl, "help.show", tenant);
        invoke["channelId"] = channel;

        var response = await host.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(connector.Calls);
        Assert.Equal(0, await host.StoredConversationsAsync(tenant));
    }

    private static readonly Dictionary<string, Action<JsonObject>> OddMessages = new()
    {
        { "an entity that is null", m => m["entities"]!.AsArray().Insert(0, null) },
        { "only a null entity", m => m["entities"] = new JsonArray((JsonNode?)null) },
        { "channelData that is an array", m => m["channelData"] = new JsonArray(1, 2) },
        { "channelData that is a number", m => m["channelData"] = 42 },
        { "channelData whose tenant is a string", m => m["channelData"] = new JsonObject { ["tenant"] = "tenant-contoso" } },
        { "a mention whose mentioned is a string", m => m["entities"]!.AsArray().Add(new JsonObject { ["type"] = "mention", ["mentioned"] = "x", ["text"] = "<at>x</at>" }) },
        { "a mention of the bot without text", m => m["entities"]!.AsArray().Add(new JsonObject { ["type"] = "mention", ["mentioned"] = new JsonObject { ["id"] = "28:coach-bot" } }) },
        { "an entity without a type", m => m["entities"]!.AsArray().Add(new JsonObject { ["text"] = "x" }) },
        { "a clientInfo whose timezone is a number", m => m["entities"]![0]!["timezone"] = 5 },
    };

    public static TheoryData<string> OddMessageKinds => new(OddMessages.Keys);

    [Theory]
    [MemberData(nameof(OddMessageKinds))]
    public async Task AnOddButLegalMessageStillGetsItsNormalAnswer(string oddity)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database);
        var message = CoachHost.Message(connector.ServiceUrl, "hilfe");
        OddMessages[oddity](message);

        var response = await host.PostActivityAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(connector.SentActivities);
        Assert.True(reply["attachments"]?[0]?["content"]?["body"]?[0]?["text"]?.GetValue<string>() == "Diese Befehle verstehe ich", $"{oddity}: {reply}");
        Assert.Empty(host.Logs.Errors);
    }

    private static readonly Dictionary<string, Action<JsonObject>> OddUpdates = new()
    {
        { "membersAdded with only null", u => u["membersAdded"] = new JsonArray((JsonNode?)null) },
        { "membersAdded empty", u => u["membersAdded"] = new JsonArray() },
        { "membersRemoved with only null", u => { u.Remove("membersAdded"); u["membersRemoved"] = new JsonArray((JsonNode?)null); } },
        { "membersAdded in a team with channelData that is an array", u => { u["membersAdded"] = new JsonArray((JsonNode?)null); u["channelData"] = new JsonArray(); } },
        { "a conversationUpdate without conversation", u => u.Remove("conversation") },
        { "an installationUpdate without conversation", u => { u["type"] = "installationUpdate"; u["action"] = "add"; u.Remove("membersAdded"); u.Remove("conversation"); } },
        { "an installationUpdate remove without conversation", u => { u["type"] = "installationUpdate"; u["action"] = "remove"; u.Remove("membersAdded"); u.Remove("conversation"); } },
        { "a conversationUpdate without conversation that removes the bot", u => { u.Remove("conversation"); u.Remove("membersAdded"); u["membersRemoved"] = new JsonArray(new JsonObject { ["id"] = "28:coach-bot" }); } },
    };

    public static TheoryData<string> OddUpdateKinds => new(OddUpdates.Keys);

    [Theory]
    [MemberData(nameof(OddUpdateKinds))]
    public async Task AnOddButLegalUpdateIsTakenInStride(string oddity)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database);
        var update = CoachHost.BotAdded(connector.ServiceUrl);
        OddUpdates[oddity](update);

        var response = await host.PostActivityAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(host.Logs.Errors.Count == 0, $"{oddity}: {string.Join("\n", host.Logs.Errors)}");
        Assert.Empty(connector.SentActivities);
    }

    [Fact]
    public async Task ANullAmongTheAddedMembersDoesNotKeepTheBotFromWelcoming()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database);
        var update = CoachHost.BotAdded(connector.ServiceUrl);
        update["membersAdded"]!.AsArray().Insert(0, null);
        update["channelData"] = new JsonArray();

        var response = await host.PostActivityAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var welcome = Assert.Single(connector.SentActivities);
        Assert.Equal("Hallo! Ich bin dein KI-Coach für kleine Schritte.", welcome["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Empty(host.Logs.Errors);
    }

    [Fact]
    public async Task AWelcomeThatCouldNotBeDeliveredIsSentWithTheNextInstallActivity()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database);
        connector.FailNextActivityPosts(1, HttpStatusCode.InternalServerError);

        var first = await host.PostActivityAsync(CoachHost.Install(connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Empty(connector.SentActivities);
        Assert.Null((await host.Directory.FindAsync(CoachHost.Tenant, $"a:{CoachHost.Tenant}-aad-anna", default))!.WelcomedAt);

        var second = await host.PostActivityAsync(CoachHost.BotAdded(connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var welcome = Assert.Single(connector.SentActivities);
        Assert.Equal("application/vnd.microsoft.card.adaptive", welcome["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Equal(2, connector.Calls.Count(c => c.Method == "POST"));
    }

    [Fact]
    public async Task AConversationReferenceSurvivesARestartOnTheSameSqliteFile()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using (var first = CoachHost.Development(database))
        {
            var response = await first.PostActivityAsync(CoachHost.Message(connector.ServiceUrl, "hallo", user: "aad-bernd", locale: "en-US"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var second = CoachHost.Development(database);
        _ = second.CreateClient();
        var stored = await second.Directory.FindAsync(CoachHost.Tenant, $"a:{CoachHost.Tenant}-aad-bernd", default);

        Assert.NotNull(stored);
        Assert.Equal(connector.ServiceUrl.AbsoluteUri, stored.ServiceUrl);
        Assert.Equal("aad-bernd", stored.UserAadObjectId);
        Assert.Equal("en-US", stored.Locale);
        Assert.Equal("Europe/Berlin", stored.TimeZone);
    }

    [Fact]
    public async Task InstallInATeamReadsTheRosterFromTeamsPageByPageAndWelcomesTheChannel()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        connector.Members.AddRange([("29:anna", "aad-anna", "Anna"), ("29:bernd", "aad-bernd", "Bernd"), ("29:carla", "aad-carla", "Carla")]);
        await using var host = CoachHost.Development(database);
        var install = CoachHost.Message(connector.ServiceUrl, "", user: "aad-anna");
        install["type"] = "conversationUpdate";
        install.Remove("text");
        install["conversation"] = new JsonObject { ["id"] = "19:team-general@thread.tacv2", ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = CoachHost.Tenant };
        install["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:coach-bot" });
        install["channelData"] = JsonNode.Parse($$$"""{"eventType":"teamMemberAdded","team":{"id":"19:team-general@thread.tacv2","name":"Vertrieb"},"tenant":{"id":"{{{CoachHost.Tenant}}}"}}""");

        var response = await host.PostActivityAsync(install);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(connector.Calls, c => c.Method == "GET" && c.Path.EndsWith("/pagedmembers", StringComparison.Ordinal));
        var roster = await host.Directory.RosterAsync(CoachHost.Tenant, "19:team-general@thread.tacv2", default);
        Assert.Equal(["aad-anna", "aad-bernd", "aad-carla"], roster.Select(m => m.AadObjectId));
        var welcome = Assert.Single(connector.SentActivities);
        Assert.StartsWith("/v3/conversations/19:team-general@thread.tacv2/activities", Uri.UnescapeDataString(connector.Calls.Single(c => c.Method == "POST").Path), StringComparison.Ordinal);
        Assert.Equal("application/vnd.microsoft.card.adaptive", welcome["attachments"]![0]!["contentType"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("de-DE", "Entschuldige, bei mir ist gerade etwas schiefgelaufen")]
    [InlineData("en-US", "Sorry, something went wrong on my side")]
    public async Task AFailingTurnIsAnsweredWithAShortApologyAndNeverTheExceptionText(string locale, string apology)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database, services => services.AddTransient<IBot, FailingBot>());

        var response = await host.PostActivityAsync(CoachHost.Message(connector.ServiceUrl, "hilfe", locale: locale));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(connector.SentActivities);
        Assert.StartsWith(apology, reply["text"]!.GetValue<string>());
        Assert.DoesNotContain(FailingBot.Secret, reply.ToJsonString());
    }

    [Theory]
    [InlineData("de-DE", "Entschuldige, bei mir ist gerade etwas schiefgelaufen")]
    [InlineData("en-US", "Sorry, something went wrong on my side")]
    public async Task AFailingCardActionGetsTheApologyAsItsAnswerAndNothingInTheChat(string locale, string apology)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database, services => services.AddTransient<IBot, FailingBot>());

        var response = await host.PostActivityAsync(CoachHost.CardAction(connector.ServiceUrl, "help.show", locale: locale));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, answer["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.activity.message", answer["type"]!.GetValue<string>());
        Assert.StartsWith(apology, answer["value"]!.GetValue<string>());
        Assert.DoesNotContain(FailingBot.Secret, answer.ToJsonString());
        Assert.Empty(connector.Calls);
    }

    [Theory]
    [InlineData("installationUpdate")]
    [InlineData("conversationUpdate")]
    public async Task AFailingInstallOrConversationUpdateIsLoggedButNothingIsPostedIntoTheChat(string type)
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database, services => services.AddTransient<IBot, FailingBot>());
        var update = type == "installationUpdate" ? CoachHost.Install(connector.ServiceUrl) : CoachHost.BotAdded(connector.ServiceUrl);

        var response = await host.PostActivityAsync(update);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(connector.Calls);
        Assert.Contains(host.Logs.Errors, e => e.Contains($"Turn failed for {type}", StringComparison.Ordinal));
    }

    private sealed class FailingBot : IBot
    {
        public const string Secret = "connection string with password=hunter2";

        public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(Secret);
    }

    [Fact]
    public async Task HealthAnswersWhenStorageIsReachable()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = CoachHost.Development(database);

        var response = await host.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task PostgresIsChosenByConfigurationAndStoresTheConversation()
    {
        await using var database = TestDatabase.CreatePostgres();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database);

        var response = await host.PostActivityAsync(CoachHost.Message(connector.ServiceUrl, "hilfe"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(connector.SentActivities);
        Assert.NotNull(await host.Directory.FindAsync(CoachHost.Tenant, $"a:{CoachHost.Tenant}-aad-anna", default));
    }
}
