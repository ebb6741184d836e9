using TeamsKiCoach.Coaching.Prompts;

namespace TeamsKiCoach.Coaching.Pulse;

/// <summary>
/// When a team's weekly pulse goes out: a day and a local time, the same wall-clock time in each person's own
/// time zone. Only Monday to Friday: the week closes at the end of Sunday in the team's zone, and a Friday pulse
/// still leaves more than a day to answer in any zone the team's people live in (zones differ by up to 26 hours).
/// </summary>
public sealed record PulseSchedule
{
    public static readonly PulseSchedule Default = new(DayOfWeek.Thursday, new TimeOnly(14, 0));

    public PulseSchedule(DayOfWeek day, TimeOnly time)
    {
        if (day is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, "The pulse goes out on a day from Monday to Friday.");
        }

        Day = day;
        Time = time;
    }

    public DayOfWeek Day { get; }

    public TimeOnly Time { get; }
}

/// <summary>
/// One pulse week of one team: the ISO week in the team's time zone, open for answers from its start until it
/// closes at the end of Sunday there. Answers can be changed until then; results only ever read closed weeks,
/// so a number once shown never changes.
/// </summary>
public sealed record PulseWeek(IsoWeek Week, TimeZoneInfo TeamZone)
{
    /// <summary>The pulse week an instant falls in, by the team's calendar.</summary>
    public static PulseWeek At(DateTimeOffset instant, TimeZoneInfo teamZone) =>
        new(IsoWeek.Of(PromptCalendar.LocalDate(instant, teamZone)), teamZone);

    public DateTimeOffset StartsAt => PromptCalendar.ToInstant(Week.Monday, TimeOnly.MinValue, TeamZone);

    public DateTimeOffset ClosesAt => PromptCalendar.ToInstant(Week.AddWeeks(1).Monday, TimeOnly.MinValue, TeamZone);

    /// <summary>
    /// Whether an answer for this week is still taken (or changed) at <paramref name="now"/>. The card names its
    /// week, so a person ahead of the team's zone may answer before the week has begun there.
    /// </summary>
    public bool IsOpenAt(DateTimeOffset now) => now < ClosesAt;

    public bool IsClosedAt(DateTimeOffset now) => !IsOpenAt(now);

    /// <summary>
    /// When one person's pulse of this week is due: the schedule's day of this ISO week at its time in the
    /// person's own zone. A time in the team's quiet hours moves to their end, as daily prompts never go out in
    /// quiet hours; a time skipped or doubled by a daylight-saving change is taken as daily prompts take it.
    /// </summary>
    public DateTimeOffset DueFor(TimeZoneInfo personZone, PulseSchedule schedule, TimeOnly quietFrom, TimeOnly quietUntil)
    {
        var date = Week.Day(schedule.Day);
        var time = schedule.Time;
        if (PromptCalendar.InQuietHours(time, quietFrom, quietUntil))
        {
            // Quiet hours that wrap midnight end the next morning when the pulse time lies in their evening part.
            date = quietFrom > quietUntil && time >= quietFrom ? date.AddDays(1) : date;
            time = quietUntil;
        }

        return PromptCalendar.ToInstant(date, time, personZone);
    }
}
