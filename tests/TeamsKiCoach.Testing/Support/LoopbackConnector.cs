using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TeamsKiCoach.Tests.Support;

/// <summary>
/// A stand-in for the Teams Bot Connector on 127.0.0.1: accepts what the bot sends, records every call with
/// its time, answers roster reads from a member list the test sets, and fails activity posts on request.
/// </summary>
public sealed class LoopbackConnector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ConnectorCall> calls = new();
    private int failuresLeft;
    private int failureStatus;

    private LoopbackConnector(WebApplication app) => this.app = app;

    public Uri ServiceUrl { get; private set; } = null!;
    public IReadOnlyCollection<ConnectorCall> Calls => calls.ToArray();
    public List<(string Id, string AadObjectId, string Name)> Members { get; } = [];

    /// <summary>The activities the connector accepted (failed posts are not among them).</summary>
    public IEnumerable<JsonObject> SentActivities =>
        Calls.Where(c => IsActivityPost(c.Method, c.Path) && c.Status < 300).Select(c => c.Body!);

    /// <summary>The next <paramref name="count"/> activity posts are answered with <paramref name="status"/>.</summary>
    public void FailNextActivityPosts(int count, HttpStatusCode status)
    {
        Volatile.Write(ref failureStatus, (int)status);
        Volatile.Write(ref failuresLeft, count);
    }

    public static async Task<LoopbackConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new LoopbackConnector(app);
        app.Run(connector.HandleAsync);
        await app.StartAsync();
        connector.ServiceUrl = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return connector;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        JsonObject? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            body = (await JsonNode.ParseAsync(request.Body)) as JsonObject;
        }

        var path = request.Path.Value ?? string.Empty;
        if (IsActivityPost(request.Method, path) && Interlocked.Decrement(ref failuresLeft) >= 0)
        {
            calls.Enqueue(new ConnectorCall(request.Method, path, body, DateTimeOffset.UtcNow, Volatile.Read(ref failureStatus)));
            context.Response.StatusCode = Volatile.Read(ref failureStatus);
            await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = "ServiceError", ["message"] = "failing on purpose" } });
            return;
        }

        calls.Enqueue(new ConnectorCall(request.Method, path, body, DateTimeOffset.UtcNow, StatusCodes.Status200OK));

        if (request.Method == "GET" && request.Path.Value!.EndsWith("/pagedmembers", StringComparison.Ordinal))
        {
            var members = new JsonArray(Members.Select(m => (JsonNode)new JsonObject
            {
                ["id"] = m.Id,
                ["aadObjectId"] = m.AadObjectId,
                ["name"] = m.Name,
            }).ToArray());
            await context.Response.WriteAsJsonAsync(new JsonObject { ["members"] = members });
            return;
        }

        await context.Response.WriteAsJsonAsync(new JsonObject { ["id"] = Guid.NewGuid().ToString("N") });
    }

    private static bool IsActivityPost(string method, string path) =>
        method == "POST" && path.Contains("/activities", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record ConnectorCall(string Method, string Path, JsonObject? Body, DateTimeOffset At, int Status = StatusCodes.Status200OK);
