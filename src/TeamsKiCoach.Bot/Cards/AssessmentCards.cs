using System.Globalization;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Assessment;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>
/// One pattern's check as a card shows it. <see cref="Assessment"/> is what counts now (the confirmed result,
/// else the suggestion); <see cref="ConfirmedBy"/> and <see cref="ConfirmedOn"/> are set once a person settled it.
/// </summary>
public sealed record AssessmentView(
    long Id,
    string TeamId,
    int PatternKey,
    string PatternTitle,
    string Figures,
    Assessment Assessment,
    Confirmation? ConfirmedHow,
    string? ConfirmedBy,
    DateOnly? ConfirmedOn,
    string? Note = null);

/// <summary>A pattern in the review list: waiting for the check, with the suggestion's verdict when there is one.</summary>
public sealed record ReviewLine(int PatternKey, string Title, string Figures, Verdict? Suggested);

public sealed record ReviewView(string TeamId, string BacklogName, IReadOnlyList<ReviewLine> Waiting, IReadOnlyList<ReviewLine> Candidates);

/// <summary>The cards of "Muss das ein Mensch tun?": the assessment, its change form, the wait, and the team's review list.</summary>
public static class AssessmentCards
{
    public const string TeamField = "team";
    public const string AssessmentField = "assessment";
    public const string EntryField = BacklogCards.EntryField;
    public const string VerdictInputId = "verdict";
    public const string PartInputId = "part";
    public const int MaxReviewLines = 8;

    public static string CriterionInputId(Criterion criterion) => "c" + criterion;

    public static AdaptiveCard Assessment(AssessmentView view, BotText text)
    {
        var words = AssessmentText.For(text.Culture.Name);
        var assessment = view.Assessment;
        var body = Heading(view, text);
        if (view.ConfirmedBy is not null || view.ConfirmedHow is not null)
        {
            var by = view.ConfirmedBy ?? text["Assessment.Someone"];
            var on = view.ConfirmedOn is { } day ? BacklogCards.Day(day, text) : string.Empty;
            var key = view.ConfirmedHow == Confirmation.KeptWithPeople ? "Assessment.KeptBy" : "Assessment.ConfirmedBy";
            body.Add(new Container(
            [
                new TextBlock(text["Assessment.Confirmed"]) { Bold = true },
                new LiteralText(string.Format(text.Culture, text[key], by, on)),
            ]) { Style = ContainerStyle.Good });
        }
        else
        {
            body.Add(new Container(
            [
                new TextBlock(words.SourceLabel(assessment.Source)) { Bold = true },
                new TextBlock(text["Assessment.SuggestionHint"]) { Subtle = true },
            ]) { Style = ContainerStyle.Accent });
        }

        if (assessment.Note is { } fallback && view.ConfirmedHow is null)
        {
            body.Add(new Container([new TextBlock(fallback)]) { Style = ContainerStyle.Warning });
        }

        AddNote(body, view.Note);
        body.Add(new TextBlock(text[$"Assessment.Verdict.{assessment.Verdict}"]) { Bold = true, Size = TextSize.Medium, Separator = true });
        if (assessment.Verdict == Verdict.PartlyFit && assessment.FittingPart is { } part)
        {
            // The part may quote an entry or come from a model: shown literally, never as markup.
            body.Add(new LiteralText(string.Format(text.Culture, text["Assessment.FittingPart"], part)));
        }

        AddCriteria(body, text["Assessment.ForAutomation"], Criteria.Fit, assessment, words);
        AddCriteria(body, text["Assessment.AgainstAutomation"], Criteria.Exclusion, assessment, words);

        var data = Data(view);
        var actions = new List<CardAction>();
        if (view.ConfirmedHow is null)
        {
            actions.Add(new ExecuteAction(text["Assessment.Confirm"], CardVerbs.ConfirmAssessment, data));
        }

        actions.Add(new ExecuteAction(text["Assessment.Change"], CardVerbs.ChangeAssessment, data));
        if (view.ConfirmedHow != Confirmation.KeptWithPeople)
        {
            actions.Add(new ExecuteAction(text["Assessment.Keep"], CardVerbs.KeepWithPeople, data));
        }

        if (view.ConfirmedHow is not null && assessment.Verdict is Verdict.Fit or Verdict.PartlyFit)
        {
            // Only a pattern a person confirmed as fit can become a pilot (stage 3).
            actions.Insert(0, new ExecuteAction(text["Pattern.ProposePilot"], CardVerbs.ProposePilot, PatternData(view.TeamId, view.PatternKey)));
        }

        actions.Add(new ExecuteAction(text["Assessment.BackToPattern"], CardVerbs.ShowPattern, PatternData(view.TeamId, view.PatternKey)));
        return new AdaptiveCard(body, actions);
    }

    /// <summary>The form to correct single criteria, the verdict and the part that fits.</summary>
    public static AdaptiveCard Change(AssessmentView view, BotText text, string? problem = null)
    {
        var words = AssessmentText.For(text.Culture.Name);
        var body = Heading(view, text);
        body.Add(new TextBlock(text["Assessment.ChangeHint"]) { Subtle = true });
        if (problem is not null)
        {
            body.Add(new Container([new TextBlock(problem)]) { Style = ContainerStyle.Attention });
        }

        var ratings = Enum.GetValues<Rating>().Select(r => new Choice(words.RatingName(r), r.ToString())).ToList();
        foreach (var criterion in Criteria.All)
        {
            body.Add(new ChoiceInput(CriterionInputId(criterion), words.CriterionName(criterion), ratings) { Value = view.Assessment[criterion].ToString() });
        }

        body.Add(new ChoiceInput(VerdictInputId, text["Assessment.VerdictLabel"],
            Enum.GetValues<Verdict>().Select(v => new Choice(text[$"Assessment.Verdict.{v}"], v.ToString())).ToList())
        {
            Value = view.Assessment.Verdict.ToString(),
        });
        body.Add(new TextInput(PartInputId, text["Assessment.PartLabel"]) { Value = view.Assessment.FittingPart, MaxLength = PatternAssessment.MaxPartLength });
        return new AdaptiveCard(body,
        [
            new ExecuteAction(text["Assessment.Save"], CardVerbs.SaveAssessment, Data(view)),
            new ExecuteAction(text["Assessment.Cancel"], CardVerbs.ShowAssessment, Data(view)),
        ]);
    }

