using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TeamsKiCoach.Tests.Support;

/// <summary>How the simulated connector misbehaves. Swapped as a whole while it runs.</summary>
public sealed record ConnectorFaults
{
    public static readonly ConnectorFaults None = new();

    /// <summary>Share of requests answered 429 with a Retry-After between <see cref="RetryAfterSeconds"/>.</summary>
    public double ThrottleShare { get; init; }

    public (int Min, int Max) RetryAfterSeconds { get; init; } = (1, 2);

    /// <summary>Share of requests answered 502, 503 or 504 (no Retry-After).</summary>
    public double ServerErrorShare { get; init; }

    /// <summary>An outage that starts by itself once this many deliveries were accepted.</summary>
    public OutagePlan? Outage { get; init; }

    /// <summary>Time the connector takes to answer, so that sends are really in flight for a while.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Time a request takes to arrive (the connector reads it only then), so that a request can be cut off on its way.</summary>
    public TimeSpan Transit { get; init; }

    public int Seed { get; init; } = 4711;
}

public enum OutageKind
{
    /// <summary>Every request is answered 503 without Retry-After, as a front door does while the service behind it is down.</summary>
    ServiceUnavailable,

    /// <summary>The connection is cut without an answer.</summary>
    ConnectionDropped,
}

public sealed record OutagePlan(int AfterAcceptedDeliveries, TimeSpan Duration, OutageKind Kind = OutageKind.ServiceUnavailable);

/// <summary>What the connector saw and answered for one request.</summary>
public sealed record SimulatedCall(
    long Sequence,
    SimulatedCallKind Kind,
    string Path,
    string TenantId,
    string? ConversationId,
    string? PromptId,
    string? Summary,
    string? AnsweredId,
    TimeSpan ArrivedAt,
    DateTimeOffset At,
    int Status,
    int? RetryAfterSeconds,
    SimulatedAnswer Reason,
    bool Early,
    string? Violation,
    string ConnectionId)
{
    /// <summary>For a weekly pulse card: its run (one team's week).</summary>
    public string? PulseRunId { get; init; }
}

public enum SimulatedCallKind
{
    SendActivity,
    CreateConversation,
    Other,
}

public enum SimulatedAnswer
{
    Accepted,
    Scripted,
    Outage,
    StillThrottled,
    WindowViolation,
    TenantRateViolation,
    InjectedThrottle,
    InjectedServerError,
    NotFound,
}

/// <summary>One 429 the connector answered: the tenant must not send again between <see cref="WrittenAt"/> and <see cref="Until"/>.</summary>
public sealed record ThrottleHold(string TenantId, long Sequence, TimeSpan WrittenAt, TimeSpan Until);

/// <summary>
/// A stand-in for the Teams Bot Connector on 127.0.0.1 for load and fault tests. It answers activity posts
/// (POST /v3/conversations/{id}/activities[/{replyTo}]) and 1:1 creation (POST /v3/conversations), records
/// every call with the moment it arrived, and enforces what Teams enforces: the per-conversation windows
/// (7 per second, 8 per 2 s, 60 per 30 s, 1800 per hour) and a rate per tenant over any sliding second.
/// A violation is counted and answered 429 with Retry-After. On request it answers a share of calls 429
/// (Retry-After 1–2 s) or 5xx, has an outage, or answers the next calls with a scripted status.
/// After every 429 it keeps a hold for the tenant until its Retry-After has passed: a request of that tenant
/// that arrives in between is "early", counted, and answered 429 again, as Teams would.
/// </summary>
public sealed class ConnectorSimulator : IAsyncDisposable
{
    public static readonly IReadOnlyList<(int Sends, TimeSpan Window)> ConversationWindows =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    private static readonly TimeSpan LongestWindow = TimeSpan.FromHours(1);
    private static readonly int[] ServerErrors = [502, 503, 504];

    private readonly WebApplication app;
    private readonly long startedTimestamp = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset startedAt = DateTimeOffset.UtcNow;
    private readonly object gate = new();
    private readonly List<SimulatedCall> calls = [];
    private readonly ConcurrentQueue<ThrottleHold> holds = new();
    private readonly Dictionary<string, List<ThrottleHold>> activeHolds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<TimeSpan>> tenantArrivals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<TimeSpan>> conversationArrivals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> tenantOfConversation = new(StringComparer.Ordinal);
    private readonly Queue<(int Status, int? RetryAfterSeconds)> scripted = new();
    private ConnectorFaults faults = ConnectorFaults.None;
    private Random random = new(ConnectorFaults.None.Seed);
    private long sequence;
    private int accepted;
    private TimeSpan? outageFrom;
    private TimeSpan? outageUntil;

