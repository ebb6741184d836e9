using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TeamsKiCoach.Tests.Support;

/// <summary>
/// A stand-in for the Teams Bot Connector on 127.0.0.1: accepts what the bot sends, records every call with
/// its time, and answers roster reads from a member list the test sets.
/// </summary>
public sealed class LoopbackConnector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ConnectorCall> calls = new();

    private LoopbackConnector(WebApplication app) => this.app = app;

    public Uri ServiceUrl { get; private set; } = null!;
    public IReadOnlyCollection<ConnectorCall> Calls => calls.ToArray();
    public List<(string Id, string AadObjectId, string Name)> Members { get; } = [];

    public IEnumerable<JsonObject> SentActivities =>
        Calls.Where(c => c.Method == "POST" && c.Path.Contains("/activities", StringComparison.Ordinal)).Select(c => c.Body!);

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

        calls.Enqueue(new ConnectorCall(request.Method, request.Path.Value ?? string.Empty, body, DateTimeOffset.UtcNow));

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

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record ConnectorCall(string Method, string Path, JsonObject? Body, DateTimeOffset At);
