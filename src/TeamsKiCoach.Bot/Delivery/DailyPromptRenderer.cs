using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.People;
using TeamsKiCoach.Storage.Prompts;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>The day's prompt to one person, unless they answered it, paused that day or cannot be reached.</summary>
public sealed class DailyPromptRenderer(
    PromptAnswers prompts, PersonPreferences preferences, ConversationDirectory conversations, TeamDirectory teams) : IOutboxRenderer
{
    public OutboxKind Kind => OutboxKind.DailyPrompt;

    public async Task<OutboxRendering> RenderAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var prompt = await prompts.FindAsync(message.TenantId, message.SubjectId, cancellationToken);
        if (prompt is null || prompt.IsAnswered)
        {
            return new OutboxRendering.Skip("answered or gone before it was sent");
        }

        var person = message.RecipientAadObjectId ?? prompt.RecipientAadObjectId;
        if (await preferences.FindAsync(message.TenantId, person, cancellationToken) is { } settings
            && (settings.IsPausedOn(prompt.LocalDate) || settings.UnreachableSince is not null))
        {
            return new OutboxRendering.Skip("paused or not reachable since it was planned");
        }

        var chat = await conversations.PersonalChatAsync(message, person, cancellationToken);
        var memberOf = await teams.MemberOfAsync(message.TenantId, person, cancellationToken);
        var text = BotText.For(chat?.Locale);
        return OutboxRendering.Card(person, chat, PromptCard.Build(PromptCardView.For(prompt, memberOf), text), text["Prompt.Question"]);
    }
}