    private ConnectorSimulator(WebApplication app) => this.app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    /// <summary>Requests per second a tenant may send over any sliding second; null for no limit.</summary>
    public int? TenantRequestsPerSecond { get; set; }

    public ConnectorFaults Faults
    {
        get => Volatile.Read(ref faults);
        set
        {
            lock (gate)
            {
                faults = value;
                random = new Random(value.Seed);
                outageFrom = null;
                outageUntil = null;
            }
        }
    }

    /// <summary>The outage window once it started, relative to <see cref="Elapsed"/>.</summary>
    public (TimeSpan From, TimeSpan Until)? OutageWindow
    {
        get
        {
            lock (gate)
            {
                return outageFrom is { } from && outageUntil is { } until ? (from, until) : null;
            }
        }
    }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(startedTimestamp);

    /// <summary>A <see cref="Stopwatch.GetTimestamp"/> taken elsewhere in this process, on the simulator's time line.</summary>
    public TimeSpan ElapsedAt(long timestamp) => Stopwatch.GetElapsedTime(startedTimestamp, timestamp);

    public static async Task<ConnectorSimulator> StartAsync(int? tenantRequestsPerSecond = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var simulator = new ConnectorSimulator(app) { TenantRequestsPerSecond = tenantRequestsPerSecond };
        app.Run(simulator.HandleAsync);
        await app.StartAsync();
        simulator.ServiceUrl = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return simulator;
    }

