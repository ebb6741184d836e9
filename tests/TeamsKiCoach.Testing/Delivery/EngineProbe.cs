using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Delivery;

/// <summary>
/// One request of the engine to the connector as the engine's own HTTP client saw it, with the tenants the
/// engine's throttle held at the moment it left, and the throttle's clock when it let the request leave
/// (<see cref="GateAt"/>) with how long before the client saw the request that was (<see cref="GateLag"/>).
/// </summary>
public sealed record ClientRequest(Guid Id, string Method, string Path, TimeSpan SentAt, TimeSpan? AnsweredAt, int? Status, TimeSpan? RetryAfter, IReadOnlySet<string> HeldTenants, DateTimeOffset GateAt, TimeSpan GateLag);

/// <summary>A request of the engine that left while the engine itself held its tenant.</summary>
public sealed record SentDuringHold(SimulatedCall Call, ClientRequest Request);

/// <summary>
/// Watches the engine's requests from the client side through .NET's HttpClient diagnostics, without changing
/// the engine or its HTTP pipeline: when each request to the simulated connector left, when its answer came
/// back, and which tenants the engine's throttle held just then. With it a request that arrived at the
/// connector during a hold can be told apart: one that was on its way before the engine held the tenant (it
/// cannot be called back), or one the engine sent although it held the tenant (a defect).
/// </summary>
public sealed class EngineProbe : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly ConnectorSimulator connector;
    private readonly DeliveryThrottle? throttle;
    private readonly string[] tenants;
    private readonly ConcurrentDictionary<Guid, ClientRequest> requests = new();
    private readonly ConcurrentQueue<IDisposable> subscriptions = new();
    private readonly IDisposable all;

    public EngineProbe(ConnectorSimulator connector, TestDeliveryEngine? engine = null, IEnumerable<string>? tenants = null)
    {
        this.connector = connector;
        throttle = engine?.Throttle;
        this.tenants = tenants?.ToArray() ?? [];
        all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public IReadOnlyList<ClientRequest> Requests => requests.Values.OrderBy(r => r.SentAt).ToList();

    /// <summary>Requests that left while the engine's throttle held their tenant.</summary>
    public IReadOnlyList<SentDuringHold> SentDuringHolds() =>
        Match(connector.Calls, Requests)
            .Where(m => m.Request.HeldTenants.Contains(m.Call.TenantId))
            .Select(m => new SentDuringHold(m.Call, m.Request))
            .ToList();

    /// <summary>
    /// Requests that arrived at the connector during a hold of their tenant but had left the engine while the
    /// engine did not hold that tenant yet: they were on their way when the 429 was written, or the 429 was
    /// still on its way back.
    /// </summary>
    public IReadOnlyList<(SimulatedCall Call, ClientRequest Request)> ArrivedDuringHoldsButSentBefore() =>
        Match(connector.Calls, Requests)
            .Where(m => m.Call.Early && !m.Request.HeldTenants.Contains(m.Call.TenantId))
            .ToList();

    /// <summary>
    /// For requests that arrived during a hold but left before the engine held the tenant: how long after the
    /// 429 of that hold had reached the engine's HTTP client they left (none when they left before it came back).
    /// This is the engine's reaction time, from the answer arriving to the tenant being held.
    /// </summary>
    public IReadOnlyList<TimeSpan> LeftAfterThe429CameBack()
    {
        var matched = Match(connector.Calls, Requests);
        var requestOf = matched.ToDictionary(m => m.Call.Sequence, m => m.Request);
        var holds = connector.Holds;
        var gaps = new List<TimeSpan>();
        foreach (var (call, request) in matched.Where(m => m.Call.Early && !m.Request.HeldTenants.Contains(m.Call.TenantId)))
        {
            var answered = holds
                .Where(h => h.TenantId == call.TenantId && h.WrittenAt <= call.ArrivedAt && call.ArrivedAt < h.Until)
                .Select(h => requestOf.TryGetValue(h.Sequence, out var throttled) ? throttled.AnsweredAt : null)
                .Where(at => at is not null && at <= request.SentAt)
                .ToList();
            if (answered.Count > 0)
            {
                gaps.Add(request.SentAt - answered.Min()!.Value);
            }
        }

        return gaps;
    }

    // Activity posts carry the turn's own id in the path; creations share one path and are paired by time.
    private static List<(SimulatedCall Call, ClientRequest Request)> Match(IReadOnlyList<SimulatedCall> calls, IReadOnlyList<ClientRequest> client)
    {
        var byPath = client.GroupBy(r => r.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new Queue<ClientRequest>(g), StringComparer.Ordinal);
        var pairs = new List<(SimulatedCall, ClientRequest)>();
        foreach (var call in calls.OrderBy(c => c.ArrivedAt))
        {
            if (byPath.TryGetValue(call.Path, out var candidates) && candidates.Count > 0 && candidates.Peek().SentAt <= call.ArrivedAt + TimeSpan.FromMilliseconds(1))
            {
                pairs.Add((call, candidates.Dequeue()));
            }
        }

        return pairs;
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "HttpHandlerDiagnosticListener")
        {
            subscriptions.Enqueue(listener.Subscribe(this, (name, _, _) => name is "System.Net.Http.Request" or "System.Net.Http.Response"));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        var now = connector.ElapsedAt(Stopwatch.GetTimestamp());
        var payload = value.Value;
        if (payload is null || Property(payload, "LoggingRequestId") is not Guid id)
        {
            return;
        }

        if (value.Key == "System.Net.Http.Request" && Property(payload, "Request") is HttpRequestMessage request && IsToConnector(request.RequestUri))
        {
            // The request starts within the throttle's step that let it leave, on the same thread: the last time
            // this thread read from the engine's clock is the throttle's moment of that step.
            var (gateAt, seenAt) = (ReadStampingClock.LastReadOnThisThread, DateTimeOffset.UtcNow);
            var held = throttle is null ? [] : tenants.Where(throttle.IsPaused).ToHashSet(StringComparer.Ordinal);
            requests[id] = new ClientRequest(id, request.Method.Method, Uri.UnescapeDataString(request.RequestUri!.AbsolutePath), now, null, null, null, held, gateAt, seenAt - gateAt);
        }
        else if (value.Key == "System.Net.Http.Response" && requests.TryGetValue(id, out var sent))
        {
            var response = Property(payload, "Response") as HttpResponseMessage;
            requests[id] = sent with { AnsweredAt = now, Status = response is null ? null : (int)response.StatusCode, RetryAfter = RetryAfter(response) };
        }
    }

    private bool IsToConnector(Uri? uri) =>
        uri is not null && uri.Port == connector.ServiceUrl.Port && string.Equals(uri.Host, connector.ServiceUrl.Host, StringComparison.OrdinalIgnoreCase);

    private static TimeSpan? RetryAfter(HttpResponseMessage? response) =>
        response?.Headers.RetryAfter?.Delta
        ?? (response?.Headers.TryGetValues("Retry-After", out var values) == true && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null);

    private static object? Property(object payload, string name) => payload.GetType().GetProperty(name)?.GetValue(payload);

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    public void Dispose()
    {
        all.Dispose();
        while (subscriptions.TryDequeue(out var subscription))
        {
            subscription.Dispose();
        }
    }
}
