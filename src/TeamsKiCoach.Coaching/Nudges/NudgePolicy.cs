using TeamsKiCoach.Coaching.Prompts;

namespace TeamsKiCoach.Coaching.Nudges;

/// <summary>What decides whether a team's channel gets a nudge now; <paramref name="Zone"/> is the team's IANA time zone.</summary>
public sealed record NudgeSituation(
    NudgeCadence Cadence,
    TimeZoneInfo Zone,
    TimeOnly QuietFrom,
    TimeOnly QuietUntil,
    DateTimeOffset? LastSentAt,
    string? LastFingerprint);

public enum NudgeSkip
{
    None,
    Off,
    Weekend,
    QuietHours,
    TooSoon,
    NothingToSay,
    NothingNew,
}

public sealed record NudgeDecision(NudgeSkip Skip, Nudge? Nudge, DateOnly LocalDate)
{
    public bool Send => Skip == NudgeSkip.None;
}

/// <summary>
/// Whether a team gets its nudge now: only if the team wants nudges, not on a weekend or in quiet hours in
/// the team's time zone, at most once a week (or every two weeks), and only with something new to say.
/// A lead starting the nudge run by hand goes through the same rules.
/// </summary>
public sealed class NudgePolicy(TimeProvider time)
{
    public NudgeDecision Decide(NudgeSituation situation, Nudge? nudge)
    {
        ArgumentNullException.ThrowIfNull(situation);
        var local = PromptCalendar.LocalTime(time.GetUtcNow(), situation.Zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        NudgeDecision Skip(NudgeSkip reason) => new(reason, null, date);

        if (situation.Cadence == NudgeCadence.Off)
        {
            return Skip(NudgeSkip.Off);
        }

        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return Skip(NudgeSkip.Weekend);
        }

        if (PromptCalendar.InQuietHours(TimeOnly.FromDateTime(local.DateTime), situation.QuietFrom, situation.QuietUntil))
        {
            return Skip(NudgeSkip.QuietHours);
        }

        // Counted in the team's calendar days, so a run that starts a few minutes earlier next Monday still counts as a week later.
        if (situation.LastSentAt is { } last && date.DayNumber - PromptCalendar.LocalDate(last, situation.Zone).DayNumber < DaysBetween(situation.Cadence))
        {
            return Skip(NudgeSkip.TooSoon);
        }

        if (nudge is null)
        {
            return Skip(NudgeSkip.NothingToSay);
        }

        if (string.Equals(nudge.Fingerprint, situation.LastFingerprint, StringComparison.Ordinal))
        {
            return Skip(NudgeSkip.NothingNew);
        }

        return new NudgeDecision(NudgeSkip.None, nudge, date);
    }

    public static int DaysBetween(NudgeCadence cadence) => cadence == NudgeCadence.EveryTwoWeeks ? 14 : 7;
}
