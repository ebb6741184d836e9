using System.ComponentModel.DataAnnotations;

namespace TeamsKiCoach.Coaching.Nudges;

/// <summary>The "Coach:Nudges" section.</summary>
public sealed class NudgeOptions
{
    public const string Section = "Coach:Nudges";

    /// <summary>Relief and pulse results are shown from this many answers on; set it to the pulse's anonymity threshold.</summary>
    [Range(1, 100)]
    public int MinimumAnswers { get; set; } = 3;

    /// <summary>Items one nudge names at most; a nudge is read in passing, not studied.</summary>
    [Range(1, 10)]
    public int ItemsShown { get; set; } = 3;

    /// <summary>The weekly run's day, in each team's time zone.</summary>
    public DayOfWeek RunDay { get; set; } = DayOfWeek.Tuesday;

    /// <summary>The weekly run's time of day, in each team's time zone; the run may happen later that week, never earlier.</summary>
    public TimeOnly RunTime { get; set; } = new(10, 0);
}
