using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using TeamsKiCoach.Coaching.Conversations;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// Stores the conversation reference of every install, conversation update and message, so that the bot can
/// reach people later (daily prompts, pulses) without holding anything in memory.
/// </summary>
public sealed class ConversationCaptureMiddleware(ConversationDirectory directory) : Microsoft.Bot.Builder.IMiddleware
{
    private static readonly HashSet<string> CapturedTypes =
        [ActivityTypes.Message, ActivityTypes.ConversationUpdate, ActivityTypes.InstallationUpdate, ActivityTypes.Invoke];

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        if (CapturedTypes.Contains(turnContext.Activity.Type) && ActivityFacts.Snapshot(turnContext.Activity) is { } snapshot)
        {
            await directory.RecordAsync(snapshot, cancellationToken);
        }

        await next(cancellationToken);
    }
}
