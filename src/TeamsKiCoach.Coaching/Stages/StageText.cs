using System.Globalization;
using System.Resources;

namespace TeamsKiCoach.Coaching.Stages;

/// <summary>
/// The stages' words in one language: StageTexts.resx (German, the default) and StageTexts.en.resx. The
/// meaning of each stage is one sentence from the roadmap; the next step is one small thing a team can do this week.
/// </summary>
public sealed class StageText
{
    private static readonly ResourceManager Resources = new("TeamsKiCoach.Coaching.Stages.StageTexts", typeof(StageText).Assembly);

    public static readonly StageText German = new(CultureInfo.GetCultureInfo("de-DE"));
    public static readonly StageText English = new(CultureInfo.GetCultureInfo("en-US"));

    private StageText(CultureInfo culture) => Culture = culture;

    public CultureInfo Culture { get; }

    /// <summary>English for any English locale, German otherwise.</summary>
    public static StageText For(string? locale) =>
        locale is not null && locale.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : German;

    public string this[string key] =>
        Resources.GetString(key, Culture) is { Length: > 0 } text
            ? text
            : throw new KeyNotFoundException($"No stage text '{key}' for {Culture.Name}.");

    public string Format(string key, params object[] args) => string.Format(Culture, this[key], args);

    public string Name(TeamStage stage) => this[$"Stage.{stage.Number()}.Name"];

    /// <summary>"Stufe 3: Klein anfangen"</summary>
    public string Title(TeamStage stage) => Format("Stage.Title", stage.Number(), Name(stage));

    public string Meaning(TeamStage stage) => this[$"Stage.{stage.Number()}.Meaning"];

    public string NextStep(TeamStage stage) => this[$"Stage.{stage.Number()}.NextStep"];

    public string Line(EvidenceLine line) => line.Kind switch
    {
        EvidenceKind.SpreadPatterns => Format("Evidence.SpreadPatterns", line.Count, line.Required, line.People),
        EvidenceKind.Pattern => Format("Evidence.Pattern", line.Name ?? string.Empty, Mentions(line.Count), People(line.People)),
        _ => Format($"Evidence.{line.Kind}", line.Count),
    };

    /// <summary>The one line above the buttons: what the bot suggests, or that it suggests nothing.</summary>
    public string Suggestion(StageAdvice advice) => advice switch
    {
        { Suggested: { } target, SuggestsGoingBack: true } => Format("Suggestion.Back", Title(target)),
        { Suggested: { } target } => Format("Suggestion.Forward", Title(target)),
        { RestingUntil: { } until } => Format("Suggestion.Resting", until.ToString(this["Format.Date"], Culture)),
        _ => Format("Suggestion.None", Title(advice.Current)),
    };

    public string Mentions(int count) => count == 1 ? this["Count.Mentions.One"] : Format("Count.Mentions.Many", count);

    public string People(int count) => count == 1 ? this["Count.People.One"] : Format("Count.People.Many", count);

    /// <summary>Every text key, for the test that checks both languages are complete.</summary>
    internal static IReadOnlyList<string> Keys(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No stage texts for {culture.Name}.");
        return set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
    }
}
