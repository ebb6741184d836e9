using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.AppPackage;

public sealed class AppPackageTests
{
    private static readonly string PackageFolder = Path.Combine(RepositoryRoot.Path, "appPackage");

    [Fact]
    public async Task PackagePassesTheOfficialSchemasAndTeamsIconRules()
    {
        var (exitCode, output) = await NodeScript.RunAsync(Path.Combine(RepositoryRoot.Path, "tests", "e2e", "validate-app-package.mjs"));

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"app package: \d+ checks, 0 failed", output);
    }

    [Fact]
    public void EveryCommandInTheTeamsMenuIsACommandOfTheBotAndEveryHelpCommandIsInTheMenu()
    {
        Assert.Empty(ManifestCommands.Problems(Manifest(), English()));
    }

    [Fact]
    public void AnUnknownCommandInTheManifestIsCaught()
    {
        var manifest = Manifest();
        PersonalCommands(manifest).Add(new JsonObject { ["title"] = "tanzen", ["description"] = "gibt es nicht" });

        var problems = ManifestCommands.Problems(manifest, English());

        Assert.Contains(problems, p => p.Contains("\"tanzen\" (de) is no command of the bot (Unknown)"));
        Assert.Contains(problems, p => p.Contains("no en title"));
    }

    [Fact]
    public void AnUnknownEnglishCommandAndAnInvalidExampleAreCaught()
    {
        var english = English();
        english["bots[0].commandLists[0].commands[0].title"] = "dance";
        var manifest = Manifest();
        PersonalCommands(manifest)[3]!["title"] = "urlaub bis 31.02.";

        var problems = ManifestCommands.Problems(manifest, english);

        Assert.Contains(problems, p => p.Contains("\"dance\" (en) is no command of the bot (Unknown)"));
        Assert.Contains(problems, p => p.Contains("\"urlaub bis 31.02.\" (de) is no command of the bot (InvalidDate)"));
    }

    [Fact]
    public void AHelpCardCommandMissingFromTheMenuIsCaught()
    {
        var manifest = Manifest();
        var commands = PersonalCommands(manifest);
        commands.Remove(commands.Single(c => c!["title"]!.GetValue<string>() == "meine einträge"));

        var problems = ManifestCommands.Problems(manifest, English());

        Assert.Contains(problems, p => p.Contains("help card command \"meine einträge\" is in no command list of manifest.json"));
    }

    [Fact]
    public async Task BuiltZipOpensWithDotNetAndCarriesTheFilledManifest()
    {
        var output = Directory.CreateTempSubdirectory("coach-app-package-").FullName;
        var sample = Path.Combine(PackageFolder, "env", ".env.dev.sample");

        var (exitCode, log) = await NodeScript.RunAsync(Path.Combine(PackageFolder, "build.mjs"), "--env-file", sample, "--name", "test", "--out", output);

        Assert.True(exitCode == 0, log);
        using (var zip = ZipFile.OpenRead(Path.Combine(output, "appPackage.test.zip")))
        {
            Assert.Equal(["color.png", "en.json", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var manifest = JsonNode.Parse(await reader.ReadToEndAsync())!;
            Assert.Equal("00000000-0000-4000-8000-000000000001", manifest["id"]!.GetValue<string>());
            Assert.Equal("00000000-0000-4000-8000-000000000002", manifest["bots"]![0]!["botId"]!.GetValue<string>());
            Assert.Equal("TeamsKiCoach (dev)", manifest["name"]!["short"]!.GetValue<string>());
        }

        Directory.Delete(output, recursive: true);
    }

    private static JsonObject Manifest() => Read("manifest.json");

    private static JsonObject English() => Read("en.json");

    private static JsonObject Read(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(PackageFolder, file)))!.AsObject();

    private static JsonArray PersonalCommands(JsonObject manifest) =>
        manifest["bots"]![0]!["commandLists"]!.AsArray()
            .Single(l => l!["scopes"]!.AsArray().Any(s => s!.GetValue<string>() == "personal"))!["commands"]!.AsArray();
}
