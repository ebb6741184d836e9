using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Pilots;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>Renders the outbox's pilot messages at send time, in the recipient's language and as they may see the pilot.</summary>
public sealed class PilotMessages(PilotDesk desk)
{
    /// <summary>The card an outbox message about a pilot carries, rendered at send time for its recipient; null when it is gone.</summary>
    public async Task<(AdaptiveCard Card, string Summary)?> RenderAsync(OutboxMessage message, string? locale, CancellationToken cancellationToken)
    {
        var text = BotText.For(locale);
        if (message.Kind == OutboxKind.ReliefCheck)
        {
            if (message.RecipientAadObjectId is not { } recipient
                || await desk.ReliefAskAsync(message.TenantId, recipient, message.SubjectId, cancellationToken) is not { } asked
                || asked.Ask.Answered || !asked.Pilot.CountsAsRunning)
            {
                return null;
            }

            return (PilotCards.ReliefQuestion(asked.Ask.Id, asked.Pilot, asked.Ask.Week, text), PilotText.For(text.Culture.Name).ReliefQuestion);
        }

        var view = await desk.ViewForMessageAsync(message.TenantId, message.SubjectId, message.RecipientAadObjectId, cancellationToken);
        if (view is null)
        {
            return null;
        }

        var (note, summary) = message.Kind switch
        {
            OutboxKind.PilotApproval => (text["Pilot.Message.Approval"], text["Pilot.Message.Approval"]),
            OutboxKind.PilotNotice => (text["Pilot.Message.Notice"], text["Pilot.Message.Notice"]),
            _ => (text["Pilot.Message.Decided"], string.Format(text.Culture, text["Pilot.Message.DecidedSummary"], view.Pilot.Number, PilotText.For(text.Culture.Name).StateName(view.Pilot.State))),
        };

        // The channel sees the notice without buttons: the leads' clients refresh it into their own view.
        var shown = message.Kind == OutboxKind.PilotNotice ? view with { ViewerIsLead = false, ViewerIsOwner = false, ViewerIsProposer = false } : view;
        return (PilotCards.Detail(shown, text, note), summary);
    }
}
