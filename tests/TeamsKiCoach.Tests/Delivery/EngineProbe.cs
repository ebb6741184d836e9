using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Delivery;

/// <summary>One request of the engine to the connector as the engine's own HTTP client saw it.</summary>
public sealed record ClientRequest(Guid Id, string Method, string Path, TimeSpan SentAt, TimeSpan? AnsweredAt, int? Status, TimeSpan? RetryAfter);

/// <summary>A request of the engine that left while the engine already held a 429 of its tenant whose Retry-After had not passed.</summary>
public sealed record SentDuringHold(SimulatedCall Call, ClientRequest Request, ClientRequest Throttled);

/// <summary>
/// Watches the engine's requests from the client side through .NET's HttpClient diagnostics, without changing
/// the engine or its HTTP pipeline: when each request to the simulated connector left, and when its answer came
/// back. With it a request that arrived at the connector during a hold can be told apart: one that was already
/// on its way when the engine got the 429, or one the engine sent although it knew.
/// </summary>
public sealed class EngineProbe : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly ConnectorSimulator connector;
    private readonly ConcurrentDictionary<Guid, ClientRequest> requests = new();
    private readonly ConcurrentQueue<IDisposable> subscriptions = new();
    private readonly IDisposable all;

    public EngineProbe(ConnectorSimulator connector)
    {
        this.connector = connector;
        all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public IReadOnlyList<ClientRequest> Requests => requests.Values.OrderBy(r => r.SentAt).ToList();

    /// <summary>
    /// Requests the engine sent to a tenant after it had received a 429 of that tenant and before that
    /// 429's Retry-After had passed, as the engine itself measures it (from the moment the answer came in).
    /// </summary>
    public IReadOnlyList<SentDuringHold> SentDuringHolds()
    {
        var calls = connector.Calls;
        var client = Requests;
        var matched = Match(calls, client);
        var throttledByTenant = matched
            .Where(m => m.Request.Status == 429 && m.Request.AnsweredAt is not null && m.Request.RetryAfter is not null)
            .GroupBy(m => m.Call.TenantId)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Request).ToList(), StringComparer.Ordinal);
        var found = new List<SentDuringHold>();
        foreach (var (call, request) in matched)
        {
            if (!throttledByTenant.TryGetValue(call.TenantId, out var throttled))
            {
                continue;
            }

            var hold = throttled.FirstOrDefault(t => t.AnsweredAt <= request.SentAt && request.SentAt < t.AnsweredAt + t.RetryAfter);
            if (hold is not null)
            {
                found.Add(new SentDuringHold(call, request, hold));
            }
        }

        return found;
    }

    /// <summary>
    /// Requests that arrived at the connector during a hold of their tenant but had left the engine before the
    /// engine received the 429 of every hold they fell into: they were on their way, and nobody could stop them.
    /// </summary>
    public IReadOnlyList<SimulatedCall> ArrivedDuringHoldsButSentBefore()
    {
        var calls = connector.Calls;
        var holds = connector.Holds;
        var requestOf = Match(calls, Requests).ToDictionary(m => m.Call.Sequence, m => m.Request);
        var onTheirWay = new List<SimulatedCall>();
        foreach (var early in calls.Where(c => c.Early))
        {
            if (!requestOf.TryGetValue(early.Sequence, out var request))
            {
                continue;
            }

            var covering = holds.Where(h => h.TenantId == early.TenantId && h.WrittenAt <= early.ArrivedAt && early.ArrivedAt < h.Until).ToList();
            if (covering.Count > 0 && covering.All(h => requestOf.TryGetValue(h.Sequence, out var throttled) && throttled.AnsweredAt is { } answered && request.SentAt < answered))
            {
                onTheirWay.Add(early);
            }
        }

        return onTheirWay;
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
            requests[id] = new ClientRequest(id, request.Method.Method, Uri.UnescapeDataString(request.RequestUri!.AbsolutePath), now, null, null, null);
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
