using TeamsKiCoach.Bot.Localization;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>
/// "Welches Team?": a person in several teams picks the one a list is for; each button opens that list (the review,
/// the pilots, the pulse results) for the team it names. Team names are people's text and go in as button titles.
/// </summary>
public static class TeamChoiceCard
{
    public const string TeamField = "team";

    public static AdaptiveCard Build(IEnumerable<(string TeamId, string Name)> teams, string verb, BotText text) => new(
        [new TextBlock(text["Backlog.Choose"]) { Bold = true }],
        teams.Select(t => (CardAction)new ExecuteAction(t.Name, verb, new Dictionary<string, string> { [TeamField] = t.TeamId })).ToList());
}
