using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Coaching.Conversations;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>Reads what the coaching domain needs from a Teams activity.</summary>
public static class ActivityFacts
{
    public static string? TenantId(IActivity activity) =>
        NullIfEmpty(activity.Conversation?.TenantId) ?? NullIfEmpty(ChannelData(activity)?.Tenant?.Id);

    public static string? TeamId(IActivity activity) => NullIfEmpty(ChannelData(activity)?.Team?.Id);

    public static ConversationScope Scope(IActivity activity) => activity.Conversation?.ConversationType switch
    {
        "channel" => ConversationScope.Channel,
        "groupChat" => ConversationScope.GroupChat,
        _ => ConversationScope.Personal,
    };

    public static Person? PersonOf(ChannelAccount? account) =>
        account is { AadObjectId: { Length: > 0 } aadObjectId } ? new Person(aadObjectId, NullIfEmpty(account.Id), NullIfEmpty(account.Name)) : null;

    /// <summary>The IANA time zone from Teams' clientInfo entity, when it names one this machine knows.</summary>
    public static string? TimeZone(IActivity activity)
    {
        var clientInfo = activity.Entities?.FirstOrDefault(e => string.Equals(e.Type, "clientInfo", StringComparison.OrdinalIgnoreCase));
        var zone = clientInfo?.Properties?["timezone"]?.Type == JTokenType.String ? (string?)clientInfo.Properties["timezone"] : null;
        return zone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _) ? zone : null;
    }

    /// <summary>The person's date: in the time zone Teams reports for them, else in UTC.</summary>
    public static DateOnly Today(IActivity activity, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var local = TimeZone(activity) is { } zone ? TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(zone)) : now;
        return DateOnly.FromDateTime(local.DateTime);
    }

    public static string? Locale(IActivity activity)
    {
        if (NullIfEmpty((activity as Activity)?.Locale) is { } locale)
        {
            return locale;
        }

        var clientInfo = activity.Entities?.FirstOrDefault(e => string.Equals(e.Type, "clientInfo", StringComparison.OrdinalIgnoreCase));
        return clientInfo?.Properties?["locale"]?.Type == JTokenType.String ? NullIfEmpty((string?)clientInfo.Properties["locale"]) : null;
    }

    /// <summary>The message text without the @mentions of the bot that Teams puts in front of it in channels.</summary>
    public static string TextWithoutBotMention(IMessageActivity activity)
    {
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        foreach (var entity in activity.Entities ?? [])
        {
            if (string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase)
                && entity.Properties?["mentioned"]?["id"]?.Type == JTokenType.String
                && (string?)entity.Properties["mentioned"]!["id"] == botId
                && entity.Properties["text"]?.Type == JTokenType.String
                && (string?)entity.Properties["text"] is { Length: > 0 } mentionText)
            {
                text = text.Replace(mentionText, string.Empty, StringComparison.Ordinal);
            }
        }

        return text.Trim();
    }

    public static ConversationSnapshot? Snapshot(IActivity activity)
    {
        if (TenantId(activity) is not { } tenantId
            || ChannelConversationId(activity.Conversation?.Id) is not { } conversationId
            || NullIfEmpty(activity.ServiceUrl) is not { } serviceUrl)
        {
            return null;
        }

        return new ConversationSnapshot(
            tenantId,
            conversationId,
            Scope(activity),
            serviceUrl,
            activity.ChannelId,
            NullIfEmpty(activity.Recipient?.Id),
            PersonOf(activity.From),
            TeamId(activity),
            Locale(activity),
            TimeZone(activity));
    }

    // A message in a channel thread names the thread ("19:...;messageid=123"); the reference kept is the channel's.
    private static string? ChannelConversationId(string? conversationId)
    {
        if (NullIfEmpty(conversationId) is not { } id)
        {
            return null;
        }

        var thread = id.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return thread > 0 ? id[..thread] : id;
    }

    private static TeamsChannelData? ChannelData(IActivity activity)
    {
        try
        {
            return activity.ChannelData is null ? null : ((Activity)activity).GetChannelData<TeamsChannelData>();
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
