using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>
/// A person the pilot is meant to relieve: their time zone from Teams, when known, and their own prompt time, when
/// they set one.
/// </summary>
public sealed record ReliefRecipient(string AadObjectId, string? TimeZone, TimeOnly? PromptTime = null);

/// <summary>The team settings a relief check follows, the same ones its daily prompts follow.</summary>
public sealed record TeamCalendar(string TimeZone, TimeOnly PromptTime, WorkDays WorkDays, TimeOnly QuietFrom, TimeOnly QuietUntil)
{
    public static readonly TeamCalendar Default = new(
        TeamRecord.DefaultTimeZone, TeamRecord.DefaultPromptTime, TeamRecord.DefaultWorkDays, TeamRecord.DefaultQuietFrom, TeamRecord.DefaultQuietUntil);

    public static TeamCalendar From(TeamRecord team) => new(team.TimeZone, team.PromptTime, team.WorkDays, team.QuietFrom, team.QuietUntil);
}

/// <summary>When one person gets the relief question of one round, on their own clock and as an instant.</summary>
public sealed record ReliefCheckDue(string AadObjectId, int Week, DateTime LocalDateTime, TimeZoneInfo Zone, DateTimeOffset DueAt)
{
    public DateOnly LocalDate => DateOnly.FromDateTime(LocalDateTime);
}

/// <summary>
/// Stage 4: one and three weeks after a pilot starts, the people it is meant to relieve get one question. Each is
/// asked at the prompt time in their own time zone on the local date one (three) weeks after the start; a date
/// that is not one of the team's work days moves to the next one, and a prompt time inside quiet hours moves to
/// their end.
/// </summary>
public static class ReliefCheckSchedule
{
    public static readonly IReadOnlyList<int> Weeks = [1, 3];

    public static IReadOnlyList<ReliefCheckDue> For(DateTimeOffset startedAt, IEnumerable<ReliefRecipient> people, TeamCalendar team) =>
        people
            .DistinctBy(p => p.AadObjectId, StringComparer.Ordinal)
            .SelectMany(person => Weeks.Select(week => DueFor(startedAt, week, person, team)))
            .OrderBy(d => d.DueAt)
            .ThenBy(d => d.AadObjectId, StringComparer.Ordinal)
            .ToList();

    public static ReliefCheckDue DueFor(DateTimeOffset startedAt, int week, ReliefRecipient person, TeamCalendar team)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(week, 1);
        var zone = PromptCalendar.Zone(person.TimeZone, team.TimeZone);
        var date = PromptCalendar.LocalDate(startedAt, zone).AddDays(7 * week);
        var time = person.PromptTime ?? team.PromptTime;
        if (PromptCalendar.InQuietHours(time, team.QuietFrom, team.QuietUntil))
        {
            // Quiet hours that wrap midnight end on the next morning when the prompt time is in their evening part.
            if (team.QuietUntil < time)
            {
                date = date.AddDays(1);
            }

            time = team.QuietUntil;
        }

        date = NextWorkDay(date, team.WorkDays);
        var due = PromptCalendar.ToInstant(date, time, zone);
        return new ReliefCheckDue(person.AadObjectId, week, PromptCalendar.LocalTime(due, zone).DateTime, zone, due);
    }

    /// <summary>The date itself when it is a work day, else the next one; a team without work days keeps the date.</summary>
    public static DateOnly NextWorkDay(DateOnly date, WorkDays workDays)
    {
        for (var day = date; day < date.AddDays(7); day = day.AddDays(1))
        {
            if (PromptCalendar.IsWorkDay(day, workDays))
            {
                return day;
            }
        }

        return date;
    }
}
