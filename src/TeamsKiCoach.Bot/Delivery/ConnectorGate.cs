using System.Net.Http.Headers;
using TeamsKiCoach.Coaching.Delivery;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>
/// The delivery engine's last step in the Bot Connector's HTTP pipeline. During a proactive send a request to a
/// conversation leaves only if its tenant is not held and its rate and the chat's windows have room, checked in
/// one step with the start (no 429 can slip in between), and a 429 or server error holds the tenant the moment it
/// comes back. Other requests (replies within a turn, token requests) pass unchanged.
/// </summary>
public sealed class ConnectorGate(TimeProvider clock) : DelegatingHandler
{
    private static readonly HashSet<int> HoldStatuses = [429, 412, 502, 503, 504];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestGate.Current is not { } gate || ConversationKey(request.RequestUri) is not { } key)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        Task<HttpResponseMessage>? sending = null;
        if (!await gate.StartAsync(key, () => sending = base.SendAsync(request, cancellationToken), cancellationToken))
        {
            throw new TenantHeldException(gate.TenantId);
        }

        var response = await sending!;
        if (HoldStatuses.Contains((int)response.StatusCode))
        {
            gate.Hold(RetryAfter(response.Headers.RetryAfter));
        }

        return response;
    }

    // /v3/conversations/{id}/... counts for that chat; opening a chat (POST /v3/conversations) only for the tenant.
    private static string? ConversationKey(Uri? uri)
    {
        var parts = uri?.AbsolutePath.Trim('/').Split('/') ?? [];
        return parts switch
        {
            ["v3", "conversations"] => "create:" + Guid.NewGuid().ToString("N"),
            ["v3", "conversations", var id, ..] => Uri.UnescapeDataString(id),
            _ => null,
        };
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } at ? at - clock.GetUtcNow() : null);
}

/// <summary>The tenant was held, or the chat full, when a request was about to leave; nothing was sent.</summary>
public sealed class TenantHeldException(string tenantId) : Exception($"Requests to tenant {tenantId} are held.");

/// <summary>
/// HTTP clients for the Bot Connector: one pooled connection handler for the process (instead of a new
/// connection per send, which the Bot Framework does without a factory), behind <see cref="ConnectorGate"/>.
/// </summary>
public sealed class ConnectorHttpClients(TimeProvider clock) : IHttpClientFactory, IDisposable
{
    private readonly SocketsHttpHandler pool = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };

    public HttpClient CreateClient(string name) => new(new ConnectorGate(clock) { InnerHandler = pool }, disposeHandler: false);

    public void Dispose() => pool.Dispose();
}
