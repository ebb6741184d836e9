namespace TeamsKiCoach.Coaching.Conversations;

/// <summary>What one incoming activity tells about its conversation, independent of any bot SDK.</summary>
public sealed record ConversationSnapshot(
    string TenantId,
    string ConversationId,
    ConversationScope Scope,
    string ServiceUrl,
    string ChannelId,
    string? BotId,
    Person? From,
    string? TeamId,
    string? Locale,
    string? TimeZone);

/// <summary>A person as Teams identifies them: the AAD object id is the stable identity.</summary>
public sealed record Person(string AadObjectId, string? TeamsUserId, string? Name);
