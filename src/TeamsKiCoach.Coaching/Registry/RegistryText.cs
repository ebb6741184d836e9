using System.Globalization;
using System.Resources;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Coaching.Registry;

/// <summary>The registry's words in one language: RegistryTexts.resx (German, the default) and RegistryTexts.en.resx.</summary>
public sealed class RegistryText
{
    private static readonly ResourceManager Resources = new("TeamsKiCoach.Coaching.Registry.RegistryTexts", typeof(RegistryText).Assembly);

    private static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static readonly RegistryText German = new(CultureInfo.GetCultureInfo("de-DE"));
    public static readonly RegistryText English = new(CultureInfo.GetCultureInfo("en-US"));

    private RegistryText(CultureInfo culture) => Culture = culture;

    public CultureInfo Culture { get; }

    /// <summary>English for any English locale, German otherwise.</summary>
    public static RegistryText For(string? locale) =>
        locale is not null && locale.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : German;

    public string this[string key] =>
        Resources.GetString(key, Culture) is { Length: > 0 } text
            ? text
            : throw new KeyNotFoundException($"No registry text '{key}' for {Culture.Name}.");

    public string Format(string key, params object[] args) => string.Format(Culture, this[key], args);

    public string StatusName(AutomationStatus status) => this[$"Status.{status}"];

    public string Time(TimeOnly time) => time.ToString(this["Format.Time"], Culture);

    public string Date(DateTimeOffset date) => date.ToString(this["Format.Date"], Culture);

    public string Day(DayOfWeek day) => Culture.DateTimeFormat.GetDayName(day);

    /// <summary>"Montag bis Freitag" for a run of three or more days, otherwise the days listed.</summary>
    public string Days(WorkDays days)
    {
        var chosen = Week.Where(d => days.Includes(d)).ToList();
        if (chosen.Count == 0)
        {
            return this["Days.None"];
        }

        var first = Array.IndexOf(Week, chosen[0]);
        var contiguous = chosen.Select((d, i) => Array.IndexOf(Week, d) == first + i).All(x => x);
        if (contiguous && chosen.Count >= 3)
        {
            return Format("Days.Range", Day(chosen[0]), Day(chosen[^1]));
        }

        return chosen.Count == 1
            ? Day(chosen[0])
            : Format("Days.List", string.Join(", ", chosen.SkipLast(1).Select(Day)), Day(chosen[^1]));
    }

    /// <summary>One entry in plain words, a line each: the answer to "erkläre …".</summary>
    public IReadOnlyList<string> Explain(AutomationEntry entry)
    {
        List<string> lines = [Format("Explain.Title", entry.Name, StatusName(entry.Status), Date(entry.Since)), this["Explain.Steps"]];
        lines.AddRange(entry.Steps.Select((step, i) => Format("Explain.Step", i + 1, step)));
        lines.Add(this["Explain.DoesNot"]);
        lines.AddRange(entry.DoesNot.Count > 0 ? entry.DoesNot.Select(n => Format("Explain.Not", n)) : [this["Explain.DoesNot.Missing"]]);
        lines.Add(Format("Explain.Trigger", Or(entry.Trigger)));
        lines.Add(Format("Explain.Data", Or(entry.DataUsed)));
        lines.Add(Format("Explain.Ai", entry.UsesAi ? Or(entry.AiRole) : this["Ai.None"]));
        lines.Add(Format("Explain.Owner", entry.HasOwner ? entry.OwnerName ?? entry.OwnerAadObjectId! : this["Owner.None"]));
        lines.Add(Format("Explain.Review", entry.LastReviewedAt is { } reviewed ? Date(reviewed) : this["Review.Never"]));
        return lines;
    }

    /// <summary>One line per entry for a list: name, status, owner.</summary>
    public string Summary(AutomationEntry entry) =>
        Format("Summary", entry.Name, StatusName(entry.Status), entry.HasOwner ? entry.OwnerName ?? entry.OwnerAadObjectId! : this["Owner.None"], entry.UsesAi ? this["Summary.Ai"] : this["Summary.NoAi"]);

    private string Or(string? value) => string.IsNullOrWhiteSpace(value) ? this["Missing"] : value;

    /// <summary>Every text key, for the test that checks both languages are complete.</summary>
    internal static IReadOnlyList<string> Keys(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No registry texts for {culture.Name}.");
        return set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
    }
}
