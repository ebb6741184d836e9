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
