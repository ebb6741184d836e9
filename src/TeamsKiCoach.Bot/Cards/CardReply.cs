using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>
/// Turns cards into Bot Framework activities and invoke responses. The card's JSON goes in as it is
/// (<see cref="JRaw"/>): the Bot Framework writes it into the activity unchanged instead of parsing it into a
/// tree and writing the tree out again, which was a fifth of the CPU of a turn that answers with a card.
/// </summary>
public static class CardReply
{
    public static Attachment Attachment(AdaptiveCard card) => Attachment(card.ToJsonString());

    /// <summary>A card already written as JSON, such as one that is the same for everyone (<see cref="HelpCard.Json"/>).</summary>
    public static Attachment Attachment(string cardJson) => new()
    {
        ContentType = AdaptiveCard.ContentType,
        Content = new JRaw(cardJson),
    };

    public static IMessageActivity Of(AdaptiveCard card) => MessageFactory.Attachment(Attachment(card));

    public static IMessageActivity Of(string cardJson) => MessageFactory.Attachment(Attachment(cardJson));

    /// <summary>Answers an Action.Execute by replacing the card in place.</summary>
    public static AdaptiveCardInvokeResponse InPlace(AdaptiveCard card) => InPlace(card.ToJsonString());

    /// <summary>Answers an Action.Execute by replacing the card in place with one already written as JSON.</summary>
    public static AdaptiveCardInvokeResponse InPlace(string cardJson) => new()
    {
        StatusCode = 200,
        Type = AdaptiveCard.ContentType,
        Value = new JRaw(cardJson),
    };

    /// <summary>Answers an Action.Execute with a short message; the card stays as it was.</summary>
    public static AdaptiveCardInvokeResponse Message(string text) => new()
    {
        StatusCode = 200,
        Type = "application/vnd.microsoft.activity.message",
        Value = text,
    };
}
