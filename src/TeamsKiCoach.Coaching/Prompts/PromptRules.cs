using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Teams;

namespace TeamsKiCoach.Coaching.Prompts;

/// <summary>Everything that decides whether one person gets a prompt now.</summary>
public sealed record PromptSituation(
    TimeZoneInfo Zone,
    TimeOnly PromptTime,
    WorkDays WorkDays,
    TimeOnly QuietFrom,
    TimeOnly QuietUntil,
    PersonSettings? Settings,
    IReadOnlyList<DailyPrompt> EarlierPrompts);

public enum PromptSkip
{
    None,
    NotYet,
    TooLate,
    NotAWorkDay,
    QuietHours,
    Paused,
    Unreachable,
    AlreadyPrompted,
    BackedOff,
}

public sealed record PromptDecision(PromptSkip Skip, DateOnly LocalDate, DateTimeOffset DueAt, bool BackoffNotice)
{
    public bool Send => Skip == PromptSkip.None;
}

/// <summary>
/// When a person gets their daily prompt: on work days at the prompt time in their own time zone, never in
/// quiet hours, never while paused or unreachable, at most once per local date, and less often after prompts
/// went unanswered.
/// </summary>
public static class PromptRules
{
    /// <summary>A prompt is still sent this long after its time (the bot was down); later it waits for the next day.</summary>
    public static readonly TimeSpan Lateness = TimeSpan.FromHours(3);

    public static PromptDecision Decide(PromptSituation situation, DateTimeOffset now, bool manual = false, bool askedForIt = false)
    {
        var local = PromptCalendar.LocalTime(now, situation.Zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var due = manual ? now : PromptCalendar.ToInstant(date, situation.PromptTime, situation.Zone);
        PromptDecision Skip(PromptSkip reason) => new(reason, date, due, false);

        if (situation.Settings?.UnreachableSince is not null)
        {
            return Skip(PromptSkip.Unreachable);
        }

        if (situation.Settings?.IsPausedOn(date) == true)
        {
            return Skip(PromptSkip.Paused);
        }

        if (situation.EarlierPrompts.Any(p => p.LocalDate == date))
        {
            return Skip(PromptSkip.AlreadyPrompted);
        }

        if (!manual)
        {
            if (!PromptCalendar.IsWorkDay(date, situation.WorkDays))
            {
                return Skip(PromptSkip.NotAWorkDay);
            }

            if (now < due)
            {
                return Skip(PromptSkip.NotYet);
            }

            if (now >= due + Lateness)
            {
                return Skip(PromptSkip.TooLate);
            }
        }

        if (!askedForIt && PromptCalendar.InQuietHours(TimeOnly.FromDateTime(local.DateTime), situation.QuietFrom, situation.QuietUntil))
        {
            return Skip(PromptSkip.QuietHours);
        }

        var earlier = situation.EarlierPrompts.Where(p => p.LocalDate < date).OrderByDescending(p => p.LocalDate).ToList();
        var ignored = earlier.TakeWhile(p => !p.IsAnswered).Count();
        var interval = PromptCalendar.Interval(ignored);
        if (interval > 1 && !askedForIt && earlier.Count > 0 && WorkDaysBetween(earlier[0].LocalDate, date, situation.WorkDays) < interval)
        {
            return Skip(PromptSkip.BackedOff);
        }

        var notice = interval > 1 && situation.Settings?.BackoffNoticeAt is null;
        return new PromptDecision(PromptSkip.None, date, due, notice);
    }

    /// <summary>When the person's next prompt is due, looking up to four weeks ahead; null while unreachable or paused longer.</summary>
    public static DateTimeOffset? NextDue(PromptSituation situation, DateTimeOffset now)
    {
        if (situation.Settings?.UnreachableSince is not null)
        {
            return null;
        }

        var today = PromptCalendar.LocalDate(now, situation.Zone);
        for (var date = today; date <= today.AddDays(28); date = date.AddDays(1))
        {
            var due = PromptCalendar.ToInstant(date, situation.PromptTime, situation.Zone);
            var quiet = PromptCalendar.InQuietHours(situation.PromptTime, situation.QuietFrom, situation.QuietUntil);
            if (due > now && !quiet && PromptCalendar.IsWorkDay(date, situation.WorkDays)
                && situation.Settings?.IsPausedOn(date) != true && situation.EarlierPrompts.All(p => p.LocalDate != date))
            {
                return due;
            }
        }

        return null;
    }

    /// <summary>Work days after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public static int WorkDaysBetween(DateOnly from, DateOnly to, WorkDays workDays)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (PromptCalendar.IsWorkDay(day, workDays))
            {
                count++;
            }
        }

        return count;
    }
}
