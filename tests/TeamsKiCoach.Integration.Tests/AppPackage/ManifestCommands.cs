using System.Text.Json.Nodes;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Commands;

namespace TeamsKiCoach.Tests.AppPackage;

/// <summary>
/// Holds the Teams command menu (appPackage/manifest.json in German, appPackage/en.json in English) to what the bot
/// understands: every command offered must parse to a real command, and every command of the help card and every
/// kind of command the parser knows must be offered. Teams shows at most ten commands per list, so a command that
/// does not fit into the full personal list is offered in the team list (a lead's backlog export).
/// </summary>
public static class ManifestCommands
{
    // The day the examples are read on: "urlaub bis 12.12." must lie ahead of it.
    public static readonly DateOnly Today = new(2026, 11, 25);

    private static readonly CommandKind[] NotCommands =
        [CommandKind.Unknown, CommandKind.InvalidDate, CommandKind.InvalidPause, CommandKind.InvalidTime];

    public static IReadOnlyList<string> Problems(JsonObject manifest, JsonObject english)
    {
        var problems = new List<string>();
        var lists = manifest["bots"]?[0]?["commandLists"]?.AsArray() ?? [];
        var offeredGerman = new List<string>();
        var offeredEnglish = new List<string>();

        for (var i = 0; i < lists.Count; i++)
        {
            var list = lists[i]!;
            var commands = list["commands"]?.AsArray() ?? [];
            for (var j = 0; j < commands.Count; j++)
            {
                var german = commands[j]?["title"]?.GetValue<string>();
                var englishTitle = english[$"bots[0].commandLists[{i}].commands[{j}].title"]?.GetValue<string>();
                foreach (var (title, language) in new[] { (german, "de"), (englishTitle, "en") })
                {
                    if (title is null)
                    {
                        problems.Add($"list {i}, command {j}: no {language} title");
                        continue;
                    }

                    var kind = CommandParser.Parse(title, Today).Kind;
                    if (NotCommands.Contains(kind))
                    {
                        problems.Add($"list {i}, command {j}: \"{title}\" ({language}) is no command of the bot ({kind})");
                    }
                }

                offeredGerman.AddIfNotNull(german);
                offeredEnglish.AddIfNotNull(englishTitle);
            }
        }

        foreach (var key in HelpCard.Commands)
        {
            var german = BotText.German[$"Help.Command.{key}"];
            var englishTitle = BotText.English[$"Help.Command.{key}"];
            if (!offeredGerman.Contains(german, StringComparer.Ordinal))
            {
                problems.Add($"help card command \"{german}\" is in no command list of manifest.json");
            }

            if (!offeredEnglish.Contains(englishTitle, StringComparer.Ordinal))
            {
                problems.Add($"help card command \"{englishTitle}\" is in no command list of en.json");
            }
        }

        var offered = offeredGerman.Concat(offeredEnglish).Select(t => CommandParser.Parse(t, Today).Kind).ToHashSet();
        problems.AddRange(Enum.GetValues<CommandKind>()
            .Where(k => !NotCommands.Contains(k) && !offered.Contains(k))
            .Select(k => $"the parser's command {k} is offered in no command list"));

        return problems;
    }

    private static void AddIfNotNull(this List<string> list, string? value)
    {
        if (value is not null)
        {
            list.Add(value);
        }
    }
}
