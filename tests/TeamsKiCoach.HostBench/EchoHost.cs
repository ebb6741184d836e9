using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using TeamsKiCoach.Bot.Hosting;

namespace TeamsKiCoach.HostBench;

/// <summary>
/// The yardstick: the Bot Framework's CloudAdapter with the same authentication setup as the bot host
/// (configuration, pooled HTTP connections, no app credentials in Development, connector clients sharing their JSON
/// contracts) and a bot that echoes the text. No middleware, no storage. With <c>stock</c>, the authentication is
/// the Bot Framework's own, so the benchmark also shows what sharing the contracts saves.
/// </summary>
internal static class EchoHost
{
    public static async Task<int> RunAsync(bool stock)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<ConfigurationBotFrameworkAuthentication>();
        builder.Services.AddSingleton<BotFrameworkAuthentication>(sp => stock
            ? sp.GetRequiredService<ConfigurationBotFrameworkAuthentication>()
            : new SharedContractsAuthentication(sp.GetRequiredService<ConfigurationBotFrameworkAuthentication>()));
        builder.Services.AddSingleton<CloudAdapter>(sp => new CloudAdapter(
            sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<CloudAdapter>>()));
        builder.Services.AddTransient<IBot, EchoBot>();
        var app = builder.Build();
        app.MapPost("/api/messages", (HttpContext context, CloudAdapter adapter, IBot bot) =>
            adapter.ProcessAsync(context.Request, context.Response, bot, context.RequestAborted));
        app.MapGet("/health", () => "Healthy");
        await app.RunAsync();
        return 0;
    }

    private sealed class EchoBot : ActivityHandler
    {
        protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
            turnContext.SendActivityAsync(MessageFactory.Text(turnContext.Activity.Text), cancellationToken);
    }
}
