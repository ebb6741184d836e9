using System.Collections.Concurrent;
using TeamsKiCoach.Bot.Localization;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>Lists the commands that exist, each with what it does.</summary>
public static class HelpCard
{
    // In the order people need them; every one is checked against the command parser in the tests.
    public static readonly IReadOnlyList<string> Commands = ["Help", "Pause", "Vacation", "Resume", "PromptTime", "Status", "SendNow", "Capture", "Backlog", "MyEntries", "MyData", "Review", "Pilots", "History", "AddLead", "ExportBacklog", "PulseResults", "SendPulseNow", "Registry", "Explain", "AskRegistry", "SendNudge"];

    // The card is the same for everyone who reads a language: written once per language, not on every "hilfe".
    private static readonly ConcurrentDictionary<BotText, string> Written = new();

    /// <summary>The card's JSON in the reader's language.</summary>
    public static string Json(BotText text) => Written.GetOrAdd(text, t => Build(t).ToJsonString());

    public static AdaptiveCard Build(BotText text) => new(
    [
        new TextBlock(text["Help.Title"]) { Bold = true, Size = TextSize.Medium },
        new TextBlock(text["Help.Intro"]),
        new FactSet(Commands
            .Select(c => new Fact(text[$"Help.Command.{c}"], text[$"Help.Command.{c}.Description"]))
            .ToList()),
        new TextBlock(text["Help.Boundaries"]) { Subtle = true, Separator = true },
    ]);
}
