namespace TeamsKiCoach.Coaching.Pulse;

/// <summary>
/// A team's pulse of one week, written when it is first sent. It fixes that week's minimum number of answers:
/// a lead who lowers k after seeing the answers come in must not make that week's results appear.
/// </summary>
public sealed class PulseRun : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }

    /// <summary>The ISO week's key, "2026-W07".</summary>
    public required string Week { get; set; }

    public int MinAnswers { get; set; } = PulseThresholds.DefaultMinAnswers;

    public DateTimeOffset SentAt { get; set; }

    /// <summary>
    /// When the week stops taking answers, fixed when it is sent: a team that later moves to a zone further west
    /// must not reopen a week whose results were already shown.
    /// </summary>
    public DateTimeOffset ClosesAt { get; set; }

    /// <summary>What the week's card asks: about the running pilot, or (a team without one) about friction and the coach.</summary>
    public PulseVariant Variant { get; set; }

    public IsoWeek IsoWeek => Pulse.IsoWeek.Parse(Week);

    /// <summary>Whether an answer (new or changed) is still taken.</summary>
    public bool AcceptsAnswersAt(DateTimeOffset now) => now < ClosesAt;

    /// <summary>
    /// The run of an open week, with the team's current k. A closed week cannot get a run: its results may
    /// already be decided, and answers arriving in it now would change them.
    /// </summary>
    public static PulseRun Start(string tenantId, string teamId, PulseWeek week, int minAnswers, DateTimeOffset now)
    {
        if (!PulseThresholds.IsValid(minAnswers))
        {
            throw new ArgumentOutOfRangeException(nameof(minAnswers), minAnswers,
                $"The minimum number of answers is {PulseThresholds.LowestMinAnswers} to {PulseThresholds.HighestMinAnswers}.");
        }

        if (week.IsClosedAt(now))
        {
            throw new InvalidOperationException($"The pulse week {week.Week} has closed.");
        }

        return new PulseRun
        {
            TenantId = tenantId,
            TeamId = teamId,
            Week = week.Week.Key,
            MinAnswers = minAnswers,
            SentAt = now,
            ClosesAt = week.ClosesAt,
        };
    }
}

/// <summary>
/// The two pulse cards. Both keep one rating and three free texts in the same columns of <see cref="PulseAnswer"/>:
/// with a pilot relief (1–5), bypassed, new questions, still by hand; without one the coach's usefulness (1–5),
/// this week's friction, what the coach should do differently, and whether it asks too often.
/// </summary>
public enum PulseVariant
{
    Pilot,
    Coach,
}

/// <summary>How many answers a result needs before it is shown.</summary>
public static class PulseThresholds
{
    public const int DefaultMinAnswers = 5;
    public const int LowestMinAnswers = 3;
    public const int HighestMinAnswers = 25;

    /// <summary>Free texts identify people far more easily than a number: themes need this many answers whatever k is.</summary>
    public const int MinAnswersForThemes = 10;

    /// <summary>A team setting outside 3 to 25 is refused, not clamped: the lead should see what they set.</summary>
    public static bool IsValid(int minAnswers) => minAnswers is >= LowestMinAnswers and <= HighestMinAnswers;
}
