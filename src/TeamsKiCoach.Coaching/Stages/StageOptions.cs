using System.ComponentModel.DataAnnotations;

namespace TeamsKiCoach.Coaching.Stages;

/// <summary>The "Coach:Stages" section: how much evidence a suggested move needs.</summary>
public sealed class StageOptions
{
    public const string Section = "Coach:Stages";

    /// <summary>N: patterns that must be spread over enough people before stage 2 is suggested.</summary>
    [Range(1, 50)]
    public int PatternsToMoveOn { get; set; } = 3;

    /// <summary>M: different people a pattern needs within the window; one person's pet topic is not yet a pattern of the team.</summary>
    [Range(1, 50)]
    public int PeoplePerPattern { get; set; } = 2;

    /// <summary>The window the pattern evidence is counted over.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "90.00:00:00")]
    public TimeSpan EvidenceWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>After a lead declines a move, the same move is not suggested again for this long: the bot must not push.</summary>
    [Range(typeof(TimeSpan), "0.00:00:00", "180.00:00:00")]
    public TimeSpan RestAfterDecline { get; set; } = TimeSpan.FromDays(28);
}
