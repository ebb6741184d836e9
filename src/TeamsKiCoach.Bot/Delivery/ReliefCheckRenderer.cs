using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.People;
using TeamsKiCoach.Storage.Pilots;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>One round's relief question to one person, while its pilot runs and the question is open.</summary>
public sealed class ReliefCheckRenderer(ReliefChecks reliefChecks, PersonPreferences preferences, ConversationDirectory conversations) : IOutboxRenderer
{
    public OutboxKind Kind => OutboxKind.ReliefCheck;

    public async Task<OutboxRendering> RenderAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.RecipientAadObjectId is not { } person)
        {
            return PilotMessageRenderer.Gone;
        }

        if (await preferences.FindAsync(message.TenantId, person, cancellationToken) is { } settings
            && (settings.UnreachableSince is not null || settings.IsPausedOn(DateOnly.FromDateTime(message.NextAttemptAt.UtcDateTime))))
        {
            return PilotMessageRenderer.Gone;
        }

        var chat = await conversations.PersonalChatAsync(message, person, cancellationToken);
        if (await reliefChecks.FindAskAsync(message.TenantId, person, message.SubjectId, cancellationToken) is not { } asked
            || asked.Ask.Answered || !asked.Pilot.CountsAsRunning)
        {
            return PilotMessageRenderer.Gone;
        }

        var text = BotText.For(chat?.Locale);
        return OutboxRendering.Card(person, chat, PilotCards.ReliefQuestion(asked.Ask.Id, asked.Pilot, asked.Ask.Week, text), PilotText.For(text.Culture.Name).ReliefQuestion);
    }
}
