using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using TeamsKiCoach.Bot.Turns;
using TeamsKiCoach.Bot.Localization;

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
            logger.LogError(exception, "Turn failed for {ActivityType} in conversation {ConversationId}", turnContext.Activity.Type, turnContext.Activity.Conversation?.Id);
            try
            {
                var text = BotText.For(ActivityFacts.Locale(turnContext.Activity));
                await turnContext.SendActivityAsync(MessageFactory.Text(text["Error.Reply"]));
            }
            catch (Exception sendFailure)
            {
                logger.LogError(sendFailure, "Could not tell conversation {ConversationId} about the failure", turnContext.Activity.Conversation?.Id);
            }
        };
    }
}
