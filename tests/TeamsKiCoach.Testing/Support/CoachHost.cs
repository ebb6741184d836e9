using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Storage.Conversations;

namespace TeamsKiCoach.Tests.Support;

/// <summary>The real bot host, in memory, with its own configuration for one test.</summary>
public sealed class CoachHost(
    string environment,
    IReadOnlyDictionary<string, string?> settings,
    Action<IServiceCollection>? replaceServices = null) : WebApplicationFactory<Program>
{
    public const string Tenant = "tenant-contoso";

    public static CoachHost Development(TestDatabase database, params (string Key, string? Value)[] extra) =>
        new("Development", Settings(database, extra));

    public static CoachHost Development(TestDatabase database, Action<IServiceCollection> replaceServices) =>
        new("Development", Settings(database), replaceServices);

    public static Dictionary<string, string?> Settings(TestDatabase database, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Coach"] = database.ConnectionString,
            ["Coach:Storage:Provider"] = database.Provider.ToString(),

            // The scheduler plans prompts by the real clock; tests that want it switch it on themselves.
            ["Coach:Delivery:Enabled"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    public ConversationDirectory Directory => Services.GetRequiredService<ConversationDirectory>();

    /// <summary>Every error the host logged, e.g. a turn that ended in OnTurnError.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>How many conversations the tenant has stored.</summary>
    public async Task<int> StoredConversationsAsync(string tenant = Tenant)
    {
        await using var db = await Services.GetRequiredService<CoachDbFactory>().ForTenantAsync(tenant, default);
        return await db.Conversations.CountAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (replaceServices is not null)
        {
            builder.ConfigureServices(replaceServices);
        }
    }

    public async Task<HttpResponseMessage> PostActivityAsync(JsonObject activity, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        return await CreateClient().SendAsync(request);
    }

    public static JsonObject Message(Uri serviceUrl, string text, string tenant = Tenant, string user = "aad-anna", string locale = "de-DE") => new()
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl.AbsoluteUri,
        ["locale"] = locale,
        ["text"] = text,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["from"] = new JsonObject { ["id"] = $"29:{user}", ["name"] = "Anna Becker", ["aadObjectId"] = user },
        ["recipient"] = new JsonObject { ["id"] = "28:coach-bot", ["name"] = "TeamsKiCoach" },
        ["conversation"] = new JsonObject { ["id"] = $"a:{tenant}-{user}", ["conversationType"] = "personal", ["tenantId"] = tenant },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
        ["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = locale, ["timezone"] = "Europe/Berlin" }),
    };

    /// <summary>A card button pressed in a personal chat (Action.Execute).</summary>
    public static JsonObject CardAction(Uri serviceUrl, string verb, string tenant = Tenant, string locale = "de-DE")
    {
        var invoke = Message(serviceUrl, "", tenant, locale: locale);
        invoke["type"] = "invoke";
        invoke["name"] = "adaptiveCard/action";
        invoke.Remove("text");
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject() }, ["trigger"] = "manual" };
        return invoke;
    }

    /// <summary>The app installed in a personal chat.</summary>
    public static JsonObject Install(Uri serviceUrl, string tenant = Tenant, string locale = "de-DE")
    {
        var install = Message(serviceUrl, "", tenant, locale: locale);
        install["type"] = "installationUpdate";
        install["action"] = "add";
        install.Remove("text");
        return install;
    }

    /// <summary>The bot added to a personal chat, as a conversation update.</summary>
    public static JsonObject BotAdded(Uri serviceUrl, string tenant = Tenant)
    {
        var update = Message(serviceUrl, "", tenant);
        update["type"] = "conversationUpdate";
        update.Remove("text");
        update.Remove("locale");
        update["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:coach-bot" });
        return update;
    }
}
