using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Bot.Cards;

public sealed record StatusView(
    PersonSettings? Settings,
    (DateTimeOffset Due, TimeZoneInfo Zone)? NextPrompt,
    IReadOnlyList<(TeamRecord Team, TeamReach Reach)> LedTeams);

/// <summary>A person's own status, and for leads how many of their team the bot can reach. Counts only, never names.</summary>
public static class StatusCard
{
    public static AdaptiveCard Build(StatusView view, BotText text)
    {
        var facts = new List<Fact>();
        if (view.Settings?.UnreachableSince is not null)
        {
            facts.Add(new Fact(text["Status.NextPrompt"], text["Status.Unreachable"]));
        }
        else if (view.Settings is { IsPaused: true } paused)
        {
            facts.Add(new Fact(text["Status.Paused"], paused.PausedUntil is { } until
                ? string.Format(text.Culture, text["Status.PausedUntil"], Turns.PromptTurns.Day(until.AddDays(-1), text))
                : text["Status.PausedOpenEnded"]));
        }

        facts.Add(new Fact(text["Status.NextPrompt"], view.NextPrompt is { } next
            ? string.Format(text.Culture, text["Status.NextPromptAt"],
                Turns.PromptTurns.Day(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(next.Due, next.Zone).DateTime), text),
                Turns.PromptTurns.Clock(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(next.Due, next.Zone).DateTime), text),
                next.Zone.Id)
            : text["Status.NoPrompt"]));
        if (view.Settings?.PromptTime is { } own)
        {
            facts.Add(new Fact(text["Status.OwnTime"], Turns.PromptTurns.Clock(own, text)));
        }

        var body = new List<CardElement>
        {
            new TextBlock(text["Status.Title"]) { Bold = true, Size = TextSize.Medium },
            new FactSet(facts),
        };

        foreach (var (team, reach) in view.LedTeams)
        {
            body.Add(new TextBlock(string.Format(text.Culture, text["Status.Team"], team.Name ?? team.TeamId)) { Bold = true, Separator = true });
            body.Add(new FactSet(
            [
                new Fact(text["Status.Members"], reach.Members.ToString(text.Culture)),
                new Fact(text["Status.Reachable"], reach.Reachable.ToString(text.Culture)),
                new Fact(text["Status.NotReachable"], (reach.Blocked + reach.Unaddressable).ToString(text.Culture)),
            ]));
            if (reach.Blocked + reach.Unaddressable > 0)
            {
                body.Add(new TextBlock(text["Status.HowToFix"]) { Subtle = true });
            }
        }

        if (view.LedTeams.Count > 0)
        {
            body.Add(new TextBlock(text["Status.NeverWho"]) { Subtle = true });
        }

        return new AdaptiveCard(body);
    }
}
