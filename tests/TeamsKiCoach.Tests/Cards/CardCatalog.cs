using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Teams;

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

            var teams = new List<(string, string)> { ("team-1", "Vertrieb"), ("team-2", HostileText) };
            yield return ($"prompt-{lang}", typeof(PromptCard), PromptCard.Build(new PromptCardView(42, [], "team-1", false), text));
            yield return ($"prompt-two-teams-backoff-{lang}", typeof(PromptCard), PromptCard.Build(new PromptCardView(42, teams, "team-1", true), text));
            yield return ($"prompt-problem-{lang}", typeof(PromptCard), PromptCard.Build(
                new PromptCardView(42, teams, "team-2", false, new PromptInputs(HostileText, "daily", "abc", true, "team-2"), "Prompt.Problem.Minutes"), text));
            yield return ($"answered-{lang}", typeof(PromptAnsweredCard), PromptAnsweredCard.Recorded(new AnswerResult.Recorded(12, "team-1", false, true), HostileText, text));
            yield return ($"answered-anonymous-{lang}", typeof(PromptAnsweredCard), PromptAnsweredCard.Recorded(new AnswerResult.Recorded(13, "team-1", true, false), "Vertrieb", text));
            yield return ($"answered-nothing-{lang}", typeof(PromptAnsweredCard), PromptAnsweredCard.NothingToday(text));
            yield return ($"answered-already-{lang}", typeof(PromptAnsweredCard), PromptAnsweredCard.AlreadyAnswered(new AnswerResult.AlreadyAnswered(PromptAnswer.Entry, 12), text));
            yield return ($"answered-already-anonymous-{lang}", typeof(PromptAnsweredCard), PromptAnsweredCard.AlreadyAnswered(new AnswerResult.AlreadyAnswered(PromptAnswer.Entry, null), text));
            yield return ($"status-member-{lang}", typeof(StatusCard), StatusCard.Build(new StatusView(null, (new DateTimeOffset(2026, 11, 26, 14, 30, 0, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")), []), text));
            yield return ($"status-lead-paused-{lang}", typeof(StatusCard), StatusCard.Build(new StatusView(
                new PersonSettings { TenantId = "t", AadObjectId = "a", PausedAt = DateTimeOffset.UnixEpoch, PausedUntil = new DateOnly(2026, 12, 13), PromptTime = new TimeOnly(9, 0) },
                null,
                [(new TeamRecord { TenantId = "t", TeamId = "team-1", Name = HostileText }, new TeamReach(6, 3, 1, 1, 1))]), text));
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
