using Microsoft.Bot.Builder;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>"hilfe" and the welcome card's help button: everything the bot understands, on one card.</summary>
public sealed class HelpTurns : ITurnFeature
{
    public void Register(TurnRoutes routes)
    {
        routes.Command(CommandKind.Help, (turn, _, _) => Task.FromResult(TurnReply.Json(HelpCard.Json(turn.Text))));
        routes.Verb(CardVerbs.ShowHelp, (turn, _, ct) => ShowAsync(turn.Context, turn.Way, turn.Scope, turn.Text, ct));
    }

    /// <summary>The welcome card's help button. It needs nobody's data, so it is answered even when who clicked is unknown.</summary>
    public static async Task<TurnReply> ShowAsync(ITurnContext context, TurnWay way, ConversationScope scope, BotText text, CancellationToken cancellationToken)
    {
        if (way != TurnWay.Execute)
        {
            return TurnReply.Json(HelpCard.Json(text));
        }

        // The welcome stays where it is, for the next person who reads the chat; the help comes below it.
        await context.SendActivityAsync(CardReply.Of(HelpCard.Json(text)), cancellationToken);
        return TurnReply.Replace(WelcomeCard.Build(AudienceOf(scope), text));
    }

    public static WelcomeAudience AudienceOf(ConversationScope scope) => scope switch
    {
        ConversationScope.Channel => WelcomeAudience.Team,
        ConversationScope.GroupChat => WelcomeAudience.Group,
        _ => WelcomeAudience.Person,
    };
}
