using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace TeamsKiCoach.Tests.Support;

/// <summary>What a person sees after clicking a card button, and how they click the buttons of a card they got.</summary>
public static class BacklogClicks
{
    /// <summary>The answer to a card click: the card that replaced it, or null when the bot answered with a message.</summary>
    public static (JObject? Card, string? Message) Answer(this IEnumerable<Activity> sent)
    {
        var response = JObject.Parse(JsonConvert.SerializeObject(Assert.Single(sent, a => a.Type == ActivityTypesEx.InvokeResponse).Value));
        var body = response["body"] ?? response["Body"]!;
        return (string?)body["type"] == "application/vnd.microsoft.card.adaptive"
            ? ((JObject)body["value"]!, null)
            : (null, (string?)body["value"]);
    }

    public static JObject AnswerCard(this IEnumerable<Activity> sent) =>
        sent.Answer() is { Card: { } card } ? card : throw new Xunit.Sdk.XunitException($"The bot answered with a message, not a card: {sent.Answer().Message}");

    public static string AnswerMessage(this IEnumerable<Activity> sent) =>
        sent.Answer() is { Message: { } message } ? message : throw new Xunit.Sdk.XunitException($"The bot answered with a card: {sent.Answer().Card}");

    /// <summary>The Action.Execute with this title anywhere on the card: its verb and its data.</summary>
    public static (string Verb, JObject Data) Button(this JToken card, string title)
    {
        var action = card.SelectTokens("$..actions[*]").OfType<JObject>()
            .FirstOrDefault(a => (string?)a["type"] == "Action.Execute" && (string?)a["title"] == title)
            ?? throw new Xunit.Sdk.XunitException($"No button \"{title}\" on the card: {string.Join(", ", Buttons(card))}");
        return ((string)action["verb"]!, (JObject)action["data"]!.DeepClone());
    }

    public static IReadOnlyList<string> Buttons(this JToken card) =>
        card.SelectTokens("$..actions[*].title").Select(t => (string)t!).ToList();

    /// <summary>Clicks a button of the card as the given person, with the card's inputs filled as given.</summary>
    public static Activity Click(this JToken card, string title, string user = "aad-anna", string locale = "de-DE", object? inputs = null)
    {
        var (verb, data) = card.Button(title);
        if (inputs is not null)
        {
            data.Merge(JObject.FromObject(inputs));
        }

        return TurnHarness.CardAction(verb, locale, user, data);
    }
}
