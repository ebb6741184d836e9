using System.Collections.Frozen;
using Microsoft.Bot.Schema;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Storage.Conversations;

namespace TeamsKiCoach.Bot.Delivery;

/// <summary>What an outbox message is at send time: an activity for a chat, or the reason it is no longer sent.</summary>
public abstract record OutboxRendering
{
    private OutboxRendering()
    {
    }

    /// <summary>
    /// The activity goes to <paramref name="Chat"/>; with no chat yet, to a new 1:1 chat with <paramref name="Person"/>,
    /// opened from the team's roster.
    /// </summary>
    public sealed record Ready(string? Person, ConversationRecord? Chat, IMessageActivity Activity) : OutboxRendering;

    /// <summary>Nothing is sent: the message no longer makes sense (answered, gone, paused, unreachable).</summary>
    public sealed record Skip(string Reason) : OutboxRendering;

    public static Ready Card(string? person, ConversationRecord? chat, AdaptiveCard card, string summary)
    {
        var activity = CardReply.Of(card);
        activity.Summary = summary;
        return new Ready(person, chat, activity);
    }
}

/// <summary>
/// Renders one kind of outbox message, at send time, from what is stored then: in the recipient's language and
/// as they may see it now, or not at all when the message no longer makes sense.
/// </summary>
public interface IOutboxRenderer
{
    OutboxKind Kind { get; }

    Task<OutboxRendering> RenderAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Every message kind's renderer, looked up by kind. Built once when the host starts, and refuses to be built
/// when a kind has no renderer or two: a kind added to the outbox without its renderer stops the host at start
/// instead of failing its first send.
/// </summary>
public sealed class OutboxRenderers
{
    private readonly FrozenDictionary<OutboxKind, IOutboxRenderer> byKind;

    public OutboxRenderers(IEnumerable<IOutboxRenderer> renderers)
    {
        var table = new Dictionary<OutboxKind, IOutboxRenderer>();
        foreach (var renderer in renderers)
        {
            if (!table.TryAdd(renderer.Kind, renderer))
            {
                throw new InvalidOperationException(
                    $"Outbox messages of kind {renderer.Kind} have two renderers: {table[renderer.Kind].GetType().Name} and {renderer.GetType().Name}.");
            }
        }

        var missing = Enum.GetValues<OutboxKind>().Where(kind => !table.ContainsKey(kind)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Outbox messages of kind {string.Join(", ", missing)} have no renderer (register an {nameof(IOutboxRenderer)}).");
        }

        byKind = table.ToFrozenDictionary();
    }

    /// <summary>The renderer of a kind; null for a number no kind of this release has (a row written by a newer one).</summary>
    public IOutboxRenderer? For(OutboxKind kind) => byKind.GetValueOrDefault(kind);
}

public static class OutboxRendererRegistration
{
    /// <summary>One renderer per outbox message kind, and the table the sender looks them up in.</summary>
    public static IServiceCollection AddOutboxRenderers(this IServiceCollection services)
    {
        services.AddSingleton<IOutboxRenderer, DailyPromptRenderer>();
        services.AddSingleton<IOutboxRenderer, PulseRenderer>();
        services.AddSingleton<IOutboxRenderer, NudgeRenderer>();
        services.AddSingleton<IOutboxRenderer, ReliefCheckRenderer>();
        foreach (var kind in PilotMessageRenderer.Kinds)
        {
            services.AddSingleton<IOutboxRenderer>(sp => ActivatorUtilities.CreateInstance<PilotMessageRenderer>(sp, kind));
        }

        services.AddSingleton<OutboxRenderers>();
        return services;
    }
}

internal static class OutboxChats
{
    /// <summary>The chat the message was planned for, if it still exists.</summary>
    public static async Task<ConversationRecord?> PlannedChatAsync(this ConversationDirectory conversations, OutboxMessage message, CancellationToken cancellationToken) =>
        message.ConversationId is { } id ? await conversations.FindAsync(message.TenantId, id, cancellationToken) : null;

    /// <summary>The chat the message was planned for, else the person's 1:1 chat with the bot; null when they never wrote to it.</summary>
    public static async Task<ConversationRecord?> PersonalChatAsync(
        this ConversationDirectory conversations, OutboxMessage message, string person, CancellationToken cancellationToken) =>
        await conversations.PlannedChatAsync(message, cancellationToken) ?? await conversations.FindPersonalAsync(message.TenantId, person, cancellationToken);
}