    /// <summary>The next <paramref name="count"/> requests are answered with <paramref name="status"/>, before any other rule.</summary>
    public void AnswerNext(int count, int status, int? retryAfterSeconds = null)
    {
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                scripted.Enqueue((status, retryAfterSeconds));
            }
        }
    }

    public IReadOnlyList<SimulatedCall> Calls
    {
        get
        {
            lock (gate)
            {
                return calls.ToArray();
            }
        }
    }

    public IReadOnlyList<ThrottleHold> Holds => holds.ToArray();

    /// <summary>Accepted (2xx) activity posts per prompt id, from the card's Action.Execute data.</summary>
    /// <summary>Accepted pulse cards by (run, conversation): each person's card of each week.</summary>
    public IReadOnlyDictionary<(string Run, string Conversation), int> DeliveriesByPulse() =>
        Calls.Where(c => c.Kind == SimulatedCallKind.SendActivity && c.Status < 300 && c.PulseRunId is not null && c.ConversationId is not null)
            .GroupBy(c => (c.PulseRunId!, c.ConversationId!))
            .ToDictionary(g => g.Key, g => g.Count());

    public IReadOnlyDictionary<string, int> DeliveriesByPrompt() =>
        Calls.Where(c => c.Kind == SimulatedCallKind.SendActivity && c.Status < 300 && c.PromptId is not null)
            .GroupBy(c => c.PromptId!)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public ConnectorStats Stats()
    {
        var all = Calls;
        return new ConnectorStats(
            Requests: all.Count,
            Accepted: all.Count(c => c.Status < 300),
            CreatedConversations: all.Count(c => c.Kind == SimulatedCallKind.CreateConversation && c.Status < 300),
            Throttled: all.Count(c => c.Status == 429),
            InjectedThrottles: all.Count(c => c.Reason == SimulatedAnswer.InjectedThrottle),
            InjectedServerErrors: all.Count(c => c.Reason == SimulatedAnswer.InjectedServerError),
            OutageAnswers: all.Count(c => c.Reason == SimulatedAnswer.Outage),
            WindowViolations: all.Count(c => c.Violation is not null && c.Violation.StartsWith("conversation", StringComparison.Ordinal)),
            TenantRateViolations: all.Count(c => c.Violation is not null && c.Violation.StartsWith("tenant", StringComparison.Ordinal)),
            EarlyRequests: all.Count(c => c.Early),
            Connections: all.Select(c => c.ConnectionId).Distinct(StringComparer.Ordinal).Count());
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (Faults.Transit > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Transit, CancellationToken.None);
            if (context.RequestAborted.IsCancellationRequested)
            {
                // The client gave up while the request was still on its way: it never arrived.
                return;
            }
        }

        JsonObject? body = null;
        if (request.Method == HttpMethods.Post)
        {
            try
            {
                body = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                body = null;
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
            {
                // The client gave up on the request while it was on its way: it never arrived.
                return;
            }
        }

        var path = request.Path.Value ?? string.Empty;
        var (kind, conversationId) = Route(request.Method, path);
        var decision = Decide(kind, path, conversationId, body, context.Connection.Id);

        if (decision.Latency > TimeSpan.Zero)
        {
            await Task.Delay(decision.Latency, CancellationToken.None);
        }

        if (decision.DropConnection)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = decision.Status;
        if (decision.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        JsonObject answer = decision.Status < 300
            ? new JsonObject { ["id"] = decision.AnsweredId }
            : new JsonObject { ["error"] = new JsonObject { ["code"] = decision.Reason.ToString(), ["message"] = "simulated answer" } };
        await context.Response.WriteAsJsonAsync(answer, CancellationToken.None);
        await context.Response.CompleteAsync();

        if (decision.Status == 429 && decision.RetryAfterSeconds is { } seconds)
        {
            var written = Elapsed;
            var hold = new ThrottleHold(decision.TenantId, decision.Sequence, written, written + TimeSpan.FromSeconds(seconds));
            holds.Enqueue(hold);
            lock (gate)
            {
                if (!activeHolds.TryGetValue(decision.TenantId, out var list))
                {
                    list = [];
                    activeHolds[decision.TenantId] = list;
                }

                list.Add(hold);
            }
        }
    }

    private Decision Decide(SimulatedCallKind kind, string path, string? conversationId, JsonObject? body, string connectionId)
    {
        lock (gate)
        {
            var now = Elapsed;
            var current = faults;
            var seq = ++sequence;
            var tenant = TenantOf(kind, conversationId, body);
            var promptId = kind == SimulatedCallKind.SendActivity ? PromptIdOf(body) : null;
            var summary = body?["summary"]?.GetValue<string>();

            var early = IsHeld(tenant, now, out var heldUntil);
            var violation = RecordArrival(kind, tenant, conversationId, now, out var windowFreeIn);
            StartOutageIfDue(current, now);

            var (status, retryAfter, reason, drop) = (201, (int?)null, SimulatedAnswer.Accepted, false);
            if (kind == SimulatedCallKind.Other)
            {
                (status, reason) = (404, SimulatedAnswer.NotFound);
            }
            else if (outageFrom is { } from && outageUntil is { } until && now >= from && now < until)
            {
                (status, reason, drop) = (503, SimulatedAnswer.Outage, current.Outage?.Kind == OutageKind.ConnectionDropped);
            }
            else if (scripted.TryDequeue(out var next))
            {
                (status, retryAfter, reason) = (next.Status, next.RetryAfterSeconds, SimulatedAnswer.Scripted);
            }
            else if (early)
            {
                (status, retryAfter, reason) = (429, CeilingSeconds(heldUntil - now), SimulatedAnswer.StillThrottled);
            }
            else if (violation is not null)
            {
                (status, retryAfter, reason) = (429, CeilingSeconds(windowFreeIn),
                    violation.StartsWith("tenant", StringComparison.Ordinal) ? SimulatedAnswer.TenantRateViolation : SimulatedAnswer.WindowViolation);
            }
            else if (random.NextDouble() < current.ThrottleShare)
            {
                (status, retryAfter, reason) = (429, random.Next(current.RetryAfterSeconds.Min, current.RetryAfterSeconds.Max + 1), SimulatedAnswer.InjectedThrottle);
            }
            else if (random.NextDouble() < current.ServerErrorShare)
            {
                (status, reason) = (ServerErrors[random.Next(ServerErrors.Length)], SimulatedAnswer.InjectedServerError);
            }

            string? answeredId = null;
            if (status < 300)
            {
                if (kind == SimulatedCallKind.CreateConversation)
                {
                    answeredId = "a:" + Guid.NewGuid().ToString("N");
                    tenantOfConversation[answeredId] = tenant;
                }
                else
                {
                    answeredId = Guid.NewGuid().ToString("N");
                    accepted++;
                }
            }

            calls.Add(new SimulatedCall(seq, kind, path, tenant, conversationId ?? answeredId, promptId, summary, answeredId, now, startedAt + now,
                drop ? 0 : status, retryAfter, reason, early, violation, connectionId)
            {
                PulseRunId = kind == SimulatedCallKind.SendActivity ? PulseRunIdOf(body) : null,
            });
            return new Decision(seq, tenant, status, retryAfter, reason, answeredId, drop, current.Latency);
        }
    }

    private void StartOutageIfDue(ConnectorFaults current, TimeSpan now)
    {
        if (outageFrom is null && current.Outage is { } plan && accepted >= plan.AfterAcceptedDeliveries)
        {
            outageFrom = now;
            outageUntil = now + plan.Duration;
        }
    }

    private bool IsHeld(string tenant, TimeSpan now, out TimeSpan until)
    {
        until = TimeSpan.Zero;
        if (!activeHolds.TryGetValue(tenant, out var list))
        {
            return false;
        }

        list.RemoveAll(h => h.Until <= now);
        foreach (var hold in list)
        {
            if (hold.WrittenAt <= now && hold.Until > now && hold.Until > until)
            {
                until = hold.Until;
            }
        }

        return until > TimeSpan.Zero;
    }

    // Every arrival counts toward the windows, answered or not, as Teams counts attempts.
    private string? RecordArrival(SimulatedCallKind kind, string tenant, string? conversationId, TimeSpan now, out TimeSpan freeIn)
    {
        freeIn = TimeSpan.Zero;
        string? violation = null;
        if (kind == SimulatedCallKind.Other)
        {
            return null;
        }

        if (TenantRequestsPerSecond is { } limit)
        {
            var arrivals = Arrivals(tenantArrivals, tenant);
            while (arrivals.Count > 0 && arrivals.Peek() <= now - TimeSpan.FromSeconds(1))
            {
                arrivals.Dequeue();
            }

            arrivals.Enqueue(now);
            if (arrivals.Count > limit)
            {
                violation = $"tenant {tenant}: {arrivals.Count} requests within 1 s (limit {limit})";
                freeIn = arrivals.Peek() + TimeSpan.FromSeconds(1) - now;
            }
        }

        if (kind == SimulatedCallKind.SendActivity && conversationId is not null)
        {
            var arrivals = Arrivals(conversationArrivals, conversationId);
            while (arrivals.Count > 0 && arrivals.Peek() <= now - LongestWindow)
            {
                arrivals.Dequeue();
            }

            arrivals.Enqueue(now);
            var times = arrivals.ToArray();
            foreach (var (sends, window) in ConversationWindows)
            {
                var inWindow = times.Count(t => t > now - window);
                if (inWindow > sends && violation is null)
                {
                    violation = $"conversation {conversationId}: {inWindow} sends within {window.TotalSeconds:0} s (limit {sends})";
                    freeIn = times[^inWindow] + window - now;
                }
            }
        }

        return violation;
    }

    private static Queue<TimeSpan> Arrivals(Dictionary<string, Queue<TimeSpan>> all, string key)
    {
        if (!all.TryGetValue(key, out var queue))
        {
            queue = new Queue<TimeSpan>();
            all[key] = queue;
        }

        return queue;
    }

    private string TenantOf(SimulatedCallKind kind, string? conversationId, JsonObject? body)
    {
        var tenant = kind == SimulatedCallKind.CreateConversation
            ? Text(body?["tenantId"]) ?? Text(body?["channelData"]?["tenant"]?["id"])
            : Text(body?["conversation"]?["tenantId"]) ?? Text(body?["channelData"]?["tenant"]?["id"]);
        if (tenant is null && conversationId is not null)
        {
            tenantOfConversation.TryGetValue(conversationId, out tenant);
        }

        return tenant ?? "unknown";
    }

    private static string? PulseRunIdOf(JsonObject? activity) =>
        Text(activity?["attachments"]?[0]?["content"]?["actions"]?[0]?["data"]?["run"]);

    private static string? PromptIdOf(JsonObject? activity) =>
        Text(activity?["attachments"]?[0]?["content"]?["actions"]?[0]?["data"]?["promptId"]);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToString();

    private static (SimulatedCallKind Kind, string? ConversationId) Route(string method, string path)
    {
        if (method != HttpMethods.Post)
        {
            return (SimulatedCallKind.Other, null);
        }

        var parts = path.Trim('/').Split('/');
        if (parts is ["v3", "conversations"])
        {
            return (SimulatedCallKind.CreateConversation, null);
        }

        if (parts.Length is 4 or 5 && parts[0] == "v3" && parts[1] == "conversations" && parts[3] == "activities")
        {
            return (SimulatedCallKind.SendActivity, Uri.UnescapeDataString(parts[2]));
        }

        return (SimulatedCallKind.Other, null);
    }

    private static int CeilingSeconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed record Decision(long Sequence, string TenantId, int Status, int? RetryAfterSeconds, SimulatedAnswer Reason, string? AnsweredId, bool DropConnection, TimeSpan Latency);
}

public sealed record ConnectorStats(
    int Requests,
    int Accepted,
    int CreatedConversations,
    int Throttled,
    int InjectedThrottles,
    int InjectedServerErrors,
    int OutageAnswers,
    int WindowViolations,
    int TenantRateViolations,
    int EarlyRequests,
    int Connections);
