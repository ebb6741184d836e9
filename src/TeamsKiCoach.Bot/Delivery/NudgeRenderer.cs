using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.Nudges;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>A nudge goes to the team channel it was planned for, as a new post, in the words its run composed.</summary>
public sealed class NudgeRenderer(NudgePlanner nudges, ConversationDirectory conversations) : IOutboxRenderer
{
    public OutboxKind Kind => OutboxKind.Nudge;

    public async Task<OutboxRendering> RenderAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var run = await nudges.FindAsync(message.TenantId, message.SubjectId, cancellationToken);
        var channel = await conversations.PlannedChatAsync(message, cancellationToken);
        if (run is null || channel is null || !channel.Installed)
        {
            return new OutboxRendering.Skip("the nudge or its channel is gone");
        }

        return OutboxRendering.Card(null, channel, NudgeCard.Build(run, BotText.For(run.Language)), run.Title);
    }
}
