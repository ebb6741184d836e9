using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TeamsKiCoach.Tests.Infra;

public sealed partial class InfraTests
{
    public static TheoryData<string> BicepFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(BicepCli.InfraFolder, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetRelativePath(BicepCli.InfraFolder, file));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void BicepFileCompilesWithoutWarnings(string file)
    {
        var outDir = Directory.CreateTempSubdirectory("coach-bicep-").FullName;
        try
        {
            var (exitCode, output) = BicepCli.Run("build", file, "--outdir", outDir);

            Assert.True(exitCode == 0, output);
            Assert.DoesNotMatch(Diagnostic(), output);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void BicepLinterFindsNothing(string file)
    {
        var (exitCode, output) = BicepCli.Run("lint", file);

        Assert.True(exitCode == 0, output);
        Assert.DoesNotMatch(Diagnostic(), output);
    }

    [Fact]
    public void TheLinterWarningsWouldBeSeen()
    {
        var folder = Directory.CreateTempSubdirectory("coach-bicep-").FullName;
        try
        {
            var file = Path.Combine(folder, "unused.bicep");
            File.WriteAllText(file, "param unused string\n");

            var (_, output) = BicepCli.Run("lint", file);

            Assert.Matches(Diagnostic(), output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EveryAppSettingIsAHostKeyAndEveryRequiredKeyIsSet()
    {
        Assert.Empty(AppSettingsContract.Problems(BicepCli.CompiledMain()));
    }

    [Fact]
    public void TheWebAppSetsTheSettingsOfAUserAssignedIdentityBotOnPostgres()
    {
        var settings = AppSettingsContract.AppSettings(BicepCli.CompiledMain()).ToDictionary(s => s.Name, s => s.Value);

        Assert.Equal("UserAssignedMSI", settings["MicrosoftAppType"]);
        Assert.Equal("Postgres", settings["Coach__Storage__Provider"]);
        Assert.Equal("Production", settings["ASPNETCORE_ENVIRONMENT"]);
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings["ConnectionStrings__Coach"]);
        Assert.True(settings.ContainsKey("Coach__Delivery__RequestsPerSecond"));
        Assert.True(settings.ContainsKey("APPLICATIONINSIGHTS_CONNECTION_STRING"));
    }

    [Fact]
    public void TheManagedIdentityBotServesTheTenantItIsDeployedIntoUnlessTheParameterNamesAnother()
    {
        var template = BicepCli.CompiledMain();
        var webApp = Deployment(template, "webApp");
        var settings = AppSettingsContract.AppSettings(template).ToDictionary(s => s.Name, s => s.Value);

        // A user-assigned managed identity belongs to the deployment's tenant, and Teams lets only that tenant use the bot.
        Assert.Equal("UserAssignedMSI", settings["MicrosoftAppType"]);
        Assert.Equal("UserAssignedMSI", BotRegistration(template)["properties"]!["msaAppType"]!.GetValue<string>());
        Assert.Equal("", template["parameters"]!["allowedTenant"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal("[if(empty(parameters('allowedTenant')), tenant().tenantId, parameters('allowedTenant'))]",
            template["variables"]!["servedTenant"]!.GetValue<string>());
        Assert.Equal("[variables('servedTenant')]", webApp["properties"]!["parameters"]!["allowedTenant"]!["value"]!.GetValue<string>());
        Assert.Equal("[parameters('allowedTenant')]", settings["Coach__AllowedTenants__0"]);
        Assert.DoesNotContain("\"*\"", template["parameters"]!["allowedTenant"]!["metadata"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void TheToolkitEnvironmentLeavesTheServedTenantToTheDeployment()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraFolder, "main.parameters.atk.json")))!["parameters"]!;
        var allowedTenant = File.ReadAllLines(Path.Combine(BicepCli.InfraFolder, "env", ".env.dev"))
            .Single(l => l.StartsWith("ALLOWED_TENANT=", StringComparison.Ordinal));

        Assert.Equal("${{ALLOWED_TENANT}}", parameters["allowedTenant"]!["value"]!.GetValue<string>());
        Assert.Equal("ALLOWED_TENANT=", allowedTenant.Trim());
    }

    [Theory]
    [InlineData("MicrosoftAppId")]
    [InlineData("MicrosoftAppType")]
    [InlineData("MicrosoftAppTenantId")]
    [InlineData("Coach__AllowedTenants__0")]
    [InlineData("ConnectionStrings__Coach")]
    [InlineData("Coach__Storage__Provider")]
    [InlineData("ASPNETCORE_ENVIRONMENT")]
    public void ARemovedRequiredSettingIsCaught(string name)
    {
        var template = BicepCli.CompiledMain();
        var appSettings = AppSettingArray(template);
        appSettings.Remove(appSettings.Single(s => s!["name"]!.GetValue<string>() == name));

        var problems = AppSettingsContract.Problems(template);

        Assert.Contains(problems, p => p.Contains($"(app setting {name})", StringComparison.Ordinal));
    }

    [Fact]
    public void ASettingTheHostDoesNotReadIsCaught()
    {
        var template = BicepCli.CompiledMain();
        AppSettingArray(template).Add(new JsonObject { ["name"] = "Coach__Delivery__RequestPerSecond", ["value"] = "20" });

        var problems = AppSettingsContract.Problems(template);

        Assert.Contains("app setting Coach__Delivery__RequestPerSecond (Coach:Delivery:RequestPerSecond) is no configuration key the host reads", problems);
    }

    [Fact]
    public void SqliteStorageOrAPasswordInsteadOfTheKeyVaultReferenceIsCaught()
    {
        var template = BicepCli.CompiledMain();
        var appSettings = AppSettingArray(template);
        Setting(appSettings, "Coach__Storage__Provider")["value"] = "Sqlite";
        Setting(appSettings, "ConnectionStrings__Coach")["value"] = "Host=db;Password=plain";
        appSettings.Add(new JsonObject { ["name"] = "MicrosoftAppPassword", ["value"] = "secret" });

        var problems = AppSettingsContract.Problems(template);

        Assert.Contains(problems, p => p.StartsWith("Coach:Storage:Provider is \"Sqlite\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ConnectionStrings:Coach must be a Key Vault reference", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("MicrosoftAppPassword is set", StringComparison.Ordinal));
    }

    [Fact]
    public void ParameterFilesNameOnlyTemplateParametersAndHoldNoSecrets()
    {
        var parameters = BicepCli.CompiledMain()["parameters"]!.AsObject();

        foreach (var fileName in new[] { "main.parameters.json", "main.parameters.atk.json" })
        {
            var values = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraFolder, fileName)))!["parameters"]!.AsObject();
            foreach (var (name, value) in values)
            {
                Assert.True(parameters.ContainsKey(name), $"{fileName} sets {name}, which main.bicep does not declare");
                if (parameters[name]!["type"]!.GetValue<string>() == "securestring")
                {
                    // Only a placeholder the Toolkit fills from env/.env.<env>.user or the environment.
                    Assert.Matches(@"^\$\{\{SECRET_[A-Z0-9_]+\}\}$", value!["value"]!.GetValue<string>());
                }
            }

            var missing = parameters.Where(p => p.Value!["defaultValue"] is null && !values.ContainsKey(p.Key)).Select(p => p.Key).ToList();
            Assert.True(missing.All(p => parameters[p]!["type"]!.GetValue<string>() == "securestring"),
                $"{fileName} leaves {string.Join(", ", missing)} without a value");
        }
    }

    [Fact]
    public void AgentsToolkitProjectPointsAtFilesThatExistAndOutputsThatMainBicepHas()
    {
        var yml = File.ReadAllText(Path.Combine(BicepCli.InfraFolder, "m365agents.yml"));
        var outputs = BicepCli.CompiledMain()["outputs"]!.AsObject();

        foreach (Match path in YmlPath().Matches(yml))
        {
            var target = Path.GetFullPath(Path.Combine(BicepCli.InfraFolder, path.Groups["path"].Value));
            Assert.True(File.Exists(target) || Directory.Exists(target), $"m365agents.yml names {path.Value.Trim()}, which does not exist");
        }

        Assert.Contains("resourceId: ${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}", yml);
        foreach (var name in new[] { "BOT_ID", "BOT_DOMAIN", "BOT_AZURE_APP_SERVICE_RESOURCE_ID", "WEB_APP_NAME", "RESOURCE_GROUP" })
        {
            Assert.True(outputs.ContainsKey(name), $"main.bicep has no output {name}");
        }

        var manifest = File.ReadAllText(Path.Combine(BicepCli.InfraFolder, "..", "appPackage", "manifest.json"));
        Assert.Contains("${{BOT_ID}}", manifest);
        Assert.Contains("${{BOT_DOMAIN}}", manifest);
    }

    [Fact]
    public void TheToolkitEnvironmentFileHoldsNoSecrets()
    {
        var lines = File.ReadAllLines(Path.Combine(BicepCli.InfraFolder, "env", ".env.dev"))
            .Where(l => !string.IsNullOrWhiteSpace(l) && !l.TrimStart().StartsWith('#'));

        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, "^(SECRET_|.*PASSWORD)", RegexOptions.IgnoreCase));
    }

    private static JsonArray AppSettingArray(JsonNode template)
    {
        var sites = new List<JsonObject>();
        FindSites(template, sites);
        return Assert.Single(sites)["properties"]!["siteConfig"]!["appSettings"]!.AsArray();
    }

    private static JsonObject Deployment(JsonNode template, string name) =>
        Resources(template).Single(r => r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments" && r["name"]!.GetValue<string>() == name);

    private static JsonObject BotRegistration(JsonNode template) =>
        Resources(Deployment(template, "bot")["properties"]!["template"]!).Single(r => r["type"]!.GetValue<string>() == "Microsoft.BotService/botServices");

    // A compiled template lists its resources as an array, or as an object keyed by symbolic name.
    private static IEnumerable<JsonObject> Resources(JsonNode template) => template["resources"] switch
    {
        JsonArray array => array.Select(r => r!.AsObject()),
        JsonObject map => map.Select(kv => kv.Value!.AsObject()),
        _ => [],
    };

    private static JsonObject Setting(JsonArray appSettings, string name) =>
        appSettings.Single(s => s!["name"]!.GetValue<string>() == name)!.AsObject();

    private static void FindSites(JsonNode? node, List<JsonObject> sites)
    {
        if (node is JsonObject obj)
        {
            if (obj["type"]?.ToString() == "Microsoft.Web/sites")
            {
                sites.Add(obj);
            }

            foreach (var (_, child) in obj)
            {
                FindSites(child, sites);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                FindSites(child, sites);
            }
        }
    }

    // What the Bicep CLI prints for any diagnostic: "file(line,col) : Warning|Error code: ...".
    [GeneratedRegex(@"\) : (Warning|Error) ")]
    private static partial Regex Diagnostic();

    // Local paths in m365agents.yml: templates, parameters, manifests and working folders (not ${{...}} values).
    [GeneratedRegex(@"^\s*-?\s*(?:path|parameters|manifestPath|workingDirectory):\s*(?<path>\.{1,2}/[^\s$]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex YmlPath();
}