    /// <summary>Shown at once while a language model prepares the suggestion; replaced when it is there.</summary>
    public static AdaptiveCard Checking(long id, string teamId, int patternKey, string patternTitle, BotText text) => new(
        [
            new TextBlock(text["Assessment.Title"]) { Bold = true, Size = TextSize.Medium },
            new LiteralText(patternTitle),
            new TextBlock(text["Assessment.Checking"]),
            new TextBlock(text["Assessment.CheckingHint"]) { Subtle = true },
        ],
        [
            new ExecuteAction(text["Assessment.Reload"], CardVerbs.ShowAssessment, new Dictionary<string, string>
            {
                [TeamField] = teamId,
                [AssessmentField] = id.ToString(CultureInfo.InvariantCulture),
            }),
            new ExecuteAction(text["Assessment.BackToPattern"], CardVerbs.ShowPattern, PatternData(teamId, patternKey)),
        ]);

    /// <summary>"prüfen": the patterns waiting for the check, most mentioned first, and the pilot candidates.</summary>
    public static AdaptiveCard Review(ReviewView view, BotText text)
    {
        var body = new List<CardElement>
        {
            new TextBlock(text["Review.Title"]) { Bold = true, Size = TextSize.Medium },
            new LiteralText(view.BacklogName) { Subtle = true },
            new TextBlock(text["Review.Intro"]) { Subtle = true },
        };
        if (view.Waiting.Count == 0)
        {
            body.Add(new TextBlock(text["Review.NoneWaiting"]));
        }

        foreach (var line in view.Waiting.Take(MaxReviewLines))
        {
            var state = line.Suggested is { } verdict
                ? string.Format(text.Culture, text["Review.Suggested"], text[$"Assessment.Verdict.{verdict}"])
                : text["Review.NotChecked"];
            body.Add(new Container(
            [
                new LiteralText(line.Title),
                new TextBlock(line.Figures + " · " + state) { Subtle = true },
                new ActionSet([new ExecuteAction(text["Review.Check"], CardVerbs.MustAHumanDoIt, PatternData(view.TeamId, line.PatternKey))]),
            ]) { Separator = true });
        }

        if (view.Waiting.Count > MaxReviewLines)
        {
            body.Add(new TextBlock(string.Format(text.Culture, text["Pattern.More"], view.Waiting.Count - MaxReviewLines)) { Subtle = true });
        }

        if (view.Candidates.Count > 0)
        {
            body.Add(new TextBlock(text["Review.Candidates"]) { Bold = true, Separator = true });
            foreach (var line in view.Candidates.Take(MaxReviewLines))
            {
                body.Add(new Container(
                [
                    new LiteralText(string.Format(text.Culture, text["Pattern.Choice"], line.PatternKey, line.Title)),
                    new ActionSet([new ExecuteAction(text["Pattern.ProposePilot"], CardVerbs.ProposePilot, PatternData(view.TeamId, line.PatternKey))]),
                ]));
            }
        }

        return new AdaptiveCard(body);
    }

    /// <summary>The one line a backlog card shows about a pattern's check, or null when it was never checked.</summary>
    public static string? StatusLine(PatternAssessment? assessment, BotText text) => assessment switch
    {
        null or { Status: AssessmentStatus.Pending } => null,
        { IsConfirmed: true, ConfirmedVerdict: { } verdict } => string.Format(text.Culture, text["Assessment.Status.Confirmed"], text[$"Assessment.Verdict.{verdict}"]),
        _ => string.Format(text.Culture, text["Assessment.Status.Suggested"], text[$"Assessment.Verdict.{assessment.SuggestedVerdict}"]),
    };

    private static List<CardElement> Heading(AssessmentView view, BotText text) =>
    [
        new TextBlock(text["Assessment.Title"]) { Bold = true, Size = TextSize.Medium },
        new TextBlock(string.Format(text.Culture, text["Pattern.Title"], view.PatternKey)) { Subtle = true },
        new LiteralText(view.PatternTitle),
        new TextBlock(view.Figures) { Subtle = true },
    ];

    private static void AddCriteria(List<CardElement> body, string heading, IReadOnlyList<Criterion> criteria, Assessment assessment, AssessmentText words)
    {
        body.Add(new TextBlock(heading) { Bold = true, Separator = true });
        foreach (var criterion in criteria)
        {
            var rated = assessment.Rated(criterion);
            body.Add(new TextBlock($"{words.CriterionName(criterion)}: **{words.RatingName(rated.Rating)}**"));
            body.Add(new LiteralText(rated.Reason) { Subtle = true });
        }
    }

    private static void AddNote(List<CardElement> body, string? note)
    {
        if (note is not null)
        {
            body.Add(new Container([new TextBlock(note)]) { Style = ContainerStyle.Good });
        }
    }

    private static Dictionary<string, string> Data(AssessmentView view) => new()
    {
        [TeamField] = view.TeamId,
        [AssessmentField] = view.Id.ToString(CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, string> PatternData(string teamId, int patternKey) => new()
    {
        [TeamField] = teamId,
        [EntryField] = patternKey.ToString(CultureInfo.InvariantCulture),
    };
}
