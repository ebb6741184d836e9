using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>Turns cards into Bot Framework activities and invoke responses.</summary>
public static class CardReply
{
    public static Attachment Attachment(AdaptiveCard card) => new()
    {
        ContentType = AdaptiveCard.ContentType,
        Content = JObject.Parse(card.ToJsonString()),
    };

    public static IMessageActivity Of(AdaptiveCard card) => MessageFactory.Attachment(Attachment(card));

    /// <summary>Answers an Action.Execute by replacing the card in place.</summary>
    public static AdaptiveCardInvokeResponse InPlace(AdaptiveCard card) => new()
    {
        StatusCode = 200,
        Type = AdaptiveCard.ContentType,
        Value = JObject.Parse(card.ToJsonString()),
    };

    /// <summary>Answers an Action.Execute with a short message; the card stays as it was.</summary>
    public static AdaptiveCardInvokeResponse Message(string text) => new()
    {
        StatusCode = 200,
        Type = "application/vnd.microsoft.activity.message",
        Value = text,
    };
}
