using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Bot.Delivery;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage;

namespace TeamsKiCoach.Tests.Host;

public sealed class DeliveryHostTests
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task AtThePromptTimeTheSchedulerSendsThePromptCardIntoThePersonalChat()
    {
        // Wednesday 15:31 in Berlin.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 14, 31, 0, TimeSpan.Zero));
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = new CoachHost("Development", CoachHost.Settings(database, ("Coach:Delivery:Enabled", "true")),
            services => services.AddSingleton<TimeProvider>(clock));
        var install = CoachHost.Message(connector.ServiceUrl, "");
        install["type"] = "installationUpdate";
        install["action"] = "add";
        install.Remove("text");

        Assert.Equal(HttpStatusCode.OK, (await host.PostActivityAsync(install)).StatusCode);
        host.Services.GetRequiredService<DeliveryWorker>().RunSoon();

        System.Text.Json.Nodes.JsonObject prompt;
        try
        {
            prompt = await WaitForAsync(connector, a => a.ToJsonString(Readable).Contains("Was hat dich heute Zeit oder Nerven gekostet?"));
        }
        catch (TimeoutException)
        {
            await using var db = await host.Services.GetRequiredService<TeamsKiCoach.Storage.CoachDbFactory>().ForTenantAsync(CoachHost.Tenant, default);
            var outbox = string.Join(";", db.Outbox.Select(o => o.State + " " + o.LastError));
            throw new Xunit.Sdk.XunitException($"outbox: {outbox}; prompts: {db.DailyPrompts.Count()}; logs: {string.Join("\n", host.Logs.Errors)}");
        }

        Assert.Contains("Heute nichts", prompt.ToJsonString(Readable));
        Assert.Equal(2, connector.SentActivities.Count());
    }

    [Fact]
    public async Task ARateAboveWhatTeamsAllowsIsRefusedAtStart()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = new CoachHost("Development", CoachHost.Settings(database, ("Coach:Delivery:RequestsPerSecond", "60")));

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("Coach:Delivery:RequestsPerSecond must be between 1 and 45", error.ToString());
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> WaitForAsync(LoopbackConnector connector, Func<System.Text.Json.Nodes.JsonObject, bool> match)
    {
        for (var i = 0; i < 200; i++)
        {
            if (connector.SentActivities.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The prompt card did not arrive within 10 s. Sent: " + string.Join("\n", connector.SentActivities.Select(a => a.ToJsonString())));
    }
}
