using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("de")]

namespace TeamsKiCoach.Bot.Localization;

/// <summary>
/// The bot's words in one language. German is the default; English for any English locale.
/// Texts live in Texts.resx (German) and Texts.en.resx (English).
/// </summary>
public sealed class BotText
{
    private static readonly ResourceManager Resources = new("TeamsKiCoach.Bot.Localization.Texts", typeof(BotText).Assembly);

    public static readonly BotText German = new(CultureInfo.GetCultureInfo("de-DE"));
    public static readonly BotText English = new(CultureInfo.GetCultureInfo("en-US"));

    private BotText(CultureInfo culture) => Culture = culture;

    public CultureInfo Culture { get; }

    public bool IsEnglish => Culture.TwoLetterISOLanguageName == "en";

    /// <summary>The language for a Teams locale such as "de-DE" or "en-GB"; German when unknown or unsupported.</summary>
    public static BotText For(string? locale) =>
        locale is not null && locale.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : German;

    // Each text is looked up once: the resource manager takes a lock on every lookup, and a card asks for dozens.
    // A key without a text throws and is not kept.
    private readonly ConcurrentDictionary<string, string> known = new(StringComparer.Ordinal);

    public string this[string key] => known.GetOrAdd(key, Look, Culture);

    private static string Look(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) is { Length: > 0 } text
            ? text
            : throw new KeyNotFoundException($"No text '{key}' for {culture.Name}.");

    /// <summary>Every text key, for the tests that check both languages are complete.</summary>
    internal static IReadOnlyList<string> Keys(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No texts for {culture.Name}.");
        return set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
    }
}
