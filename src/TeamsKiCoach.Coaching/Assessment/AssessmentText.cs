using System.Globalization;
using System.Resources;

namespace TeamsKiCoach.Coaching.Assessment;

/// <summary>
/// The assessment's words in one language: AssessmentTexts.resx (German, the default) and AssessmentTexts.en.resx.
/// </summary>
public sealed class AssessmentText
{
    private static readonly ResourceManager Resources = new("TeamsKiCoach.Coaching.Assessment.AssessmentTexts", typeof(AssessmentText).Assembly);

    public static readonly AssessmentText German = new(CultureInfo.GetCultureInfo("de-DE"));
    public static readonly AssessmentText English = new(CultureInfo.GetCultureInfo("en-US"));

    private AssessmentText(CultureInfo culture) => Culture = culture;

    public CultureInfo Culture { get; }

    public bool IsEnglish => Culture.TwoLetterISOLanguageName == "en";

    /// <summary>English for any English locale, German otherwise.</summary>
    public static AssessmentText For(string? locale) =>
        locale is not null && locale.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : German;

    public string this[string key] =>
        Resources.GetString(key, Culture) is { Length: > 0 } text
            ? text
            : throw new KeyNotFoundException($"No assessment text '{key}' for {Culture.Name}.");

    public string Format(string key, params object[] args) => string.Format(Culture, this[key], args);

    public string SourceLabel(AssessmentSource source) => this[$"Source.{source}"];

    public string CriterionName(Criterion criterion) => this[$"Criterion.{criterion}"];

    public string RatingName(Rating rating) => this[$"Rating.{rating}"];

    public string VerdictText(Assessment assessment) => assessment.Verdict == Verdict.PartlyFit
        ? Format("Verdict.PartlyFit", assessment.FittingPart ?? this["FittingPart.Groundwork"])
        : this[$"Verdict.{assessment.Verdict}"];

    public string Quote(string words) => Format("Evidence.Quote", words);

    public string Frequency(Backlog.Frequency frequency) => this[$"Evidence.Frequency.{frequency}"];

    /// <summary>Every text key, for the test that checks both languages are complete.</summary>
    internal static IReadOnlyList<string> Keys(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No assessment texts for {culture.Name}.");
        return set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
    }
}
