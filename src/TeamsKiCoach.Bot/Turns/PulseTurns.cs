using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Bot.Pulse;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Pulse;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// The weekly pulse in chat: answering the card (and changing the answer until the week closes), a lead's
/// "puls jetzt senden", and the results, which only leads (in personal chat) and the team channel see, always in
/// aggregate. Who answers is the Teams user of the activity; the card's data only names the week's run.
/// </summary>
public sealed class PulseTurns(PulseService pulses, TeamDirectory teams, IDeliveryTrigger delivery, TimeProvider clock, ILogger<PulseTurns>? logger = null) : ITurnFeature
{
    public void Register(TurnRoutes routes)
    {
        routes.Command(CommandKind.SendPulseNow, async (turn, _, ct) => TurnReply.Text(await SendNowAsync(turn, ct)));
        routes.Command(CommandKind.PulseResults, (turn, _, ct) => ResultsAsync(turn, ct));
        routes.Verb(CardVerbs.ShowPulseResults, async (turn, click, ct) => CardData.Text(click.Data, PulseCards.TeamField) is { } team
            ? await ResultsAnswerAsync(turn, team, inChannel: false, ct)
            : TurnReply.Text(turn.Text["PulseResults.NotFound"]));
        routes.Verb(CardVerbs.EditPulse, (turn, click, ct) => OfRunAsync(turn, click, (_, facts) => Task.FromResult(facts.ClosesAt > clock.GetUtcNow()
            ? TurnReply.Replace(PulseCards.Question(facts, turn.Text))
            : TurnReply.Text(turn.Text["Pulse.Closed"])), ct));
        routes.Verb(CardVerbs.AnswerPulse, (turn, click, ct) => OfRunAsync(turn, click, (runId, facts) =>
            AnswerAsync(turn.TenantId, turn.Person, runId, facts, click.Data, turn.Text, ct), ct));
    }

    // The week's run the card names, as this person may see it; the card's data names nothing else.
    private async Task<TurnReply> OfRunAsync(Turn turn, CardClick click, Func<long, PulseCardFacts, Task<TurnReply>> answer, CancellationToken cancellationToken) =>
        long.TryParse(CardData.Text(click.Data, PulseCards.RunField), NumberStyles.None, CultureInfo.InvariantCulture, out var runId)
        && await pulses.CardAsync(turn.TenantId, runId, turn.Person.AadObjectId, cancellationToken) is { } facts
            ? await answer(runId, facts)
            : TurnReply.Text(turn.Text["Pulse.NotFound"]);

    private async Task<TurnReply> AnswerAsync(string tenantId, Person person, long runId, PulseCardFacts facts, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        if (Submission(data) is not { } submission)
        {
            return TurnReply.Replace(PulseCards.Question(facts, text, text["Pulse.Invalid"]));
        }

        var result = await pulses.SubmitAsync(tenantId, person.AadObjectId, runId, submission, cancellationToken);
        return result switch
        {
            PulseSubmit.Saved or PulseSubmit.Changed => TurnReply.Replace(PulseCards.Answered(
                (await pulses.CardAsync(tenantId, runId, person.AadObjectId, cancellationToken))!, result == PulseSubmit.Changed, text)),
            PulseSubmit.Empty => TurnReply.Replace(PulseCards.Question(facts, text, text["Pulse.Empty"])),
            PulseSubmit.Closed => TurnReply.Text(text["Pulse.Closed"]),
            PulseSubmit.NotMember => TurnReply.Text(text["Pulse.NotMember"]),
            _ => TurnReply.Text(text["Pulse.NotFound"]),
        };
    }

    /// <summary>"puls jetzt senden": a lead sends this week's pulse to the team in context, else to the teams they lead.</summary>
    public async Task<string> SendNowAsync(Turn turn, CancellationToken cancellationToken)
    {
        var (tenantId, person, text) = (turn.TenantId, turn.Person, turn.Text);
        var targets = await turn.LedTeamsAsync(teams, cancellationToken);
        if (targets.Count == 0)
        {
            return text["Pulse.SendNow.NotLead"];
        }

        var lines = new List<string>();
        foreach (var team in targets)
        {
            var run = await pulses.PlanNowForTeamAsync(tenantId, team.TeamId, person.AadObjectId, cancellationToken);
            lines.Add(string.Format(text.Culture, text["Pulse.SendNow.Done"], team.Name ?? team.TeamId, run.Planned, run.Members));
        }

        delivery.RunSoon();
        return string.Join("\n\n", lines);
    }

