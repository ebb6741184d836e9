using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Cards;

public sealed class CardValidationTests
{
    [Fact]
    public async Task EveryCardPassesTheOfficialAdaptiveCardsLibraryWithoutAnyWarning()
    {
        var folder = Directory.CreateTempSubdirectory("coach-cards-").FullName;
        var cards = CardCatalog.All().ToList();
        foreach (var (name, _, card) in cards)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name + ".json"), card.ToJsonString());
        }

        var (exitCode, output) = await NodeScript.RunAsync(Path.Combine(RepositoryRoot.Path, "tests", "e2e", "validate-cards.mjs"), folder);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"cards: {cards.Count} checked, 0 with problems", output);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void EveryCardBuilderOfTheBotIsInTheCatalog()
    {
        var covered = CardCatalog.All().Select(c => c.Builder).ToHashSet();

        var missing = CardBuilders().Where(b => !covered.Contains(b)).Select(b => b.FullName).ToList();

        Assert.NotEmpty(CardBuilders());
        Assert.True(missing.Count == 0, $"Card builders not in CardCatalog, so never validated: {string.Join(", ", missing)}");
    }

    // A card builder: a public static class in TeamsKiCoach.Bot.Cards with a public static Build returning AdaptiveCard.
    private static List<Type> CardBuilders() =>
        typeof(AdaptiveCard).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(AdaptiveCard).Namespace && t.IsAbstract && t.IsSealed)
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.Name == "Build" && m.ReturnType == typeof(AdaptiveCard)))
            .ToList();

    [Fact]
    public async Task TheValidatorCatchesACardTheLibraryWouldNotRender()
    {
        var folder = Directory.CreateTempSubdirectory("coach-cards-bad-").FullName;
        var bad = WelcomeCard.Build(WelcomeAudience.Person, TeamsKiCoach.Bot.Localization.BotText.German).ToJson();
        bad["body"]!.AsArray().Add(new JsonObject { ["type"] = "TextBlock", ["text"] = "x", ["wraps"] = true });
        bad["body"]!.AsArray().Add(new JsonObject { ["type"] = "Input.Text" });
        await File.WriteAllTextAsync(Path.Combine(folder, "bad.json"), bad.ToJsonString());

        var (exitCode, output) = await NodeScript.RunAsync(Path.Combine(RepositoryRoot.Path, "tests", "e2e", "validate-cards.mjs"), folder);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("wraps", output);
        Assert.Contains("cards: 1 checked, 1 with problems", output);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void PeoplesTextIsCarriedAsLiteralTextRunsNeverAsMarkdownOrTemplate()
    {
        var json = CardCatalog.EveryElement().ToJson();

        var runs = json["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "RichTextBlock").ToList();
        var run = Assert.Single(runs)!["inlines"]![0]!;
        Assert.Equal("TextRun", run["type"]!.GetValue<string>());
        Assert.Equal(CardCatalog.HostileText, run["text"]!.GetValue<string>());
        Assert.DoesNotContain(json["body"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "TextBlock" && e["text"]!.GetValue<string>().Contains("${user.name}"));
    }

    [Fact]
    public void ExecuteButtonsFallBackToSubmitWithTheSameVerb()
    {
        var action = new ExecuteAction("Senden", "prompt.submit", new Dictionary<string, string> { ["promptId"] = "42" }).ToJson();

        Assert.Equal("Action.Execute", action["type"]!.GetValue<string>());
        Assert.Equal("prompt.submit", action["verb"]!.GetValue<string>());
        Assert.Equal("Action.Submit", action["fallback"]!["type"]!.GetValue<string>());
        Assert.Equal("prompt.submit", action["fallback"]!["data"]!["verb"]!.GetValue<string>());
        Assert.Equal("42", action["fallback"]!["data"]!["promptId"]!.GetValue<string>());
    }
}
