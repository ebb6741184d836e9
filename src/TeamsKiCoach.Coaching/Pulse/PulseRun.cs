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

    public IsoWeek IsoWeek => Pulse.IsoWeek.Parse(Week);
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
