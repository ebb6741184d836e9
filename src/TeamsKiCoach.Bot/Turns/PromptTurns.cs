using System.Globalization;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.People;
using TeamsKiCoach.Storage.Prompts;
using TeamsKiCoach.Storage.Stages;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// The daily prompt as people meet it in chat: answering the card, pausing, a holiday, their own prompt time,
/// their status, and a lead's "send today's prompt now".
/// </summary>
public sealed class PromptTurns(
    PromptAnswers answers,
    PromptPlanner planner,
    TeamDirectory teams,
    PersonPreferences preferences,
    IDeliveryTrigger delivery,
    StageService stages,
    TimeProvider clock) : ITurnFeature
{
    public void Register(TurnRoutes routes)
    {
        routes.Command(CommandKind.Pause, async (turn, command, ct) => TurnReply.Text(await PauseAsync(turn.TenantId, turn.Person, command, turn.Text, ct)));
        routes.Command(CommandKind.Vacation, async (turn, command, ct) => TurnReply.Text(await PauseAsync(turn.TenantId, turn.Person, command, turn.Text, ct)));
        routes.Command(CommandKind.Resume, async (turn, _, ct) =>
            TurnReply.Text(turn.Text[$"Pause.{await preferences.ResumeAsync(turn.TenantId, turn.Person.AadObjectId, ct)}"]));
        routes.Command(CommandKind.PromptTime, async (turn, command, ct) =>
            TurnReply.Text(await SetPromptTimeAsync(turn.TenantId, turn.Person, command.Time!.Value, turn.Text, ct)));
        routes.Command(CommandKind.Status, async (turn, _, ct) => TurnReply.Replace(await StatusAsync(turn.TenantId, turn.Person, turn.Text, ct)));
        routes.Command(CommandKind.SendPromptsNow, async (turn, _, ct) => TurnReply.Text(await SendNowAsync(turn, ct)));

        // What the parser could not take, with what it needs instead.
        routes.Command(CommandKind.InvalidDate, (turn, _, _) => Task.FromResult(TurnReply.Text(turn.Text["Command.InvalidDate"])));
        routes.Command(CommandKind.InvalidTime, (turn, _, _) => Task.FromResult(TurnReply.Text(turn.Text["Command.InvalidTime"])));
        routes.Command(CommandKind.InvalidPause, (turn, _, _) => Task.FromResult(TurnReply.Text(turn.Text["Command.InvalidPause"])));

        routes.Verbs([CardVerbs.AnswerPrompt, CardVerbs.NothingToday], (turn, click, ct) =>
            AnswerAsync(turn.TenantId, turn.Person, click.Verb, click.Data, turn.Text, ct));
    }

    /// <summary>A click on "Eintragen" or "Heute nichts". Who answers is the Teams user of the activity, never card data.</summary>
    public async Task<TurnReply> AnswerAsync(string tenantId, Person person, string verb, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        if (!long.TryParse(CardData.Text(data, PromptCard.PromptIdField), NumberStyles.None, CultureInfo.InvariantCulture, out var promptId))
        {
            return TurnReply.Text(text["Prompt.NotFound"]);
        }

        PromptInputs? inputs = null;
        PromptReply? reply = null;
        if (verb == CardVerbs.AnswerPrompt)
        {
            inputs = new PromptInputs(
                CardData.Text(data, PromptCard.TextInputId),
                CardData.Text(data, PromptCard.FrequencyInputId),
                CardData.Text(data, PromptCard.MinutesInputId),
                string.Equals(CardData.Text(data, PromptCard.AnonymousInputId), "true", StringComparison.OrdinalIgnoreCase),
                CardData.Text(data, PromptCard.TeamInputId));
            var (parsed, problemKey) = Parse(inputs);
            if (parsed is null)
            {
                return await AgainAsync(tenantId, person, promptId, inputs, problemKey!, text, cancellationToken);
            }

            reply = parsed;
        }

        var result = await answers.AnswerAsync(tenantId, person.AadObjectId, promptId, reply, cancellationToken);
        switch (result)
        {
            case AnswerResult.Recorded recorded:
                return TurnReply.Replace(PromptAnsweredCard.Recorded(recorded, await TeamNameAsync(tenantId, recorded.TeamId, text, cancellationToken), text));
            case AnswerResult.NothingToday:
                return TurnReply.Replace(PromptAnsweredCard.NothingToday(text));
            case AnswerResult.AlreadyAnswered already:
                return TurnReply.Replace(PromptAnsweredCard.AlreadyAnswered(already, text));
            case AnswerResult.NotYours:
                return TurnReply.Text(text["Prompt.NotYours"]);
            case AnswerResult.Invalid invalid:
                return await AgainAsync(tenantId, person, promptId, inputs, ProblemKey(invalid.Problem), text, cancellationToken);
            default:
                return TurnReply.Text(text["Prompt.NotFound"]);
        }
    }

    public async Task<string> SendNowAsync(Turn turn, CancellationToken cancellationToken)
    {
        var (tenantId, person, text) = (turn.TenantId, turn.Person, turn.Text);
        var targets = await turn.LedTeamsAsync(teams, cancellationToken);
        if (targets.Count == 0)
        {
            return text["SendNow.NotLead"];
        }

        var lines = new List<string>();
        foreach (var team in targets)
        {
            var run = await planner.PlanNowForTeamAsync(tenantId, team.TeamId, person.AadObjectId, cancellationToken);
            lines.Add(string.Format(text.Culture, text["SendNow.Done"], run.Planned, run.Members, team.Name ?? team.TeamId));
            if (run.Planned < run.Members)
            {
                lines.Add(string.Format(text.Culture, text["SendNow.Skipped"], run.AlreadyPrompted, run.Paused, run.Unreachable, run.QuietHours));
            }
        }

        delivery.RunSoon();
        return string.Join("\n\n", lines);
    }

    public async Task<AdaptiveCard> StatusAsync(string tenantId, Person person, BotText text, CancellationToken cancellationToken)
    {
        var outlook = await planner.OutlookAsync(tenantId, person.AadObjectId, cancellationToken);
        var theirs = await stages.TeamsOfPersonAsync(tenantId, person.AadObjectId, cancellationToken);
        var reach = new List<(TeamRecord, TeamReach)>();
        foreach (var team in theirs.Led)
        {
            reach.Add((team, await teams.ReachAsync(tenantId, team.TeamId, cancellationToken)));
        }

        return StatusCard.Build(new StatusView(outlook.Settings, outlook.Next, reach, theirs.Stages), text);
    }

    public async Task<string> PauseAsync(string tenantId, Person person, Command command, BotText text, CancellationToken cancellationToken)
    {
        var today = await TodayAsync(tenantId, person, cancellationToken);
        DateOnly? resumeOn = command.Kind switch
        {
            CommandKind.Vacation when command.Until is { } until => until.AddDays(1),
            CommandKind.Pause when command.Pause is { } span => span.ResumeOn(today),
            _ => null,
        };
        var change = await preferences.PauseAsync(tenantId, person.AadObjectId, cancellationToken, resumeOn);
        if (resumeOn is not { } resume)
        {
            return text[$"Pause.{change}"];
        }

        var key = command.Kind == CommandKind.Vacation ? "Vacation.Set" : "Pause.Until";
        return string.Format(text.Culture, text[key], Day(resume.AddDays(-1), text), Day(resume, text));
    }

    public async Task<string> SetPromptTimeAsync(string tenantId, Person person, TimeOnly time, BotText text, CancellationToken cancellationToken)
    {
        var team = (await teams.MemberOfAsync(tenantId, person.AadObjectId, cancellationToken)).FirstOrDefault();
        var quietFrom = team?.QuietFrom ?? TeamRecord.DefaultQuietFrom;
        var quietUntil = team?.QuietUntil ?? TeamRecord.DefaultQuietUntil;
        if (PromptCalendar.InQuietHours(time, quietFrom, quietUntil))
        {
            return string.Format(text.Culture, text["PromptTime.Quiet"], Clock(time, text), Clock(quietFrom, text), Clock(quietUntil, text));
        }

        await preferences.SetPromptTimeAsync(tenantId, person.AadObjectId, time, cancellationToken);
        var zone = await planner.ZoneOfAsync(tenantId, person.AadObjectId, cancellationToken);
        return string.Format(text.Culture, text["PromptTime.Set"], Clock(time, text), zone.Id);
    }

    public static string Day(DateOnly date, BotText text) =>
        date.ToString(text.IsEnglish ? "ddd d MMM yyyy" : "ddd, dd.MM.yyyy", text.Culture);

    public static string Clock(TimeOnly time, BotText text) =>
        time.ToString(text.IsEnglish ? "h:mm tt" : "HH:mm", text.Culture);

    private async Task<DateOnly> TodayAsync(string tenantId, Person person, CancellationToken cancellationToken) =>
        PromptCalendar.LocalDate(clock.GetUtcNow(), await planner.ZoneOfAsync(tenantId, person.AadObjectId, cancellationToken));

    private async Task<TurnReply> AgainAsync(string tenantId, Person person, long promptId, PromptInputs? inputs, string problemKey, BotText text, CancellationToken cancellationToken)
    {
        var prompt = await answers.FindAsync(tenantId, promptId, cancellationToken);
        if (prompt is null || prompt.RecipientAadObjectId != person.AadObjectId)
        {
            return TurnReply.Text(text[prompt is null ? "Prompt.NotFound" : "Prompt.NotYours"]);
        }

        var memberOf = await teams.MemberOfAsync(tenantId, person.AadObjectId, cancellationToken);
        return TurnReply.Replace(PromptCard.Build(PromptCardView.For(prompt, memberOf) with { Values = inputs, ProblemKey = problemKey }, text));
    }

    private async Task<string> TeamNameAsync(string tenantId, string teamId, BotText text, CancellationToken cancellationToken) =>
        teamId.StartsWith(TeamRecord.PersonalPrefix, StringComparison.Ordinal)
            ? text["Answered.PersonalBacklog"]
            : (await teams.FindAsync(tenantId, teamId, cancellationToken))?.Name ?? teamId;

    private static (PromptReply? Reply, string? ProblemKey) Parse(PromptInputs inputs)
    {
        if (string.IsNullOrWhiteSpace(inputs.Text))
        {
            return (null, ProblemKey(AnswerProblem.EmptyText));
        }

        if (!Enum.TryParse<Frequency>(inputs.Frequency, ignoreCase: true, out var frequency) || !Enum.IsDefined(frequency)
            || int.TryParse(inputs.Frequency, out _))
        {
            return (null, "Prompt.Problem.Frequency");
        }

        int? minutes = null;
        if (!string.IsNullOrWhiteSpace(inputs.Minutes))
        {
            if (!double.TryParse(inputs.Minutes, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || value < 0 || value > PromptAnswers.MaxMinutes || double.IsNaN(value))
            {
                return (null, ProblemKey(AnswerProblem.MinutesOutOfRange));
            }

            minutes = (int)Math.Round(value);
        }

        return (new PromptReply(inputs.Text, frequency, minutes, inputs.Anonymous, string.IsNullOrWhiteSpace(inputs.TeamId) ? null : inputs.TeamId), null);
    }

    private static string ProblemKey(AnswerProblem problem) => problem switch
    {
        AnswerProblem.EmptyText => "Prompt.Problem.EmptyText",
        AnswerProblem.MinutesOutOfRange => "Prompt.Problem.Minutes",
        _ => "Prompt.Problem.Team",
    };

}
