using System.ComponentModel.DataAnnotations;

namespace TeamsKiCoach.Coaching.Nudges;

/// <summary>The "Coach:Nudges" section.</summary>
public sealed class NudgeOptions
{
    public const string Section = "Coach:Nudges";

    /// <summary>
    /// Relief and pulse results are posted from this many answers on: the same five the pilot card and the pulse
    /// promise people, and never fewer than the pulse's lowest threshold.
    /// </summary>
    [Range(Pulse.PulseThresholds.LowestMinAnswers, Pulse.PulseThresholds.HighestMinAnswers)]
    public int MinimumAnswers { get; set; } = Pulse.PulseThresholds.DefaultMinAnswers;

    /// <summary>Items one nudge names at most; a nudge is read in passing, not studied.</summary>
    [Range(1, 10)]
    public int ItemsShown { get; set; } = 3;

    /// <summary>The weekly run's day, in each team's time zone.</summary>
    public DayOfWeek RunDay { get; set; } = DayOfWeek.Tuesday;

    /// <summary>The weekly run's time of day, in each team's time zone; the run may happen later that week, never earlier.</summary>
    public TimeOnly RunTime { get; set; } = new(10, 0);
}
