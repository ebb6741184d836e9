using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>"hilfe" and the welcome card's help button: everything the bot understands, on one card.</summary>
public sealed class HelpTurns : ITurnFeature
{
    public void Register(TurnRoutes routes)
    {
        routes.Command(CommandKind.Help, (turn, _, _) => Task.FromResult(TurnReply.Json(HelpCard.Json(turn.Text))));
        routes.Verb(CardVerbs.ShowHelp, async (turn, _, ct) =>
        {
            if (!turn.AnswersInPlace)
            {
                return TurnReply.Json(HelpCard.Json(turn.Text));
            }

            // The welcome stays where it is, for the next person who reads the chat; the help comes below it.
            await turn.Context.SendActivityAsync(CardReply.Of(HelpCard.Json(turn.Text)), ct);
            return TurnReply.Replace(WelcomeCard.Build(AudienceOf(turn.Scope), turn.Text));
        });
    }

    public static WelcomeAudience AudienceOf(ConversationScope scope) => scope switch
    {
        ConversationScope.Channel => WelcomeAudience.Team,
        ConversationScope.GroupChat => WelcomeAudience.Group,
        _ => WelcomeAudience.Person,
    };
}
