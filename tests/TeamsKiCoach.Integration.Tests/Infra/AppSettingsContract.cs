using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Privacy;

namespace TeamsKiCoach.Tests.Infra;

/// <summary>
/// What the web app's settings in the compiled Bicep must agree on with the host: every setting is a key the host
/// (or the platform) reads, and everything the host needs outside Development is there.
/// </summary>
public static partial class AppSettingsContract
{
    /// <summary>Configuration keys the host reads, from Hosting/FrontDoor.cs, Hosting/CoachHosting.cs and CoachOptions.</summary>
    public static readonly IReadOnlySet<string> HostKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        // FrontDoor and ConfigurationBotFrameworkAuthentication
        "MicrosoftAppType",
        "MicrosoftAppId",
        "MicrosoftAppPassword",
        "MicrosoftAppTenantId",
        // CoachHosting.ConnectionString
        $"ConnectionStrings:{CoachHosting.ConnectionStringName}",
        // CoachOptions.Storage
        $"{CoachOptions.Section}:{nameof(CoachOptions.Storage)}:{nameof(StorageSettings.Provider)}",
        // CoachOptions: download links of the backlog export
        $"{CoachOptions.Section}:{nameof(CoachOptions.PublicBaseUrl)}",
        $"{CoachOptions.Section}:{nameof(CoachOptions.Export)}:{nameof(ExportSettings.LinkKey)}",
        $"{CoachOptions.Section}:{nameof(CoachOptions.Export)}:{nameof(ExportSettings.LinkLifetime)}",
        // Coach:Retention (CoachHosting.AddRetentionOptions)
        $"{RetentionOptions.Section}:{nameof(RetentionOptions.PulseAnswerMonths)}",
        $"{RetentionOptions.Section}:{nameof(RetentionOptions.AuditMonths)}",
        $"{RetentionOptions.Section}:{nameof(RetentionOptions.FinishedOutboxDays)}",
        $"{RetentionOptions.Section}:{nameof(RetentionOptions.DailyPromptDays)}",
        // The ASP.NET Core host itself
        "ASPNETCORE_ENVIRONMENT",
        // Application Insights (App Service's agent and any Azure Monitor exporter read this name)
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
    };

    /// <summary>App Service's own settings, read by the platform rather than by the host.</summary>
    private static readonly string[] PlatformKeys = ["ApplicationInsightsAgent_EXTENSION_VERSION"];

    /// <summary>Keys the host cannot start without outside Development, with the value each must have (null: any).</summary>
    public static readonly IReadOnlyDictionary<string, string?> RequiredOutsideDevelopment = new Dictionary<string, string?>
    {
        ["MicrosoftAppId"] = null,
        ["MicrosoftAppType"] = "UserAssignedMSI",
        ["MicrosoftAppTenantId"] = null,
        [$"{CoachOptions.Section}:{nameof(CoachOptions.AllowedTenants)}:0"] = null,
        [$"ConnectionStrings:{CoachHosting.ConnectionStringName}"] = null,
        [$"{CoachOptions.Section}:{nameof(CoachOptions.Storage)}:{nameof(StorageSettings.Provider)}"] = "Postgres",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    public static bool IsHostKey(string key) =>
        HostKeys.Contains(key)
        || AllowedTenantKey().IsMatch(key)
        || IsDeliveryKey(key);

    // Coach:Delivery:<property of DeliveryOptions>, taken from the options class so a renamed option is noticed.
    private static bool IsDeliveryKey(string key) =>
        key.StartsWith(DeliveryOptions.Section + ":", StringComparison.OrdinalIgnoreCase)
        && typeof(DeliveryOptions).GetProperties().Any(p => p.CanWrite
            && string.Equals(key[(DeliveryOptions.Section.Length + 1)..], p.Name, StringComparison.OrdinalIgnoreCase));

    private static bool IsPlatformKey(string name) =>
        name.StartsWith("WEBSITE_", StringComparison.Ordinal) || PlatformKeys.Contains(name, StringComparer.Ordinal);

    /// <summary>The app settings of every web app in an ARM template (nested deployments included), by name.</summary>
    public static IReadOnlyList<(string Name, string Value)> AppSettings(JsonNode template)
    {
        var settings = new List<(string, string)>();
        Collect(template, settings);
        return settings;
    }

    /// <summary>Everything wrong with the web app settings of a compiled template; empty when they fit the host.</summary>
    public static IReadOnlyList<string> Problems(JsonNode template)
    {
        var problems = new List<string>();
        var settings = AppSettings(template);
        if (settings.Count == 0)
        {
            return ["the template sets no app settings on a Microsoft.Web/sites resource"];
        }

        foreach (var (name, _) in settings.Where(s => s.Name.StartsWith('[')))
        {
            problems.Add($"app setting name {name} is computed at deploy time; names must be literal so they can be checked");
        }

        foreach (var duplicate in settings.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"app setting {duplicate.Key} is set {duplicate.Count()} times");
        }

        var byKey = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in settings.Where(s => !s.Name.StartsWith('[')))
        {
            if (IsPlatformKey(name))
            {
                continue;
            }

            var key = name.Replace("__", ":", StringComparison.Ordinal);
            if (!IsHostKey(key))
            {
                problems.Add($"app setting {name} ({key}) is no configuration key the host reads");
            }

            byKey[key] = value;
        }

        foreach (var (key, expected) in RequiredOutsideDevelopment)
        {
            if (!byKey.TryGetValue(key, out var value))
            {
                problems.Add($"required key {key} is not set (app setting {key.Replace(":", "__", StringComparison.Ordinal)})");
            }
            else if (expected is not null && !string.Equals(value, expected, StringComparison.Ordinal))
            {
                problems.Add($"{key} is \"{value}\", the deployment needs \"{expected}\"");
            }
        }

        if (byKey.ContainsKey("MicrosoftAppPassword"))
        {
            problems.Add("MicrosoftAppPassword is set: with UserAssignedMSI the bot has no password, and a secret does not belong in app settings");
        }

        var connectionString = $"ConnectionStrings:{CoachHosting.ConnectionStringName}";
        if (byKey.TryGetValue(connectionString, out var reference) && !reference.Contains("@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal))
        {
            problems.Add($"{connectionString} must be a Key Vault reference, not \"{reference}\"");
        }

        // The host's own start-up rule, fed with the settings (deploy-time expressions stand for a value).
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(byKey.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)))
            .Build();
        problems.AddRange(FrontDoor.Problems(configuration, isDevelopment: false).Select(p => "the host would not start: " + p));
        return problems;
    }

    private static void Collect(JsonNode? node, List<(string, string)> settings)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue type && string.Equals(type.ToString(), "Microsoft.Web/sites", StringComparison.OrdinalIgnoreCase)
                    && obj["properties"]?["siteConfig"]?["appSettings"] is JsonArray appSettings)
                {
                    settings.AddRange(appSettings.Select(s => (s!["name"]!.ToString(), s["value"]?.ToString() ?? "")));
                }

                // The other way to write them: a sites/config resource named "appsettings" with a name-value map.
                if (obj["type"] is JsonValue configType && string.Equals(configType.ToString(), "Microsoft.Web/sites/config", StringComparison.OrdinalIgnoreCase)
                    && obj["name"]?.ToString().EndsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true
                    && obj["properties"] is JsonObject map)
                {
                    settings.AddRange(map.Select(kv => (kv.Key, kv.Value?.ToString() ?? "")));
                }

                foreach (var (_, child) in obj)
                {
                    Collect(child, settings);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, settings);
                }

                break;
        }
    }

    [GeneratedRegex(@"^Coach:AllowedTenants:\d+$", RegexOptions.IgnoreCase)]
    private static partial Regex AllowedTenantKey();
}
