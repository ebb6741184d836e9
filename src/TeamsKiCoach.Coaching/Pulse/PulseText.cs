using System.Globalization;
using System.Resources;

namespace TeamsKiCoach.Coaching.Pulse;

/// <summary>
/// The pulse results' words in one language: PulseTexts.resx (German, the default) and PulseTexts.en.resx.
/// </summary>
public sealed class PulseText
{
    private static readonly ResourceManager Resources = new("TeamsKiCoach.Coaching.Pulse.PulseTexts", typeof(PulseText).Assembly);

    public static readonly PulseText German = new(CultureInfo.GetCultureInfo("de-DE"));
    public static readonly PulseText English = new(CultureInfo.GetCultureInfo("en-US"));

    private PulseText(CultureInfo culture) => Culture = culture;

    public CultureInfo Culture { get; }

    /// <summary>English for any English locale, German otherwise.</summary>
    public static PulseText For(string? locale) =>
        locale is not null && locale.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : German;

    public string this[string key] =>
        Resources.GetString(key, Culture) is { Length: > 0 } text
            ? text
            : throw new KeyNotFoundException($"No pulse text '{key}' for {Culture.Name}.");

    public string Format(string key, params object[] args) => string.Format(Culture, this[key], args);

    /// <summary>"KW 7/2026", "Week 7, 2026".</summary>
    public string Week(IsoWeek week) => Format("Week", week.Week, week.Year);

    /// <summary>"KW 7", "Wk 7": a chart's axis label, where the year is in the title.</summary>
    public string ShortWeek(IsoWeek week) => Format("Week.Short", week.Week);

    /// <summary>"KW 5–8/2026"; "KW 52/2025 – KW 3/2026" across a new year; a single week as <see cref="Week"/>.</summary>
    public string Period(IsoWeek from, IsoWeek to) =>
        from == to ? Week(from)
        : from.Year == to.Year ? Format("Weeks.SameYear", from.Week, to.Week, from.Year)
        : Format("Weeks.AcrossYears", from.Week, from.Year, to.Week, to.Year);

    public string Group(PulseGroup group, int teams) => group == PulseGroup.Team ? this["Group.Team"] : Format("Group.Company", teams);

    public string State(PulseWeekState state) => this[$"State.{state}"];

    public string Confidential(int minAnswers) => Format("Confidential", minAnswers, Math.Max(minAnswers, PulseThresholds.MinAnswersForThemes));

    /// <summary>A mean as a card writes it: one decimal, in the reader's notation ("3,4" or "3.4").</summary>
    public string Mean(double mean) => mean.ToString("0.0", Culture);

    /// <summary>
    /// The relief trend as text, one line per point, for screen readers and for anyone the chart image does not
    /// reach: the same numbers as the chart, from the same points.
    /// </summary>
    public string TrendText(IReadOnlyList<PulseTrendPoint> trend)
    {
        if (trend.Count == 0)
        {
            return this["Trend.None"];
        }

        var lines = trend.Select(p => Format("Trend.Point", Period(p.From, p.To), Group(p.Group, p.Teams), Mean(p.Mean), p.Rated));
        return this["Trend.Title"] + "\n" + string.Join("\n", lines);
    }

    /// <summary>Every text key, for the test that checks both languages are complete.</summary>
    internal static IReadOnlyList<string> Keys(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No pulse texts for {culture.Name}.");
        return set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
    }
}
