using System.Globalization;
using System.Resources;

namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>The pilots' words in one language: PilotTexts.resx (German, the default) and PilotTexts.en.resx.</summary>
public sealed class PilotText
{
    private static readonly ResourceManager Resources = new("TeamsKiCoach.Coaching.Pilots.PilotTexts", typeof(PilotText).Assembly);

    public static readonly PilotText German = new(CultureInfo.GetCultureInfo("de-DE"));
    public static readonly PilotText English = new(CultureInfo.GetCultureInfo("en-US"));

    private PilotText(CultureInfo culture) => Culture = culture;

    public CultureInfo Culture { get; }

    /// <summary>English for any English locale, German otherwise.</summary>
    public static PilotText For(string? locale) =>
        locale is not null && locale.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : German;

    public string this[string key] =>
        Resources.GetString(key, Culture) is { Length: > 0 } text
            ? text
            : throw new KeyNotFoundException($"No pilot text '{key}' for {Culture.Name}.");

    public string Format(string key, params object[] args) => string.Format(Culture, this[key], args);

    public string StateName(PilotState state) => this[$"State.{state}"];

    public string ReliefAnswer(Relief relief) => this[$"Relief.{relief}"];

    public string WayToFree(FreeAPlace way) => this[$"FreeAPlace.{way}"];

    public string ReliefQuestion => this["Relief.Question"];

    public string Quote(string words) => Format("Draft.Quote", words);

    /// <summary>Every text key, for the test that checks both languages are complete.</summary>
    internal static IReadOnlyList<string> Keys(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No pilot texts for {culture.Name}.");
        return set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
    }
}
