using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Serialization;

namespace TeamsKiCoach.Bot.Hosting;

/// <summary>
/// The Bot Framework authentication as configured, with one change: the connector clients it makes share their
/// JSON contracts. The adapter makes a new <see cref="ConnectorClient"/> for every turn and every proactive send,
/// and each new client brings new contract resolvers, so the first reply it serializes compiles property accessors
/// for the whole <see cref="Activity"/> type again. Measured with the host benchmark, that was most of the CPU a
/// message turn costs. The resolvers hold nothing but that cache, so one of each kind serves every client.
/// The user token client (OAuth sign-in, which the bot does not use) is made only when something asks it.
/// Credentials, audiences and HTTP clients stay exactly as the inner authentication makes them.
/// </summary>
public sealed class SharedContractsAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    // Proactive sends (the delivery engine, card updates) make their clients through this factory.
    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new SharingFactory(inner.CreateConnectorFactory(claimsIdentity));

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

    private static AuthenticateRequestResult Sharing(AuthenticateRequestResult result)
    {
        if (result.ConnectorFactory is { } factory and not SharingFactory)
        {
            result.ConnectorFactory = new SharingFactory(factory);
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

    private sealed class SharingFactory(ConnectorFactory inner) : ConnectorFactory
    {
        public override async Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken)
        {
            var client = await inner.CreateAsync(serviceUrl, audience, cancellationToken);
            if (client is ConnectorClient connector)
            {
                Share(connector);
            }

            return client;
        }
    }
}
