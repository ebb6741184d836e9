using System.Globalization;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Stages;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Bot.Cards;

public sealed record StatusView(
    PersonSettings? Settings,
    (DateTimeOffset Due, TimeZoneInfo Zone)? NextPrompt,
    IReadOnlyList<(TeamRecord Team, TeamReach Reach)> LedTeams,
    IReadOnlyList<TeamStageView>? Stages = null);

/// <summary>
/// A person's own status; for each of their teams its stage, what it means, the evidence so far and the next
/// small step, with a lead's Confirm / Decline for a suggested move; and for leads how many of their team the
/// bot can reach (counts only, never names) and how often nudges come.
/// </summary>
public static class StatusCard
{
    public const string TeamField = "team";
    public const string FromField = "from";
    public const string ToField = "to";
    public const string InputField = "input";

    public static string CadenceInputId(int index) => "cadence" + index.ToString(CultureInfo.InvariantCulture);

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

        var stages = view.Stages ?? [];
        for (var i = 0; i < stages.Count; i++)
        {
            body.AddRange(Stage(stages[i], i, text));
        }

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

    /// <summary>After a lead's answer: what happened, and the team's stage as it is now.</summary>
    public static AdaptiveCard Decided(string note, TeamStageView view, BotText text) => new([new LiteralText(note), .. Stage(view, 0, text)]);

    private static IEnumerable<CardElement> Stage(TeamStageView view, int index, BotText text)
    {
        var stage = StageText.For(text.Culture.Name);
        var advice = view.Advice;
        var team = view.Team.Name ?? view.Team.TeamId;
        yield return new LiteralText(string.Format(text.Culture, text["Status.Stage.Team"], team)) { Separator = true };
        yield return new TextBlock(stage.Title(advice.Current)) { Bold = true };
        yield return new TextBlock(stage.Meaning(advice.Current));
        if (advice.Evidence.Count > 0)
        {
            yield return new TextBlock(text["Status.Stage.Evidence"]) { Subtle = true };
            foreach (var line in advice.Evidence)
            {
                // Evidence names backlog patterns, whose titles are people's words.
                yield return new LiteralText("• " + stage.Line(line));
            }
        }

        yield return new TextBlock(string.Format(text.Culture, text["Status.Stage.NextStep"], stage.NextStep(advice.Current)));
        yield return new TextBlock(stage.Suggestion(advice)) { Bold = advice.HasSuggestion };
        if (view.ViewerIsLead && advice.Suggested is { } target)
        {
            var data = new Dictionary<string, string>
            {
                [TeamField] = view.Team.TeamId,
                [FromField] = advice.Current.Number().ToString(CultureInfo.InvariantCulture),
                [ToField] = target.Number().ToString(CultureInfo.InvariantCulture),
            };
            yield return new ActionSet(
            [
                new ExecuteAction(text["Status.Stage.Confirm"] + ": " + stage.Title(target), CardVerbs.ConfirmStage, data),
                new ExecuteAction(text["Status.Stage.Decline"], CardVerbs.DeclineStage, data),
            ]);
        }

        if (view.ViewerIsLead)
        {
            yield return new TextBlock(text["Status.Stage.LeadsDecide"]) { Subtle = true };
            var input = CadenceInputId(index);
            yield return new ChoiceInput(input, text["Status.Nudges.Label"],
                Enum.GetValues<NudgeCadence>().Select(c => new Choice(text[$"Status.Nudges.{c}"], c.ToString())).ToList())
            {
                Value = view.Team.NudgeCadence.ToString(),
            };
            yield return new ActionSet(
            [
                new ExecuteAction(text["Status.Nudges.Save"], CardVerbs.SaveNudgeCadence,
                    new Dictionary<string, string> { [TeamField] = view.Team.TeamId, [InputField] = input }),
            ]);
        }
    }
}
