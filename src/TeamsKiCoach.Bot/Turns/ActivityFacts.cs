using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Coaching.Conversations;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>Reads what the coaching domain needs from a Teams activity.</summary>
public static class ActivityFacts
{
    /// <summary>
    /// The tenant, in lower case (tenant ids are GUIDs; Teams is not consistent about their case). Unknown (null)
    /// when the conversation and the channel data name different tenants: such an activity is dropped.
    /// </summary>
    public static string? TenantId(IActivity activity)
    {
        var fromConversation = NullIfEmpty(activity.Conversation?.TenantId);
        var inChannelData = FromChannelData(activity, "tenant", "id", data => data.Tenant?.Id);
        if (inChannelData is { Type: not (JTokenType.String or JTokenType.Null) })
        {
            // A tenant id that is no text names no tenant the bot could check: the activity is dropped.
            return null;
        }

        var fromChannelData = StringOf(inChannelData);
        if (fromConversation is not null && fromChannelData is not null
            && !string.Equals(fromConversation, fromChannelData, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return (fromConversation ?? fromChannelData)?.Trim().ToLowerInvariant();
    }

    public static string? TeamId(IActivity activity) => StringOf(FromChannelData(activity, "team", "id", data => data.Team?.Id));

    public static string? TeamName(IActivity activity) => StringOf(FromChannelData(activity, "team", "name", data => data.Team?.Name));

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
        var zone = ClientInfo(activity, "timezone");
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

        return ClientInfo(activity, "locale");
    }

    /// <summary>The message text without the @mentions of the bot that Teams puts in front of it in channels.</summary>
    public static string TextWithoutBotMention(IMessageActivity activity)
    {
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        foreach (var entity in Entities(activity, "mention"))
        {
            if (entity.Properties?["mentioned"] is JObject mentioned
                && StringOf(mentioned["id"]) is { } id && id == botId
                && StringOf(entity.Properties["text"]) is { } mentionText)
            {
                text = text.Replace(mentionText, string.Empty, StringComparison.Ordinal);
            }
        }

        return text.Trim();
    }

    /// <summary>The people @mentioned in a message, besides the bot: Teams user id, AAD object id when Teams gives it, name.</summary>
    public static IEnumerable<(string TeamsUserId, string? AadObjectId, string? Name)> MentionedPeople(IMessageActivity activity)
    {
        var botId = activity.Recipient?.Id;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in Entities(activity, "mention"))
        {
            if (entity.Properties?["mentioned"] is JObject mentioned && StringOf(mentioned["id"]) is { } id && id != botId && seen.Add(id))
            {
                yield return (id, StringOf(mentioned["aadObjectId"]), StringOf(mentioned["name"]));
            }
        }
    }

    public static ConversationSnapshot? Snapshot(IActivity activity)
    {
        if (TenantId(activity) is not { } tenantId
            || ConversationId(activity) is not { } conversationId
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

    /// <summary>
    /// The conversation the bot keeps. A message in a channel thread names the thread ("19:...;messageid=123");
    /// the conversation kept is the channel.
    /// </summary>
    public static string? ConversationId(IActivity activity)
    {
        if (NullIfEmpty(activity.Conversation?.Id) is not { } id)
        {
            return null;
        }

        var thread = id.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return thread > 0 ? id[..thread] : id;
    }

    // Teams sends channelData as an object; anything else (an array, a number) carries nothing the bot can read. Only
    // the one field asked for is read (its names in any letter case, as the Bot Framework's reader accepts them):
    // every message asks for the tenant, and making a TeamsChannelData of the whole object each time was about 2 %
    // of a message turn's CPU.
    private static JToken? FromChannelData(IActivity activity, string part, string field, Func<TeamsChannelData, string?> typed) =>
        activity.ChannelData switch
        {
            JObject data => (data.GetValue(part, StringComparison.OrdinalIgnoreCase) as JObject)?.GetValue(field, StringComparison.OrdinalIgnoreCase),
            TeamsChannelData data => typed(data) is { } value ? new JValue(value) : null,
            _ => null,
        };

    // Entities arrive as the client sent them: null entries and odd property types are skipped, not trusted.
    private static IEnumerable<Entity> Entities(IActivity activity, string type) =>
        (activity.Entities ?? []).Where(e => e is not null && string.Equals(e.Type, type, StringComparison.OrdinalIgnoreCase));

    private static string? ClientInfo(IActivity activity, string property) =>
        Entities(activity, "clientInfo").Select(e => StringOf(e.Properties?[property])).FirstOrDefault(v => v is not null);

    private static string? StringOf(JToken? token) => token?.Type == JTokenType.String ? NullIfEmpty((string?)token) : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
