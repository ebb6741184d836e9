namespace TeamsKiCoach.Coaching.Pulse;

/// <summary>Whose answers an aggregate holds: one team's, or those of several teams of the company pooled.</summary>
public enum PulseGroup
{
    Team,
    Company,
}

/// <summary>
/// One shown result: the answers of one group over one period, at least <see cref="MinAnswers"/> of them.
/// Every count inside it (the relief distribution, "no time", a theme's mentions) is a part of these answers.
/// </summary>
public sealed record PulseAggregate(
    PulseGroup Group,
    IsoWeek From,
    IsoWeek To,
    int Teams,
    int MinAnswers,
    int Answers,
    int NoTime,
    PulseRelief? Relief,
    PulseThemes? Themes)
{
    public bool IsSingleWeek => From == To;

    /// <summary>Which team's week each answer inside came from: for checking the roll-up, never for a card.</summary>
    internal IReadOnlyList<PulseCellPart> Covers { get; init; } = [];
}

/// <summary>
/// Relief ratings of an aggregate, shown only when at least its minimum number of answers rated: a mean of fewer
/// ratings would be a mean of fewer people. <see cref="Distribution"/> holds the counts of 1 to 5 in order.
/// </summary>
public sealed record PulseRelief(int Rated, IReadOnlyList<int> Distribution, double Mean);

/// <summary>Free-text themes, grouped like backlog patterns, most mentioned first; only from 10 answers on.</summary>
public sealed record PulseThemes(IReadOnlyList<PulseTheme> Bypassed, IReadOnlyList<PulseTheme> NewQuestions, IReadOnlyList<PulseTheme> StillManual);

public sealed record PulseTheme(string Title, int Mentions);

internal readonly record struct PulseCellPart(string TeamId, IsoWeek Week);

/// <summary>What a team's results say about one week.</summary>
public enum PulseWeekState
{
    /// <summary>No pulse was sent to the team that week.</summary>
    NoPulse,

    /// <summary>In one of the team's own aggregates (the week alone, or rolled up with the weeks after it).</summary>
    Team,

    /// <summary>In a company aggregate: the team's answers were too few even over several weeks.</summary>
    Company,

    /// <summary>Too few answers so far; later weeks may still complete the roll-up.</summary>
    Collecting,

    /// <summary>Too few for the team; the company aggregate of its four-week period is due once the period is over everywhere.</summary>
    WaitingForCompany,

    /// <summary>Too few answers even pooled across the company: never shown.</summary>
    TooFew,
}

public sealed record PulseWeekResult(IsoWeek Week, PulseWeekState State, PulseAggregate? Aggregate);

/// <summary>One point of the relief trend: the mean of one shown aggregate, placed at its period.</summary>
public sealed record PulseTrendPoint(IsoWeek From, IsoWeek To, PulseGroup Group, double Mean, int Rated, int Teams);
