using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Stages;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// A lead's answer to a suggested stage move (Confirm, Decline) and the team's nudge setting, from the status
/// card. Who answers is the Teams user of the activity, checked against the team's leads; card data only names
/// the team and the stages shown.
/// </summary>
public sealed class StageTurns(StageService stages, TeamDirectory teams, TimeProvider clock) : ITurnFeature
{
    public void Register(TurnRoutes routes)
    {
        routes.Verb(CardVerbs.SaveNudgeCadence, (turn, click, ct) => OfTeam(turn, click, teamId => CadenceAsync(turn.TenantId, turn.Person, teamId, click.Data, turn.Text, ct)));
        routes.Verbs([CardVerbs.ConfirmStage, CardVerbs.DeclineStage], (turn, click, ct) =>
            OfTeam(turn, click, teamId => DecideAsync(turn.TenantId, turn.Person, teamId, click.Verb == CardVerbs.ConfirmStage, click.Data, turn.Text, ct)));
    }

    private static Task<TurnReply> OfTeam(Turn turn, CardClick click, Func<string, Task<TurnReply>> answer) =>
        CardData.Text(click.Data, StatusCard.TeamField) is { } teamId ? answer(teamId) : Task.FromResult(TurnReply.Text(turn.Text["Stage.NotFound"]));

    private async Task<TurnReply> DecideAsync(string tenantId, Person person, string teamId, bool confirm, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        if (Stage(data, StatusCard.FromField) is not { } from || Stage(data, StatusCard.ToField) is not { } to)
        {
            return TurnReply.Text(text["Stage.NotFound"]);
        }

        var stageText = StageText.For(text.Culture.Name);
        var result = confirm
            ? await stages.ConfirmAsync(tenantId, person.AadObjectId, person.Name, teamId, from, to, stageText, cancellationToken)
            : await stages.DeclineAsync(tenantId, person.AadObjectId, person.Name, teamId, from, to, stageText, cancellationToken);
        if (result.View is not { } view)
        {
            return TurnReply.Text(text[result.Outcome == StageAnswer.NotALead ? "Stage.NotALead" : "Stage.NotFound"]);
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
        return TurnReply.Replace(StatusCard.Decided(note, view, text));
    }

    private async Task<TurnReply> CadenceAsync(string tenantId, Person person, string teamId, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        var input = CardData.Text(data, StatusCard.InputField);
        var value = input is null ? null : CardData.Text(data, input);
        if (!Enum.TryParse<NudgeCadence>(value, ignoreCase: false, out var cadence) || !Enum.IsDefined(cadence) || int.TryParse(value, out _))
        {
            return TurnReply.Text(text["Stage.NotFound"]);
        }

        if (!await teams.SetNudgeCadenceAsync(tenantId, person.AadObjectId, teamId, cadence, cancellationToken))
        {
            return TurnReply.Text(text["Nudges.CadenceNotLead"]);
        }

        var team = await teams.FindAsync(tenantId, teamId, cancellationToken);
        return TurnReply.Text(string.Format(text.Culture, text["Nudges.CadenceSaved"], team?.Name ?? teamId, text[$"Status.Nudges.{cadence}"]));
    }

    private static TeamStage? Stage(JObject? data, string name) =>
        CardData.SmallNumber(data, name) is { } number ? TeamStages.FromNumber(number) : null;
}
