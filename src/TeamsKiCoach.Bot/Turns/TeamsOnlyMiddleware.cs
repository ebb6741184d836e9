using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using TeamsKiCoach.Bot.Hosting;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// Lets through only Teams activities from allowed tenants; everything else is dropped before any handler
/// runs or anything is stored. A dropped invoke is answered 403, so the client shows a refusal instead of
/// waiting for an answer; a dropped message or update needs none.
/// </summary>
public sealed class TeamsOnlyMiddleware(IOptions<CoachOptions> options, ILogger<TeamsOnlyMiddleware> logger) : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        var activity = turnContext.Activity;
        var tenantId = ActivityFacts.TenantId(activity);
        if (activity.ChannelId != Channels.Msteams)
        {
            logger.LogWarning("Dropped a {ActivityType} activity from channel {ChannelId}: only Teams is served", activity.Type, activity.ChannelId);
            await RefuseInvokeAsync(turnContext, cancellationToken);
            return;
        }

        if (!options.Value.AllowsTenant(tenantId))
        {
            logger.LogWarning("Dropped a {ActivityType} activity from tenant {TenantId}: not in Coach:AllowedTenants", activity.Type, tenantId ?? "(none)");
            await RefuseInvokeAsync(turnContext, cancellationToken);
            return;
        }

        await next(cancellationToken);
    }

    private static async Task RefuseInvokeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Type == ActivityTypes.Invoke)
        {
            var refusal = new Activity { Type = ActivityTypesEx.InvokeResponse, Value = new InvokeResponse { Status = StatusCodes.Status403Forbidden } };
            await turnContext.SendActivityAsync(refusal, cancellationToken);
        }
    }
}
