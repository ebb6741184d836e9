using System.Text.Json.Nodes;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Commands;

namespace TeamsKiCoach.Tests.AppPackage;

/// <summary>
/// Holds the Teams command menu (appPackage/manifest.json in German, appPackage/en.json in English) to what the bot
/// understands: every command offered must parse to a real command, and every command of the help card and every
/// kind of command the parser knows must be offered in personal chat.
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
        var personalGerman = new List<string>();
        var personalEnglish = new List<string>();

        for (var i = 0; i < lists.Count; i++)
        {
            var list = lists[i]!;
            var personal = list["scopes"]?.AsArray().Any(s => s?.GetValue<string>() == "personal") == true;
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

                if (personal)
                {
                    personalGerman.AddIfNotNull(german);
                    personalEnglish.AddIfNotNull(englishTitle);
                }
            }
        }

        foreach (var key in HelpCard.Commands)
        {
            var german = BotText.German[$"Help.Command.{key}"];
            var englishTitle = BotText.English[$"Help.Command.{key}"];
            if (!personalGerman.Contains(german, StringComparer.Ordinal))
            {
                problems.Add($"help card command \"{german}\" is not in the personal command list of manifest.json");
            }

            if (!personalEnglish.Contains(englishTitle, StringComparer.Ordinal))
            {
                problems.Add($"help card command \"{englishTitle}\" is not in the personal command list of en.json");
            }
        }

        var offered = personalGerman.Concat(personalEnglish).Select(t => CommandParser.Parse(t, Today).Kind).ToHashSet();
        problems.AddRange(Enum.GetValues<CommandKind>()
            .Where(k => !NotCommands.Contains(k) && !offered.Contains(k))
            .Select(k => $"the parser's command {k} is not offered in personal chat"));

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
