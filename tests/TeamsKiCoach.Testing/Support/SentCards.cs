using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;

namespace TeamsKiCoach.Tests.Support;

/// <summary>Reads what a user would see in the cards and messages the bot sent.</summary>
public static class SentCards
{
    public static JObject SingleCard(this IEnumerable<Activity> sent)
    {
        var attachment = Assert.Single(sent.Where(a => a.Type == ActivityTypes.Message).SelectMany(a => a.Attachments ?? []));
        Assert.Equal(AdaptiveCard.ContentType, attachment.ContentType);
        return attachment.Content is JRaw raw ? JObject.Parse((string)raw.Value!) : JObject.FromObject(attachment.Content);
    }

    public static string SingleText(this IEnumerable<Activity> sent)
    {
        var message = Assert.Single(sent, a => a.Type == ActivityTypes.Message);
        Assert.True(message.Attachments is null || message.Attachments.Count == 0);
        return message.Text;
    }

    /// <summary>All visible text of a card, in order: text blocks, text runs, facts, button titles.</summary>
    public static string VisibleText(this JToken card) =>
        string.Join("\n", card.SelectTokens("$..text").Concat(card.SelectTokens("$..title")).Concat(card.SelectTokens("$..value"))
            .Where(t => t.Type == JTokenType.String)
            .Select(t => (string)t!));

    /// <summary>The first text block: the card's title.</summary>
    public static string Title(this JToken card) => (string)card["body"]![0]!["text"]!;

    /// <summary>The titles of the facts in the card's fact sets, in order (the help card's commands).</summary>
    public static IReadOnlyList<string> FactTitles(this JToken card) =>
        card.SelectTokens("$..facts[*].title").Select(t => (string)t!).ToList();
}
