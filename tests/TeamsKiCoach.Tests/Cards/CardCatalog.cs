using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;

namespace TeamsKiCoach.Tests.Cards;

/// <summary>
/// Every card the bot can send, in both languages, each with the builder that made it. A new card builder gets a
/// line here; a test fails while one is missing.
/// </summary>
public static class CardCatalog
{
    public const string HostileText = "**fett** _kursiv_ [Link](https://evil.example) <b>html</b> ${user.name} {{DATE(2026-01-01T00:00:00Z)}} \n- Liste\n# Titel مرحبا 👩‍💻 \u202Egnirts";

    public static IEnumerable<(string Name, Type Builder, AdaptiveCard Card)> All()
    {
        foreach (var text in new[] { BotText.German, BotText.English })
        {
            var lang = text.Culture.TwoLetterISOLanguageName;
            foreach (var audience in Enum.GetValues<WelcomeAudience>())
            {
                yield return ($"welcome-{audience.ToString().ToLowerInvariant()}-{lang}", typeof(WelcomeCard), WelcomeCard.Build(audience, text));
            }

            yield return ($"help-{lang}", typeof(HelpCard), HelpCard.Build(text));
        }

        yield return ("model-every-element", typeof(CardCatalog), EveryElement());
    }

    /// <summary>Uses every element and action of the card model once, with hostile text where people's text goes.</summary>
    public static AdaptiveCard EveryElement() => new(
    [
        new TextBlock("Titel") { Bold = true, Size = TextSize.Large, Subtle = true },
        new LiteralText(HostileText) { Subtle = true, Separator = true },
        new FactSet([new Fact("Erwähnungen", "7"), new Fact("Personen", "4")]),
        new Container([new TextBlock("Innen"), new LiteralText(HostileText)]) { Style = ContainerStyle.Emphasis, Id = "box" },
        new TextInput("friction", "Was hat dich Zeit gekostet?")
        {
            Placeholder = "z. B. Rechnungen abtippen",
            Multiline = true,
            MaxLength = 2000,
            Value = HostileText,
            RequiredMessage = "Bitte kurz beschreiben.",
        },
        new ChoiceInput("frequency", "Wie oft?", [new Choice("täglich", "daily"), new Choice("wöchentlich", "weekly")])
        {
            Value = "daily",
            RequiredMessage = "Bitte wählen.",
        },
        new ChoiceInput("relief", "Entlastet?", [new Choice("ja", "yes"), new Choice("nein", "no")]) { Expanded = true },
        new ToggleInput("anonymous", "Anonym") { Value = true },
        new NumberInput("minutes", "Minuten") { Min = 0, Max = 480, Placeholder = "15" },
        new ActionSet([new ExecuteAction("Senden", "prompt.submit", new Dictionary<string, string> { ["promptId"] = "42" })]),
    ],
    [
        new ExecuteAction("Heute nichts", "prompt.nothing"),
        new OpenUrlAction("Mehr erfahren", new Uri("https://example.org/datenschutz")),
    ]);
}
