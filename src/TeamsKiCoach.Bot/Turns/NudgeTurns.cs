using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Storage.Nudges;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// A lead's "nudge jetzt senden": this week's nudge run now, under the same rules as the scheduled one; and the one
/// button of a nudge, which opens what the bot already has for it.
/// </summary>
public sealed class NudgeTurns(NudgePlanner planner, IDeliveryTrigger delivery) : ITurnFeature
{
    public void Register(TurnRoutes routes)
    {
        routes.Command(CommandKind.SendNudgeNow, async (turn, _, ct) => TurnReply.Text(await SendNowAsync(turn.TenantId, turn.Person, turn.TeamId, turn.Text, ct)));

        // A nudge stays in the channel as it was; what its button opens comes as a new message.
        routes.Verb(CardVerbs.NudgeAction, (turn, click, _) => Task.FromResult(
            CardData.Text(click.Data, NudgeCard.TeamField) is { } teamId
                ? TurnReply.Open(Target(CardData.Text(click.Data, NudgeCard.ActionField), teamId, CardData.Text(click.Data, NudgeCard.SubjectField)))
                : TurnReply.Text(turn.Text["Pause.UnknownPerson"])));
    }

    /// <summary>
    /// What a nudge's action opens: the button or command that already answers it. Relief, pulse, bypass and
    /// decision results are on the status card until they have cards of their own.
    /// </summary>
    public static TurnTarget Target(string? action, string teamId, string? subject) => action switch
    {
        NudgeActions.ShowBacklog => TurnTarget.Verb(CardVerbs.ShowBacklog, new JObject { [BacklogCards.TeamField] = teamId }),
        NudgeActions.CheckPattern => TurnTarget.Verb(CardVerbs.MustAHumanDoIt, new JObject { [AssessmentCards.TeamField] = teamId, [AssessmentCards.EntryField] = subject }),
        NudgeActions.ProposePilot => TurnTarget.Verb(CardVerbs.ProposePilot, new JObject { [PilotCards.TeamField] = teamId, [PilotCards.EntryField] = subject }),
        NudgeActions.ShowRegistry => TurnTarget.Verb(CardVerbs.ShowRegistry, new JObject { [RegistryCards.TeamField] = teamId }),
        NudgeActions.AssignOwner => TurnTarget.Verb(CardVerbs.EditAutomation, new JObject { [RegistryCards.TeamField] = teamId, [RegistryCards.EntryField] = "automation-" + subject }),
        _ => TurnTarget.For(CommandKind.Status),
    };

    public async Task<string> SendNowAsync(string tenantId, Person person, string? teamInContext, BotText text, CancellationToken cancellationToken)
    {
        var results = await planner.RunNowAsync(tenantId, person.AadObjectId, teamInContext, cancellationToken);
        if (results is null or { Count: 0 })
        {
            return text["NudgeNow.NotLead"];
        }

        if (results.Any(r => r.Planned))
        {
            delivery.RunSoon();
        }

        return string.Join("\n\n", results.Select(r => Line(r, text)));
    }

    private static string Line(NudgeRunResult result, BotText text)
    {
        var team = result.Team;
        var name = team.Name ?? team.TeamId;
        if (result.NoChannel)
        {
            return string.Format(text.Culture, text["NudgeNow.NoChannel"], name);
        }

        return result.Skip switch
        {
            NudgeSkip.None => string.Format(text.Culture, text["NudgeNow.Sent"], name),
            NudgeSkip.QuietHours => string.Format(text.Culture, text["NudgeNow.Skip.QuietHours"], name, PromptTurns.Clock(team.QuietFrom, text), PromptTurns.Clock(team.QuietUntil, text)),
            NudgeSkip.TooSoon => string.Format(text.Culture, text["NudgeNow.Skip.TooSoon"], name, NudgePolicy.DaysBetween(team.NudgeCadence)),
            NudgeSkip.NothingToSay => string.Format(text.Culture, text["NudgeNow.Skip.NothingToSay"], name, StageText.For(text.Culture.Name).Title(team.Stage)),
            _ => string.Format(text.Culture, text[$"NudgeNow.Skip.{result.Skip}"], name),
        };
    }
}
