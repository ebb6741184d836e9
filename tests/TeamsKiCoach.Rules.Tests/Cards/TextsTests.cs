using System.Globalization;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Commands;

namespace TeamsKiCoach.Tests.Cards;

public sealed class TextsTests
{
    [Fact]
    public void EveryTextExistsInGermanAndEnglish()
    {
        var german = BotText.Keys(CultureInfo.InvariantCulture);
        var english = BotText.Keys(CultureInfo.GetCultureInfo("en"));

        Assert.NotEmpty(german);
        Assert.Equal(german, english);
        Assert.All(german, key =>
        {
            Assert.False(string.IsNullOrWhiteSpace(BotText.German[key]));
            Assert.False(string.IsNullOrWhiteSpace(BotText.English[key]));
        });
    }

    [Fact]
    public void AKeyWithoutATextFailsEveryTimeAndKnownTextsStayInTheirLanguage()
    {
        // Texts are kept after their first lookup; a missing one must not be kept as anything.
        Assert.Throws<KeyNotFoundException>(() => BotText.German["Help.NoSuchText"]);
        Assert.Throws<KeyNotFoundException>(() => BotText.German["Help.NoSuchText"]);
        Assert.Throws<KeyNotFoundException>(() => BotText.English["Help.NoSuchText"]);

        Assert.Equal("Diese Befehle verstehe ich", BotText.German["Help.Title"]);
        Assert.Equal("Commands I understand", BotText.English["Help.Title"]);
        Assert.Equal("Diese Befehle verstehe ich", BotText.German["Help.Title"]);
    }

    [Fact]
    public void EnglishTextsDifferFromGermanOnes()
    {
        var same = BotText.Keys(CultureInfo.InvariantCulture)
            .Where(k => BotText.German[k] == BotText.English[k] && !CommandWordsAlike.Contains(k))
            .ToList();

        Assert.Empty(same);
    }

    // Command words that are the same in both languages.
    private static readonly HashSet<string> CommandWordsAlike = ["Help.Command.Pause", "Help.Command.Status", "Help.Command.Backlog", "Capture.TeamLabel", "Backlog.Details", "MyEntries.TextLabel", "Registry.Form.Name", "Registry.Form.Status"];

    [Theory]
    [InlineData("de-DE", "de")]
    [InlineData("de-AT", "de")]
    [InlineData("en-US", "en")]
    [InlineData("EN-gb", "en")]
    [InlineData("fr-FR", "de")]
    [InlineData(null, "de")]
    [InlineData("", "de")]
    public void TheLanguageFollowsTheTeamsLocaleAndIsGermanWhenUnknown(string? locale, string expected) =>
        Assert.Equal(expected, BotText.For(locale).Culture.TwoLetterISOLanguageName);

    [Theory]
    [InlineData("Help", CommandKind.Help)]
    [InlineData("Pause", CommandKind.Pause)]
    [InlineData("Resume", CommandKind.Resume)]
    [InlineData("Vacation", CommandKind.Vacation)]
    [InlineData("PromptTime", CommandKind.PromptTime)]
    [InlineData("Status", CommandKind.Status)]
    [InlineData("SendNow", CommandKind.SendPromptsNow)]
    [InlineData("Capture", CommandKind.Capture)]
    [InlineData("Backlog", CommandKind.Backlog)]
    [InlineData("MyEntries", CommandKind.MyEntries)]
    public void EveryCommandTheHelpCardNamesIsUnderstoodInBothLanguages(string key, CommandKind kind)
    {
        Assert.Contains(key, TeamsKiCoach.Bot.Cards.HelpCard.Commands);
        var today = new DateOnly(2026, 11, 25);
        Assert.Equal(kind, CommandParser.Parse(BotText.German[$"Help.Command.{key}"], today).Kind);
        Assert.Equal(kind, CommandParser.Parse(BotText.English[$"Help.Command.{key}"], today).Kind);
    }
}
