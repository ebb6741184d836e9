using System.Globalization;
using System.Resources;

namespace TeamsKiCoach.Coaching.Nudges;

/// <summary>The nudges' words in one language: NudgeTexts.resx (German, the default) and NudgeTexts.en.resx.</summary>
public sealed class NudgeText
{
    private static readonly ResourceManager Resources = new("TeamsKiCoach.Coaching.Nudges.NudgeTexts", typeof(NudgeText).Assembly);

    public static readonly NudgeText German = new(CultureInfo.GetCultureInfo("de-DE"));
    public static readonly NudgeText English = new(CultureInfo.GetCultureInfo("en-US"));

    private NudgeText(CultureInfo culture) => Culture = culture;

    public CultureInfo Culture { get; }

    /// <summary>English for any English locale, German otherwise.</summary>
    public static NudgeText For(string? locale) =>
        locale is not null && locale.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : German;

    public string this[string key] =>
        Resources.GetString(key, Culture) is { Length: > 0 } text
            ? text
            : throw new KeyNotFoundException($"No nudge text '{key}' for {Culture.Name}.");

    public string Format(string key, params object[] args) => string.Format(Culture, this[key], args);

    public string Mentions(int count) => Counted("Mentions", count);

    public string People(int count) => Counted("People", count);

    public string Answers(int count) => Counted("Answers", count);

    public string Bypasses(int count) => Counted("Bypasses", count);

    private string Counted(string noun, int count) => count == 1 ? this[$"Count.{noun}.One"] : Format($"Count.{noun}.Many", count);

    /// <summary>Every text key, for the test that checks both languages are complete.</summary>
    internal static IReadOnlyList<string> Keys(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No nudge texts for {culture.Name}.");
        return set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
    }
}
