namespace TeamsKiCoach.Coaching.Conversations;

public enum ConversationScope
{
    Personal,
    GroupChat,
    Channel,
}

/// <summary>
/// What the bot needs to reach a conversation later without anyone writing first:
/// the persisted form of a Teams conversation reference.
/// </summary>
public sealed class ConversationRecord : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string ConversationId { get; set; }
    public ConversationScope Scope { get; set; }
    public required string ServiceUrl { get; set; }
    public required string ChannelId { get; set; }
    public string? BotId { get; set; }

    // Personal scope: the person the chat is with. Other scopes: the last person who wrote.
    public string? UserAadObjectId { get; set; }
    public string? TeamsUserId { get; set; }

    public string? TeamId { get; set; }
    public string? Locale { get; set; }
    public string? TimeZone { get; set; }
    public bool Installed { get; set; } = true;
    public DateTimeOffset? WelcomedAt { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}
