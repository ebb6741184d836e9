using System.Globalization;

namespace TeamsKiCoach.Coaching.Pulse;

/// <summary>
/// An ISO 8601 week (Monday to Sunday; week 1 holds the year's first Thursday), the unit a pulse belongs to.
/// Stored as its <see cref="Key"/> ("2026-W07"), which sorts like the weeks themselves.
/// </summary>
public readonly record struct IsoWeek : IComparable<IsoWeek>
{
    public IsoWeek(int year, int week)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);
        ArgumentOutOfRangeException.ThrowIfLessThan(week, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(week, ISOWeek.GetWeeksInYear(year));
        Year = year;
        Week = week;
    }

    public int Year { get; }

    public int Week { get; }

    public DateOnly Monday => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday));

    public DateOnly Sunday => Monday.AddDays(6);

    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-W{Week:00}");

    public static IsoWeek Of(DateOnly date)
    {
        var day = date.ToDateTime(TimeOnly.MinValue);
        return new IsoWeek(ISOWeek.GetYear(day), ISOWeek.GetWeekOfYear(day));
    }

    public DateOnly Day(DayOfWeek day) => Monday.AddDays(((int)day + 6) % 7);

    public IsoWeek AddWeeks(int weeks) => Of(Monday.AddDays(7 * weeks));

    /// <summary>Weeks from this one to <paramref name="later"/>: 0 for the same week, negative when it is earlier.</summary>
    public int WeeksUntil(IsoWeek later) => (later.Monday.DayNumber - Monday.DayNumber) / 7;

    public static IsoWeek Parse(string key) =>
        TryParse(key, out var week) ? week : throw new FormatException($"'{key}' is not an ISO week like 2026-W07.");

    public static bool TryParse(string? key, out IsoWeek week)
    {
        week = default;
        if (key is not { Length: 8 } || key[4] != '-' || key[5] != 'W'
            || !int.TryParse(key.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(key.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || year < 1 || year > 9998 || number < 1 || number > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }

        week = new IsoWeek(year, number);
        return true;
    }

    public int CompareTo(IsoWeek other) => Monday.CompareTo(other.Monday);

    public static bool operator <(IsoWeek left, IsoWeek right) => left.CompareTo(right) < 0;

    public static bool operator >(IsoWeek left, IsoWeek right) => left.CompareTo(right) > 0;

    public static bool operator <=(IsoWeek left, IsoWeek right) => left.CompareTo(right) <= 0;

    public static bool operator >=(IsoWeek left, IsoWeek right) => left.CompareTo(right) >= 0;

    public override string ToString() => Key;
}
