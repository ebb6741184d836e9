namespace TeamsKiCoach.HostBench;

/// <summary>A Bot Connector on 127.0.0.1 that accepts every reply and counts them.</summary>
internal sealed class Connector : IAsyncDisposable
{
    private readonly WebApplication app;
    private long replies;

    private Connector(WebApplication app) => this.app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    public long Replies => Interlocked.Read(ref replies);

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
            await context.Request.Body.CopyToAsync(Stream.Null);
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value!.Contains("/activities", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref connector.replies);
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
