namespace TeamsKiCoach.HostBench;

/// <summary>A Bot Connector on 127.0.0.1 that accepts every reply and counts them, and the replies that carry an Adaptive Card.</summary>
internal sealed class Connector : IAsyncDisposable
{
    private readonly WebApplication app;
    private long replies;
    private long cards;

    private Connector(WebApplication app) => this.app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    public long Replies => Interlocked.Read(ref replies);

    /// <summary>The last reply that was no card (the bot's error message, or a text answer), for the report of a failed row.</summary>
    public string? LastText { get; private set; }

    /// <summary>Replies with an Adaptive Card: what "hilfe" and "status" answer; the bot's error reply is text only.</summary>
    public long Cards => Interlocked.Read(ref cards);

    public static async Task<Connector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new Connector(app);
        app.Run(async context =>
        {
            // Read what the bot sent, as the real connector does, and answer with the new activity's id.
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value!.Contains("/activities", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref connector.replies);
                if (body.Contains("application/vnd.microsoft.card.adaptive", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref connector.cards);
                }
                else
                {
                    connector.LastText = body.Length > 300 ? body[..300] : body;
                }
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"id\":\"{Guid.NewGuid():N}\"}}");
        });
        await app.StartAsync();
        connector.ServiceUrl = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return connector;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
