using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Storage.Conversations;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// Stores the conversation reference of every install, conversation update and message, so that the bot can
/// reach people later (daily prompts, pulses) without holding anything in memory. Someone Teams reported as
/// unreachable becomes reachable again by writing to the bot.
/// </summary>
public sealed class ConversationCaptureMiddleware(ConversationDirectory directory) : Microsoft.Bot.Builder.IMiddleware
{
    private static readonly HashSet<string> CapturedTypes =
        [ActivityTypes.Message, ActivityTypes.ConversationUpdate, ActivityTypes.InstallationUpdate, ActivityTypes.Invoke];

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        if (CapturedTypes.Contains(turnContext.Activity.Type) && ActivityFacts.Snapshot(turnContext.Activity) is { } snapshot)
        {
            var wrote = turnContext.Activity.Type is ActivityTypes.Message or ActivityTypes.Invoke ? snapshot.From?.AadObjectId : null;
            await directory.RecordAsync(snapshot, cancellationToken, backInTouch: wrote);
        }

        await next(cancellationToken);
    }
}
