using System.Globalization;

namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>
/// One pattern as a backlog card shows it. <see cref="People"/> counts distinct named authors plus one for all
/// anonymous entries together: anonymous entries carry no identity, so the count stays a lower bound
/// ("at least") rather than counting one person who answers anonymously every day as many.
/// <see cref="AnonymousMentions"/> says how many mentions that one stands for.
/// </summary>
public sealed record FrictionPattern(
    int Id,
    string Title,
    IReadOnlyList<long> EntryIds,
    int Mentions,
    int People,
    int AnonymousMentions,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    double MinutesPerWeek)
{
    /// <summary>"ca. 6 Std./Woche", "ca. 45 Min./Woche"; null when nobody said how long it takes.</summary>
    public string? TimePerWeekText => PatternSummary.FormatTimePerWeek(MinutesPerWeek);
}

/// <summary>Turns a pattern's entries into the figures and the title a card shows.</summary>
public static class PatternSummary
{
    public const int MaxTitleLength = 60;

    /// <summary>How many times a week a friction happens: a work week has five days, a year 52 weeks.</summary>
    public static double TimesPerWeek(Frequency frequency) => frequency switch
    {
        Frequency.Daily => 5,
        Frequency.Weekly => 1,
        Frequency.Monthly => 12.0 / 52,
        Frequency.Rarely => 1.0 / 52,
        _ => 0,
    };

    /// <summary>
    /// Time lost per week: for each person, their latest entry that names minutes, times its frequency, summed.
    /// One person's repeated mentions of the same friction are one loss, not many; anonymous entries count as
    /// one person, as in <see cref="FrictionPattern.People"/>.
    /// </summary>
    public static double MinutesPerWeek(IEnumerable<FrictionEntry> entries) =>
        entries
            .Where(e => e.Minutes is > 0)
            .GroupBy(e => e.AuthorId ?? string.Empty, StringComparer.Ordinal)
            .Sum(person =>
            {
                var latest = person.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Last();
                return latest.Minutes!.Value * TimesPerWeek(latest.Frequency);
            });

    public static string? FormatTimePerWeek(double minutes)
    {
        if (minutes <= 0)
        {
            return null;
        }

        var german = CultureInfo.GetCultureInfo("de-DE");
        if (minutes < 59.5)
        {
            var rounded = minutes < 10 ? Math.Max(1, Math.Round(minutes)) : Math.Round(minutes / 5) * 5;
            return $"ca. {rounded.ToString(german)} Min./Woche";
        }

        var hours = minutes / 60;
        var roundedHours = hours < 10 ? Math.Round(hours * 2) / 2 : Math.Round(hours);
        return $"ca. {roundedHours.ToString("0.#", german)} Std./Woche";
    }

    /// <summary>
    /// A title from one entry's own words: whitespace collapsed, trailing punctuation dropped, first letter
    /// upper case, cut at a word boundary before <see cref="MaxTitleLength"/> with an ellipsis.
    /// </summary>
    public static string Title(string text)
    {
        var words = text.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var title = string.Join(' ', words).TrimEnd('.', ',', ';', ':', '!', '?', '-', ' ');
        if (title.Length == 0)
        {
            return "(ohne Text)";
        }

        if (title.Length > MaxTitleLength)
        {
            var cut = title.LastIndexOf(' ', MaxTitleLength - 1);
            title = (cut >= MaxTitleLength / 2 ? title[..cut] : title[..(MaxTitleLength - 1)]).TrimEnd(',', ';', ':', '-', ' ') + "…";
        }

        return char.ToUpper(title[0], CultureInfo.GetCultureInfo("de-DE")) + title[1..];
    }

    internal static FrictionPattern Summarize(int id, string titleText, IReadOnlyList<FrictionEntry> entries) =>
        Figures(id, Title(titleText), entries);

    /// <summary>The figures of a pattern whose title is already made (a stored pattern's).</summary>
    internal static FrictionPattern Figures(int id, string title, IReadOnlyList<FrictionEntry> entries)
    {
        var anonymous = entries.Count(e => e.AuthorId is null);
        var named = entries.Where(e => e.AuthorId is not null).Select(e => e.AuthorId).Distinct(StringComparer.Ordinal).Count();
        return new FrictionPattern(
            id,
            title,
            entries.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Select(e => e.Id).ToList(),
            entries.Count,
            named + (anonymous > 0 ? 1 : 0),
            anonymous,
            entries.Min(e => e.CreatedAt),
            entries.Max(e => e.CreatedAt),
            MinutesPerWeek(entries));
    }
}
