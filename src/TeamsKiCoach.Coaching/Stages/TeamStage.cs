namespace TeamsKiCoach.Coaching.Stages;

/// <summary>The eight stages of the roadmap; the number is what people see and what storage keeps.</summary>
public enum TeamStage
{
    FrictionVisible = 1,
    RightQuestion = 2,
    StartSmall = 3,
    ImpactFirst = 4,
    WatchTheUse = 5,
    Iterate = 6,
    PartOfTheWork = 7,
    PeopleDecide = 8,
}

public static class TeamStages
{
    /// <summary>Where every new team starts.</summary>
    public const TeamStage First = TeamStage.FrictionVisible;

    public const TeamStage Last = TeamStage.PeopleDecide;

    public static IReadOnlyList<TeamStage> All { get; } = Enum.GetValues<TeamStage>();

    public static bool IsStage(int number) => number >= (int)First && number <= (int)Last;

    /// <summary>A stored or typed number as a stage; anything outside 1–8 is not one.</summary>
    public static TeamStage? FromNumber(int number) => IsStage(number) ? (TeamStage)number : null;

    public static int Number(this TeamStage stage) => (int)stage;
}
