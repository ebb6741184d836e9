using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Coaching.Prompts;

/// <summary>Local dates and times of daily prompts, in each person's own time zone.</summary>
public static class PromptCalendar
{
    /// <summary>After this many unanswered prompts in a row, the bot asks only every second work day, then every fourth.</summary>
    public const int IgnoredBeforeBackoff = 3;

    public const int MaxInterval = 4;

    /// <summary>
    /// The instant a local wall-clock time happens. A time skipped by the spring change (02:30 on that day)
    /// is moved forward by the gap; a time that happens twice in autumn is taken at its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local, before).ToUniversalTime();
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max()).ToUniversalTime();
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static DateTimeOffset LocalTime(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(LocalTime(instant, zone).DateTime);

    public static bool IsWorkDay(DateOnly date, WorkDays workDays) => workDays.Includes(date.DayOfWeek);

    /// <summary>Quiet hours may wrap midnight (19:00 to 07:00).</summary>
    public static bool InQuietHours(TimeOnly local, TimeOnly from, TimeOnly until) =>
        from == until ? false : from < until ? local >= from && local < until : local >= from || local < until;

    /// <summary>Every how many work days a person is asked, given how many prompts in a row went unanswered.</summary>
    public static int Interval(int ignoredInARow) =>
        ignoredInARow < IgnoredBeforeBackoff ? 1 : Math.Min(MaxInterval, 1 << (ignoredInARow / IgnoredBeforeBackoff));

    public static TimeZoneInfo Zone(string? zoneId, string fallback)
    {
        if (zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            return zone;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(fallback, out var team) ? team : TimeZoneInfo.FindSystemTimeZoneById(TeamRecord.DefaultTimeZone);
    }
}
