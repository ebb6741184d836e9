using System.Globalization;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Storage.Pulse;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>The pulse as a card shows it: results of the shown aggregates, the chart, and whether the current week is still open.</summary>
public sealed record PulseResultsView(string TeamId, string TeamName, PulseResults Results, IReadOnlyDictionary<IsoWeek, PulseVariant> Variants, IsoWeek CurrentWeek, int MinAnswers, string? ChartDataUri, string ChartText);

/// <summary>
/// The weekly pulse: the question card (answered in place, changeable until the week closes), the thank-you with
/// the answer, and the results, which show aggregates only. Every card says "vertraulich" and what it means.
/// </summary>
public static class PulseCards
{
    public const string RunField = "run";
    public const string TeamField = "team";
    public const string ReliefInputId = "relief";
    public const string FirstInputId = "first";
    public const string SecondInputId = "second";
    public const string ThirdInputId = "third";
    public const string NoTimeInputId = "notime";

    public static AdaptiveCard Question(PulseCardFacts facts, BotText text, string? problem = null)
    {
        var pulse = PulseText.For(text.Culture.Name);
        var variant = facts.Variant.ToString();
        var current = facts.Current;
        var body = new List<CardElement>
        {
            new TextBlock(string.Format(text.Culture, text["Pulse.Title"], pulse.Week(facts.Week))) { Bold = true, Size = TextSize.Medium },
            new LiteralText(facts.TeamName ?? text["Pulse.YourTeam"]) { Subtle = true },
            new TextBlock(text[$"Pulse.Intro.{variant}"]),
        };
        if (problem is not null)
        {
            body.Add(new Container([new TextBlock(problem)]) { Style = ContainerStyle.Attention });
        }

        body.Add(new ChoiceInput(ReliefInputId, text[$"Pulse.Rating.{variant}"],
            Enumerable.Range(1, 5).Select(v => new Choice(text[$"Pulse.Scale.{v}"], v.ToString(CultureInfo.InvariantCulture))).ToList())
        {
            Expanded = true,
            Value = current?.Relief?.ToString(CultureInfo.InvariantCulture),
        });
        body.Add(new TextInput(FirstInputId, text[$"Pulse.First.{variant}"]) { Multiline = true, MaxLength = PulseAnswer.MaxTextLength, Value = current?.Bypassed });
        body.Add(new TextInput(SecondInputId, text[$"Pulse.Second.{variant}"]) { Multiline = true, MaxLength = PulseAnswer.MaxTextLength, Value = current?.NewQuestions });
        body.Add(new TextInput(ThirdInputId, text[$"Pulse.Third.{variant}"]) { Multiline = true, MaxLength = PulseAnswer.MaxTextLength, Value = current?.StillManual });
        body.Add(new ToggleInput(NoTimeInputId, text["Pulse.NoTime"]) { Value = current?.NoTime == true });
        body.Add(new TextBlock(Confidential(facts.MinAnswers, text)) { Subtle = true, Separator = true });
        return new AdaptiveCard(body, [new ExecuteAction(text[current is null ? "Pulse.Send" : "Pulse.SendChange"], CardVerbs.AnswerPulse, RunData(facts.RunId))]);
    }

    public static AdaptiveCard Answered(PulseCardFacts facts, bool changed, BotText text)
    {
        var pulse = PulseText.For(text.Culture.Name);
        var answer = facts.Current!;
        var variant = facts.Variant.ToString();
        var body = new List<CardElement>
        {
            new TextBlock(text[changed ? "Pulse.Changed" : "Pulse.Thanks"]) { Bold = true },
            new TextBlock(string.Format(text.Culture, text["Pulse.ChangeUntil"], pulse.Week(facts.Week))) { Subtle = true },
        };
        if (answer.NoTime)
        {
            body.Add(new TextBlock(text["Pulse.NoTime"]));
        }
        else
        {
            var facts2 = new List<Fact>();
            if (answer.Relief is { } relief)
            {
                facts2.Add(new Fact(text[$"Pulse.Rating.{variant}"], text[$"Pulse.Scale.{relief}"]));
            }

            body.Add(new FactSet(facts2));
            foreach (var (label, value) in new[] { ("First", answer.Bypassed), ("Second", answer.NewQuestions), ("Third", answer.StillManual) })
            {
                if (value is not null)
                {
                    body.Add(new TextBlock(text[$"Pulse.{label}.{variant}"]) { Subtle = true });
                    body.Add(new LiteralText(value));
                }
            }
        }

        body.Add(new TextBlock(Confidential(facts.MinAnswers, text)) { Subtle = true, Separator = true });
        return new AdaptiveCard(body, [new ExecuteAction(text["Pulse.Edit"], CardVerbs.EditPulse, RunData(facts.RunId))]);
    }

