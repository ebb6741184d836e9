using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Connector.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using Newtonsoft.Json.Serialization;

namespace TeamsKiCoach.Bot.Hosting;

/// <summary>
/// The Bot Framework authentication as configured, with two changes to the connector clients it hands out.
/// The adapter asks for a new <see cref="ConnectorClient"/> for every turn and every proactive send. Each new
/// client builds its user agent with sixteen regular expressions and brings new contract resolvers, so the first
/// reply it serializes compiles property accessors for the whole <see cref="Activity"/> type again. Measured with
/// the host benchmark, that was most of the CPU a message turn costs.
/// <list type="bullet">
/// <item>A client is kept and handed out again for the same bot identity, service URL and audience for
/// <see cref="KeptClients.Lifetime"/> (as the Bot Framework's older adapter kept its clients per service URL);
/// disposing it at the end of a turn leaves it usable for the next one.</item>
/// <item>All clients share one contract resolver of each kind; the resolvers hold nothing but that cache.</item>
/// </list>
/// The user token client (OAuth sign-in, which the bot does not use) is made only when something asks it.
/// Credentials, audiences and HTTP clients stay exactly as the inner authentication makes them.
/// </summary>
public sealed class SharedContractsAuthentication(BotFrameworkAuthentication inner, TimeProvider? time = null) : BotFrameworkAuthentication
{
    private readonly KeptClients kept = new(time ?? TimeProvider.System);

    // Proactive sends (the delivery engine, card updates) make their clients through this factory.
    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new SharingFactory(inner.CreateConnectorFactory(claimsIdentity), KeptClients.Caller(claimsIdentity, audience: null), kept);

    // The adapter replies within a turn through the factory that comes with the authenticated request.
    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken) =>
        Sharing(await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken));

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        Sharing(await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken));

    // The adapter makes a user token client for every turn; the bot signs nobody in, so it is made only if asked.
    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        Task.FromResult<UserTokenClient>(new OnFirstUse(() => inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken)));

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    private AuthenticateRequestResult Sharing(AuthenticateRequestResult result)
    {
        if (result.ConnectorFactory is { } factory and not SharingFactory)
        {
            result.ConnectorFactory = new SharingFactory(factory, KeptClients.Caller(result.ClaimsIdentity, result.Audience), kept);
        }

        return result;
    }

    /// <summary>Gives a client's settings the resolver of the same kind that the first client brought.</summary>
    internal static void Share(ConnectorClient client)
    {
        client.SerializationSettings.ContractResolver = Shared(Serializing, client.SerializationSettings.ContractResolver);
        client.DeserializationSettings.ContractResolver = Shared(Deserializing, client.DeserializationSettings.ContractResolver);
    }

    private static readonly ConcurrentDictionary<Type, IContractResolver> Serializing = new();
    private static readonly ConcurrentDictionary<Type, IContractResolver> Deserializing = new();

    private static IContractResolver? Shared(ConcurrentDictionary<Type, IContractResolver> kinds, IContractResolver? resolver) =>
        resolver is null ? null : kinds.GetOrAdd(resolver.GetType(), resolver);

    /// <summary>A user token client that the inner authentication makes at its first use.</summary>
    private sealed class OnFirstUse(Func<Task<UserTokenClient>> create) : UserTokenClient
    {
        private readonly Lazy<Task<UserTokenClient>> client = new(create);

        public override async Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            await (await client.Value).GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

        public override async Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
            await (await client.Value).GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

        public override async Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
            await (await client.Value).SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

        public override async Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
            await (await client.Value).GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

        public override async Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
            await (await client.Value).GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

        public override async Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
            await (await client.Value).ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing && client.IsValueCreated && client.Value.IsCompletedSuccessfully)
            {
                client.Value.Result.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class SharingFactory(ConnectorFactory inner, string caller, KeptClients kept) : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken) =>
            kept.GetAsync($"{caller}\n{serviceUrl}\n{audience}", () => inner.CreateAsync(serviceUrl, audience, cancellationToken));
    }
}

/// <summary>
/// Connector clients kept per bot identity, service URL and audience. Teams has a handful of service URLs, so a
/// host keeps a handful of clients; past <see cref="MaxKept"/> keys a client is made for each use as before.
/// </summary>
internal sealed class KeptClients(TimeProvider time)
{
    /// <summary>How long one client serves; then the next use makes a fresh one from the inner authentication.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public const int MaxKept = 64;

    private readonly ConcurrentDictionary<string, (ConnectorClient Client, DateTimeOffset Until)> clients = new();

    /// <summary>What decides the credentials the inner factory gives a client: the bot's app id claims and the audience.</summary>
    public static string Caller(ClaimsIdentity? identity, string? audience)
    {
        string Claim(string type) => identity?.FindFirst(type)?.Value ?? string.Empty;
        return string.Join('\n', Claim(AuthenticationConstants.AudienceClaim), Claim(AuthenticationConstants.AppIdClaim),
            Claim(AuthenticationConstants.AuthorizedParty), audience ?? string.Empty);
    }

    public async Task<IConnectorClient> GetAsync(string key, Func<Task<IConnectorClient>> make)
    {
        var now = time.GetUtcNow();
        if (clients.TryGetValue(key, out var entry) && entry.Until > now)
        {
            return entry.Client;
        }

        var made = await make();
        if (made is not ConnectorClient connector)
        {
            return made;
        }

        if (clients.Count >= MaxKept && !clients.ContainsKey(key))
        {
            foreach (var expired in clients.Where(c => c.Value.Until <= now).Select(c => c.Key).ToList())
            {
                clients.TryRemove(expired, out _);
            }

            if (clients.Count >= MaxKept)
            {
                SharedContractsAuthentication.Share(connector);
                return connector;
            }
        }

        // The kept client uses the made one's credentials and HTTP client; the made one is never used or disposed.
        // A replaced client is not disposed either: a turn that still holds it finishes with it.
        var keptClient = new KeptConnectorClient(connector.BaseUri, connector.Credentials, connector.HttpClient);

        // Every client made on an HTTP client adds its user agent entries to it, guarded only by its own lock. The
        // Teams client (TeamsInfo makes one for team and meeting details) adds them here, once, before turns share
        // the HTTP client; later ones find them there and only read.
        new TeamsConnectorClient(connector.BaseUri, connector.Credentials, connector.HttpClient, disposeHttpClient: false).Dispose();
        SharedContractsAuthentication.Share(keptClient);
        clients[key] = (keptClient, now + Lifetime);
        return keptClient;
    }

    /// <summary>A connector client that outlives the turns it serves: their dispose leaves it as it is.</summary>
    private sealed class KeptConnectorClient(Uri baseUri, ServiceClientCredentials credentials, HttpClient httpClient)
        : ConnectorClient(baseUri, credentials, httpClient, disposeHttpClient: false)
    {
        protected override void Dispose(bool disposing)
        {
        }
    }
}
