using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Bot.Turns;

namespace TeamsKiCoach.Bot.Hosting;

/// <summary>The one adapter: Teams-only filter, conversation capture, and the single error handler.</summary>
public sealed class CoachAdapter : CloudAdapter
{
    public CoachAdapter(
        BotFrameworkAuthentication authentication,
        TeamsOnlyMiddleware teamsOnly,
        ConversationCaptureMiddleware capture,
        ILogger<CoachAdapter> logger)
        : base(authentication, logger)
    {
        Use(teamsOnly);
        Use(capture);
        OnTurnError = async (turnContext, exception) =>
        {
            var activity = turnContext.Activity;
            logger.LogError(exception, "Turn failed for {ActivityType} in conversation {ConversationId}", activity.Type, activity.Conversation?.Id);
            try
            {
                await TellAboutTheFailureAsync(turnContext);
            }
            catch (Exception sendFailure)
            {
                logger.LogError(sendFailure, "Could not tell conversation {ConversationId} about the failure", activity.Conversation?.Id);
            }
        };
    }

    // A card button gets its apology as the invoke's answer, shown where it was pressed. A message gets a short
    // apology in the chat. An install or conversation update was not written by anyone: the chat hears nothing.
    private static async Task TellAboutTheFailureAsync(ITurnContext turnContext)
    {
        var text = BotText.For(ActivityFacts.Locale(turnContext.Activity));
        switch (turnContext.Activity.Type)
        {
            case ActivityTypes.Invoke:
                await turnContext.SendActivityAsync(new Activity
                {
                    Type = ActivityTypesEx.InvokeResponse,
                    Value = new InvokeResponse { Status = StatusCodes.Status200OK, Body = CardReply.Message(text["Error.Reply"]) },
                });
                break;
            case ActivityTypes.Message:
                await turnContext.SendActivityAsync(MessageFactory.Text(text["Error.Reply"]));
                break;
        }
    }
}
