using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// A lead's answer to a suggested stage move (Confirm, Decline) and the team's nudge setting, from the status
/// card. Who answers is the Teams user of the activity, checked against the team's leads; card data only names
/// the team and the stages shown.
/// </summary>
public sealed class StageTurns(StageDesk desk, TeamDirectory teams, TimeProvider clock)
{
    public async Task<CardAnswer> ExecuteAsync(string tenantId, Person person, string verb, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        if (CardData.Text(data, StatusCard.TeamField) is not { } teamId)
        {
            return CardAnswer.Text(text["Stage.NotFound"]);
        }

        if (verb == CardVerbs.SaveNudgeCadence)
        {
            return await CadenceAsync(tenantId, person, teamId, data, text, cancellationToken);
        }

        if (Stage(data, StatusCard.FromField) is not { } from || Stage(data, StatusCard.ToField) is not { } to)
        {
            return CardAnswer.Text(text["Stage.NotFound"]);
        }

        var stageText = StageText.For(text.Culture.Name);
        var result = verb == CardVerbs.ConfirmStage
            ? await desk.ConfirmAsync(tenantId, person.AadObjectId, person.Name, teamId, from, to, stageText, cancellationToken)
            : await desk.DeclineAsync(tenantId, person.AadObjectId, person.Name, teamId, from, to, stageText, cancellationToken);
        if (result.View is not { } view)
        {
            return CardAnswer.Text(text[result.Outcome == StageAnswer.NotALead ? "Stage.NotALead" : "Stage.NotFound"]);
        }

        var name = view.Team.Name ?? view.Team.TeamId;
        var current = stageText.Title(view.Advice.Current);
        var note = result.Outcome switch
        {
            StageAnswer.Moved => string.Format(text.Culture, text["Stage.Moved"], name, current, person.Name ?? text["Stage.Someone"]),
            StageAnswer.Stayed => string.Format(text.Culture, text["Stage.Stayed"], name, current),
            StageAnswer.Declined => string.Format(text.Culture, text["Stage.Declined"], name, current,
                (view.Advice.RestingUntil ?? clock.GetUtcNow()).ToString(stageText["Format.Date"], text.Culture)),
            _ => string.Format(text.Culture, text["Stage.ChangedMeanwhile"], result.DecidedBy ?? text["Stage.Someone"], current),
        };
        return CardAnswer.Replace(StatusCard.Decided(note, view, text));
    }

    private async Task<CardAnswer> CadenceAsync(string tenantId, Person person, string teamId, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        var input = CardData.Text(data, StatusCard.InputField);
        var value = input is null ? null : CardData.Text(data, input);
        if (!Enum.TryParse<NudgeCadence>(value, ignoreCase: false, out var cadence) || !Enum.IsDefined(cadence) || int.TryParse(value, out _))
        {
            return CardAnswer.Text(text["Stage.NotFound"]);
        }

        if (!await teams.SetNudgeCadenceAsync(tenantId, person.AadObjectId, teamId, cadence, cancellationToken))
        {
            return CardAnswer.Text(text["Nudges.CadenceNotLead"]);
        }

        var team = await teams.FindAsync(tenantId, teamId, cancellationToken);
        return CardAnswer.Text(string.Format(text.Culture, text["Nudges.CadenceSaved"], team?.Name ?? teamId, text[$"Status.Nudges.{cadence}"]));
    }

    private static TeamStage? Stage(JObject? data, string name) =>
        CardData.SmallNumber(data, name) is { } number ? TeamStages.FromNumber(number) : null;
}