    /// <summary>"puls": in a team channel that team's results; in personal chat the results of a team the person leads.</summary>
    public async Task<TurnReply> ResultsAsync(Turn turn, CancellationToken cancellationToken)
    {
        var text = turn.Text;
        if (turn.TeamInContext is { } teamInContext)
        {
            return await ResultsAnswerAsync(turn, teamInContext, inChannel: true, cancellationToken);
        }

        var led = await teams.LedByAsync(turn.TenantId, turn.Person.AadObjectId, cancellationToken);
        return led.Count switch
        {
            0 => TurnReply.Text(text["PulseResults.LeadsOnly"]),
            1 => await ResultsAnswerAsync(turn, led[0].TeamId, inChannel: false, cancellationToken),
            _ => TurnReply.Replace(TeamChoiceCard.Build(led.Select(t => (t.TeamId, t.Name ?? t.TeamId)), CardVerbs.ShowPulseResults, text)),
        };
    }

    private async Task<TurnReply> ResultsAnswerAsync(Turn turn, string teamId, bool inChannel, CancellationToken cancellationToken)
    {
        var (tenantId, text) = (turn.TenantId, turn.Text);
        // Results are for the team channel (everyone there reads the same aggregate) and for the team's leads.
        var team = await teams.FindAsync(tenantId, teamId, cancellationToken);
        if (team is null || (!inChannel && !(team.Installed && (await turn.RoleInAsync(teamId, cancellationToken)).IsLead)))
        {
            return TurnReply.Text(text["PulseResults.LeadsOnly"]);
        }

        var results = await pulses.ResultsAsync(tenantId, teamId, cancellationToken);
        var variants = await pulses.VariantsAsync(tenantId, teamId, cancellationToken);
        var pulseText = PulseText.For(text.Culture.Name);
        var chart = results.Trend.Count > 0 ? Chart(results, pulseText) : null;
        var current = PulseWeek.At(clock.GetUtcNow(), PromptCalendar.Zone(team.TimeZone, TeamRecord.DefaultTimeZone)).Week;
        var view = new PulseResultsView(teamId, team.Name ?? teamId, results, variants, current,
            PulseThresholds.IsValid(team.PulseMinAnswers) ? team.PulseMinAnswers : PulseThresholds.DefaultMinAnswers,
            chart?.DataUri, chart?.Text ?? pulseText.TrendText(results.Trend));
        return TurnReply.Replace(PulseCards.Results(view, text));
    }

    // The numbers are on the card as text either way; a machine that cannot draw (no font, say) loses only the picture.
    private PulseChartImage? Chart(PulseResults results, PulseText text)
    {
        try
        {
            return PulseChart.Render(results, text);
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or InvalidOperationException or NotSupportedException)
        {
            logger?.LogWarning(ex, "The pulse chart could not be drawn; the results card shows its numbers as text only");
            return null;
        }
    }

    // The card's inputs; null for a rating that is no number from 1 to 5.
    private static PulseSubmission? Submission(JObject? data)
    {
        int? relief = null;
        if (CardData.Text(data, PulseCards.ReliefInputId) is { Length: > 0 } rating)
        {
            if (!int.TryParse(rating, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 5)
            {
                return null;
            }

            relief = value;
        }

        var noTime = string.Equals(CardData.Text(data, PulseCards.NoTimeInputId), "true", StringComparison.OrdinalIgnoreCase);
        return new PulseSubmission(relief, CardData.Text(data, PulseCards.FirstInputId), CardData.Text(data, PulseCards.SecondInputId), CardData.Text(data, PulseCards.ThirdInputId), noTime);
    }
}
