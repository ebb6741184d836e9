using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.People;
using TeamsKiCoach.Storage.Pilots;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>
/// A pilot as it stands when the message is sent, to one reader: the decision request to a lead
/// (<see cref="OutboxKind.PilotApproval"/>), the notice in the team's channel (<see cref="OutboxKind.PilotNotice"/>)
/// or the lead's decision to the proposer (<see cref="OutboxKind.PilotDecided"/>). One instance per kind.
/// </summary>
public sealed class PilotMessageRenderer(OutboxKind kind, PilotSteps pilotSteps, PersonPreferences preferences, ConversationDirectory conversations) : IOutboxRenderer
{
    public static readonly IReadOnlyList<OutboxKind> Kinds = [OutboxKind.PilotApproval, OutboxKind.PilotNotice, OutboxKind.PilotDecided];

    internal static readonly OutboxRendering.Skip Gone = new("the pilot, its channel or its question is gone, or the person paused or cannot be reached");

    public OutboxKind Kind { get; } = Kinds.Contains(kind) ? kind : throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a message about a pilot");

    public async Task<OutboxRendering> RenderAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var person = message.RecipientAadObjectId;
        ConversationRecord? chat;
        if (Kind == OutboxKind.PilotNotice)
        {
            chat = await conversations.PlannedChatAsync(message, cancellationToken);
            if (chat is not { Installed: true })
            {
                return Gone;
            }
        }
        else
        {
            if (person is null
                || (await preferences.FindAsync(message.TenantId, person, cancellationToken))?.UnreachableSince is not null)
            {
                return Gone;
            }

            chat = await conversations.PersonalChatAsync(message, person, cancellationToken);
        }

        var view = await pilotSteps.ViewForMessageAsync(message.TenantId, message.SubjectId, message.RecipientAadObjectId, cancellationToken);
        if (view is null)
        {
            return Gone;
        }

        var text = BotText.For(chat?.Locale);
        var (note, summary) = Kind switch
        {
            OutboxKind.PilotApproval => (text["Pilot.Message.Approval"], text["Pilot.Message.Approval"]),
            OutboxKind.PilotNotice => (text["Pilot.Message.Notice"], text["Pilot.Message.Notice"]),
            _ => (text["Pilot.Message.Decided"], string.Format(text.Culture, text["Pilot.Message.DecidedSummary"], view.Pilot.Number, PilotText.For(text.Culture.Name).StateName(view.Pilot.State))),
        };

        // The channel sees the notice without buttons: the leads' clients refresh it into their own view.
        var shown = Kind == OutboxKind.PilotNotice ? view with { ViewerIsLead = false, ViewerIsOwner = false, ViewerIsProposer = false } : view;
        return OutboxRendering.Card(person, chat, PilotCards.Detail(shown, text, note), summary);
    }
}
