using System.ComponentModel.DataAnnotations;

namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>The "Coach:Pilots" configuration section.</summary>
public sealed class PilotOptions
{
    public const string Section = "Coach:Pilots";

    /// <summary>
    /// How many pilots a team may have running at once. One by default: the roadmap's stage 6 asks a team to
    /// improve the pilot it has before it starts the next.
    /// </summary>
    [Range(1, 10, ErrorMessage = "Coach:Pilots:MaxRunning must be between 1 and 10.")]
    public int MaxRunning { get; set; } = 1;
}
