using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Nudges;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>A team's nudge in its channel: a title, a few lines, and one button for the one small action it asks for.</summary>
public static class NudgeCard
{
    public const string TeamField = "team";
    public const string ActionField = "action";
    public const string SubjectField = "subject";

    public static AdaptiveCard Build(NudgeRun run, BotText text)
    {
        var body = new List<CardElement> { new TextBlock(run.Title) { Bold = true, Size = TextSize.Medium } };

        // The lines name patterns and automations, which people wrote.
        body.AddRange(run.LineList.Select(l => new LiteralText(l)));
        body.Add(new TextBlock(text["Nudge.Footer"]) { Subtle = true, Separator = true });
        var data = new Dictionary<string, string> { [TeamField] = run.TeamId, [ActionField] = run.ActionId };
        if (run.ActionSubject is { } subject)
        {
            data[SubjectField] = subject;
        }

        return new AdaptiveCard(body, [new ExecuteAction(run.ActionLabel, CardVerbs.NudgeAction, data)]);
    }
}
