using System.Security.Claims;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Rest.Serialization;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Hosting;

namespace TeamsKiCoach.Tests.Host;

/// <summary>
/// The host's authentication hands out connector clients that share their JSON contracts. What a person sees
/// must not change: every reply and every card goes out byte for byte as the Bot Framework's own client writes it.
/// </summary>
public sealed class SharedContractsAuthenticationTests
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";

    private static readonly ConfigurationBotFrameworkAuthentication Stock = new(new ConfigurationBuilder().Build());

    private static Activity Reply()
    {
        var card = new AdaptiveCard([new TextBlock("Was hat dich heute aufgehalten?")]);
        var reply = (Activity)MessageFactory.Attachment(CardReply.Attachment(card), "Tägliche Frage – „Reibung“ 😊");
        reply.From = new ChannelAccount("28:coach-bot", "TeamsKiCoach");
        reply.Recipient = new ChannelAccount("29:anna", "Anna Becker", aadObjectId: "aad-anna");
        reply.Conversation = new ConversationAccount(id: "a:anna", tenantId: "tenant-a");
        reply.Timestamp = new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.FromHours(1));
        reply.Entities = [new Entity("clientInfo") { Properties = JObject.Parse("""{"locale":"de-DE","timezone":"Europe/Berlin"}""") }];
        reply.ChannelData = JObject.Parse("""{"notification":{"alert":true}}""");
        return reply;
    }

    private static async Task<ConnectorClient> ClientAsync(BotFrameworkAuthentication authentication) =>
        (ConnectorClient)await authentication.CreateConnectorFactory(new ClaimsIdentity()).CreateAsync(ServiceUrl, "https://api.botframework.com", default);

    [Fact]
    public async Task RepliesAreWrittenExactlyAsTheBotFrameworksOwnClientWritesThem()
    {
        var shared = new SharedContractsAuthentication(Stock);
        using var stock = await ClientAsync(Stock);
        using var first = await ClientAsync(shared);
        using var second = await ClientAsync(shared);

        var expected = SafeJsonConvert.SerializeObject(Reply(), stock.SerializationSettings);

        Assert.Equal(expected, SafeJsonConvert.SerializeObject(Reply(), first.SerializationSettings));
        Assert.Equal(expected, SafeJsonConvert.SerializeObject(Reply(), second.SerializationSettings));
        Assert.Contains("Tägliche Frage", expected);
        Assert.Contains("application/vnd.microsoft.card.adaptive", expected);

        // The card travels as a JSON object inside the activity, not as a quoted string, and umlauts stay readable.
        Assert.Contains("""
            "content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json"
            """, expected);

        // What the connector answers is read the same way too.
        const string answer = """{"id":"1:abc"}""";
        Assert.Equal("1:abc", SafeJsonConvert.DeserializeObject<ResourceResponse>(answer, second.DeserializationSettings).Id);
    }

    [Fact]
    public async Task ClientsForTurnsAndForProactiveSendsShareOneContractCache()
    {
        var shared = new SharedContractsAuthentication(Stock);
        using var proactive = await ClientAsync(shared);

        // The adapter replies within a turn through the factory that comes with the authenticated request.
        var request = new Activity { Type = ActivityTypes.Message, ServiceUrl = ServiceUrl, ChannelId = "msteams" };
        var authenticated = await shared.AuthenticateRequestAsync(request, authHeader: string.Empty, default);
        using var turn = (ConnectorClient)await authenticated.ConnectorFactory.CreateAsync(ServiceUrl, authenticated.Audience, default);
        using var stockOne = await ClientAsync(Stock);
        using var stockTwo = await ClientAsync(Stock);

        Assert.Same(proactive.SerializationSettings.ContractResolver, turn.SerializationSettings.ContractResolver);
        Assert.Same(proactive.DeserializationSettings.ContractResolver, turn.DeserializationSettings.ContractResolver);

        // The Bot Framework's own clients each bring a resolver of their own: that is what the host avoids.
        Assert.NotSame(stockOne.SerializationSettings.ContractResolver, stockTwo.SerializationSettings.ContractResolver);

        // Settings objects stay each client's own; only the contract cache is shared.
        Assert.NotSame(proactive.SerializationSettings, turn.SerializationSettings);
    }

    [Fact]
    public async Task TheUserTokenClientIsMadeOnlyWhenSomethingAsksIt()
    {
        var counting = new CountingAuthentication(Stock);
        var shared = new SharedContractsAuthentication(counting);

        using (var client = await shared.CreateUserTokenClientAsync(new ClaimsIdentity(), default))
        {
            Assert.NotNull(client);
        }

        Assert.Equal(0, counting.UserTokenClients);

        using var used = await shared.CreateUserTokenClientAsync(new ClaimsIdentity(), default);
        await Assert.ThrowsAnyAsync<Exception>(() => used.GetTokenStatusAsync("29:anna", "msteams", string.Empty, default));
        Assert.Equal(1, counting.UserTokenClients);
    }

    [Fact]
    public async Task TurnsGetTheSameClientForAServiceUrlAndATurnsDisposeLeavesItWorking()
    {
        var connector = new RecordingConnector();
        var shared = new SharedContractsAuthentication(WithConnector(connector));
        var first = await TurnClientAsync(shared, ServiceUrl);
        var second = await TurnClientAsync(shared, ServiceUrl);

        Assert.Same(first, second);

        // Proactive sends (the delivery engine) keep theirs the same way.
        Assert.Same(await ClientAsync(shared), await ClientAsync(shared));

        // The adapter disposes the client at the end of each turn; the next turn still replies through it.
        first.Dispose();
        var reply = Reply();
        reply.ReplyToId = "1:question";
        await second.Conversations.ReplyToActivityAsync(reply);
        var request = Assert.Single(connector.Requests);
        Assert.Equal(ServiceUrl + "v3/conversations/a%3Aanna/activities/1%3Aquestion", request);
    }

    [Fact]
    public async Task AnotherServiceUrlAnotherBotOrAnExpiredClientGetsAClientOfItsOwn()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var shared = new SharedContractsAuthentication(WithConnector(new RecordingConnector()), time);
        var emea = await TurnClientAsync(shared, ServiceUrl);

        Assert.NotSame(emea, await TurnClientAsync(shared, "https://smba.trafficmanager.net/amer/"));

        // A different bot identity never gets this bot's client (and with it its credentials).
        var otherBot = new ClaimsIdentity([new Claim(AuthenticationConstants.AudienceClaim, "other-bot-app-id")]);
        var theirs = await shared.CreateConnectorFactory(otherBot).CreateAsync(ServiceUrl, "https://api.botframework.com", default);
        Assert.NotSame(emea, theirs);
        Assert.NotSame(await ClientAsync(shared), theirs);

        time.Advance(KeptClients.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Same(emea, await TurnClientAsync(shared, ServiceUrl));
        time.Advance(TimeSpan.FromSeconds(1));
        var renewed = await TurnClientAsync(shared, ServiceUrl);
        Assert.NotSame(emea, renewed);
        Assert.Same(renewed.SerializationSettings.ContractResolver, ((ConnectorClient)theirs).SerializationSettings.ContractResolver);
    }

    [Fact]
    public async Task PastTheLimitOfKeptClientsEachUseGetsAFreshOne()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var shared = new SharedContractsAuthentication(WithConnector(new RecordingConnector()), time);
        for (var i = 0; i < KeptClients.MaxKept; i++)
        {
            await TurnClientAsync(shared, $"https://service-{i}.example/");
        }

        var kept = await TurnClientAsync(shared, "https://service-0.example/");
        Assert.Same(kept, await TurnClientAsync(shared, "https://service-0.example/"));
        var one = await TurnClientAsync(shared, "https://one-too-many.example/");
        var two = await TurnClientAsync(shared, "https://one-too-many.example/");
        Assert.NotSame(one, two);
        Assert.Same(one.SerializationSettings.ContractResolver, two.SerializationSettings.ContractResolver);

        // Once the kept ones have expired they make room again.
        time.Advance(KeptClients.Lifetime);
        Assert.Same(await TurnClientAsync(shared, "https://one-too-many.example/"), await TurnClientAsync(shared, "https://one-too-many.example/"));
    }

    private static async Task<ConnectorClient> TurnClientAsync(BotFrameworkAuthentication authentication, string serviceUrl)
    {
        var request = new Activity { Type = ActivityTypes.Message, ServiceUrl = serviceUrl, ChannelId = "msteams" };
        var authenticated = await authentication.AuthenticateRequestAsync(request, authHeader: string.Empty, default);
        return (ConnectorClient)await authenticated.ConnectorFactory.CreateAsync(serviceUrl, authenticated.Audience, default);
    }

    private static ConfigurationBotFrameworkAuthentication WithConnector(RecordingConnector connector) =>
        new(new ConfigurationBuilder().Build(), httpClientFactory: connector);

    /// <summary>A Bot Connector that answers every request with a new activity id and records where it went.</summary>
    private sealed class RecordingConnector : HttpMessageHandler, IHttpClientFactory
    {
        public List<string> Requests { get; } = [];

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request.RequestUri!.AbsoluteUri);
            }

            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("""{"id":"1:reply"}""") });
        }
    }

    /// <summary>The Bot Framework's authentication, counting the user token clients it is asked for.</summary>
    private sealed class CountingAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
    {
        public int UserTokenClients { get; private set; }

        public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken)
        {
            UserTokenClients++;
            return Task.FromResult<UserTokenClient>(new Refusing());
        }

        public override Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken) =>
            inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);

        public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
            inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);

        public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) => inner.CreateConnectorFactory(claimsIdentity);

        public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

        public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

        public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
            inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);
    }

    /// <summary>A user token client that refuses every call, as one without a token service would.</summary>
    private sealed class Refusing : UserTokenClient
    {
        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) => throw new InvalidOperationException();

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) => throw new InvalidOperationException();

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) => throw new InvalidOperationException();

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) => throw new InvalidOperationException();

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) => throw new InvalidOperationException();

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) => throw new InvalidOperationException();
    }
}
