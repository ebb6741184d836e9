using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.People;
using TeamsKiCoach.Storage.Pulse;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>This week's pulse card for one member, unless the week has closed, they answered already, paused or cannot be reached.</summary>
public sealed class PulseRenderer(PulseService pulses, PersonPreferences preferences, ConversationDirectory conversations, TimeProvider clock) : IOutboxRenderer
{
    private static readonly OutboxRendering.Skip Gone = new("answered, closed or gone, or the person paused or cannot be reached");

    public OutboxKind Kind => OutboxKind.Pulse;

    public async Task<OutboxRendering> RenderAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (message.RecipientAadObjectId is not { } person
            || await pulses.CardAsync(message.TenantId, message.SubjectId, person, cancellationToken) is not { } facts
            || facts.ClosesAt <= now
            || facts.Current is not null)
        {
            return Gone;
        }

        if (await preferences.FindAsync(message.TenantId, person, cancellationToken) is { } settings
            && (settings.UnreachableSince is not null || settings.IsPausedOn(DateOnly.FromDateTime(now.UtcDateTime))))
        {
            return Gone;
        }

        var chat = await conversations.PersonalChatAsync(message, person, cancellationToken);
        var text = BotText.For(chat?.Locale);
        return OutboxRendering.Card(person, chat, PulseCards.Question(facts, text), text["Pulse.Summary"]);
    }
}