    public static AdaptiveCard Results(PulseResultsView view, BotText text)
    {
        var pulse = PulseText.For(text.Culture.Name);
        var results = view.Results;
        var body = new List<CardElement>
        {
            new TextBlock(text["PulseResults.Title"]) { Bold = true, Size = TextSize.Medium },
            new LiteralText(view.TeamName) { Subtle = true },
            new TextBlock(string.Format(text.Culture, text["PulseResults.Period"], pulse.Period(results.From, results.To))) { Subtle = true },
            new Container([new TextBlock(string.Format(text.Culture, text["PulseResults.Open"], pulse.Week(view.CurrentWeek), view.MinAnswers))]) { Style = ContainerStyle.Emphasis },
        };
        if (results.Aggregates.Count == 0)
        {
            body.Add(new TextBlock(results.Weeks.All(w => w.State == PulseWeekState.NoPulse) ? text["PulseResults.NoPulseYet"] : text["PulseResults.NeedMore"]));
        }

        foreach (var aggregate in results.Aggregates)
        {
            var variants = view.Variants.Where(v => v.Key >= aggregate.From && v.Key <= aggregate.To).Select(v => v.Value).Distinct().ToList();
            var rating = variants.Count == 1 ? text[$"PulseResults.Rating.{variants[0]}"] : text["PulseResults.Rating.Mixed"];
            body.Add(new TextBlock(string.Format(text.Culture, text["PulseResults.Aggregate"], pulse.Period(aggregate.From, aggregate.To), pulse.Group(aggregate.Group, aggregate.Teams))) { Bold = true, Separator = true });
            var lines = new List<Fact> { new(text["PulseResults.Answers"], Count(aggregate.Answers)), new(text["PulseResults.NoTime"], Count(aggregate.NoTime)) };
            if (aggregate.Relief is { } relief)
            {
                lines.Add(new Fact(rating, string.Format(text.Culture, text["PulseResults.Mean"], pulse.Mean(relief.Mean), relief.Rated)));
                lines.Add(new Fact(text["PulseResults.Distribution"], string.Join(" · ", relief.Distribution.Select((n, i) => $"{i + 1}: {n}"))));
            }
            else
            {
                lines.Add(new Fact(rating, text["PulseResults.TooFewRatings"]));
            }

            body.Add(new FactSet(lines));
            if (aggregate.Themes is { } themes)
            {
                var firstVariant = variants.Count == 1 ? variants[0].ToString() : PulseVariant.Pilot.ToString();
                AddThemes(body, text[$"Pulse.First.{firstVariant}"], themes.Bypassed, text);
                AddThemes(body, text[$"Pulse.Second.{firstVariant}"], themes.NewQuestions, text);
                AddThemes(body, text[$"Pulse.Third.{firstVariant}"], themes.StillManual, text);
            }
            else
            {
                body.Add(new TextBlock(text["PulseResults.NoThemes"]) { Subtle = true });
            }
        }

        if (results.Trend.Count > 0 && view.ChartDataUri is { } chart)
        {
            body.Add(new TextBlock(text["PulseResults.Trend"]) { Bold = true, Separator = true });
            body.Add(new Image(chart, view.ChartText));
        }

        // The numbers of the chart as text, for screen readers and clients that show no image.
        body.Add(new LiteralText(view.ChartText) { Subtle = true });
        body.Add(new TextBlock(Confidential(view.MinAnswers, text)) { Subtle = true, Separator = true });
        return new AdaptiveCard(body);
    }

    /// <summary>What "vertraulich" means, on every pulse card: no name stored, nothing shown under k answers.</summary>
    public static string Confidential(int minAnswers, BotText text) =>
        string.Format(text.Culture, text["Pulse.Confidential"], minAnswers, Math.Max(minAnswers, PulseThresholds.MinAnswersForThemes));

    private static void AddThemes(List<CardElement> body, string question, IReadOnlyList<PulseTheme> themes, BotText text)
    {
        if (themes.Count == 0)
        {
            return;
        }

        body.Add(new TextBlock(question) { Subtle = true });
        foreach (var theme in themes)
        {
            // A theme's title is people's words: literal, never markup.
            body.Add(new LiteralText(string.Format(text.Culture, text["PulseResults.Theme"], theme.Title, theme.Mentions)));
        }
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> RunData(long runId) => new() { [RunField] = runId.ToString(CultureInfo.InvariantCulture) };
}
