namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>
/// What the weekly pulse and the relief checks say about one running pilot. Figures only from results that met
/// the minimum number of answers; null where there are none yet. <paramref name="ReliefMean"/> is the pulse's
/// relief on its 1–5 scale, <paramref name="NoShare"/> the relief check's share of "no" (see <see cref="ReliefCounts.NoShare"/>).
/// </summary>
public sealed record PilotSignals(int OpenBypassReports, double? ReliefMean, double? NoShare);

/// <summary>Ways a running pilot can give its place back.</summary>
public enum FreeAPlace
{
    /// <summary>Review it and keep it as an automation of the team.</summary>
    Finish,

    Pause,
    Retire,
}

/// <summary>One pilot that holds a running place, what would free the place, and whether it needs work first.</summary>
public sealed record RunningPilot(
    long PilotId,
    int Number,
    string PatternTitle,
    PilotState State,
    IReadOnlyList<FreeAPlace> WaysToFree,
    int OpenBypassReports,
    bool LowRelief)
{
    public bool NeedsAdjusting => OpenBypassReports > 0 || LowRelief;
}

/// <summary>
/// The brake for one team. <see cref="ApprovalBlocked"/>: approving another pilot would go over the limit, and
/// <see cref="PlacesToFree"/> of the <see cref="Running"/> pilots must finish, pause or retire first.
/// <see cref="SuggestAdjustingFirst"/>: a running pilot has open bypass reports or low relief, so the bot suggests
/// adjusting its rules, handovers or results before a new pilot, whether or not a place is free.
/// </summary>
public sealed record BrakeCheck(int MaxRunning, IReadOnlyList<RunningPilot> Running)
{
    public bool ApprovalBlocked => Running.Count >= MaxRunning;

    public int PlacesToFree => Math.Max(0, Running.Count - MaxRunning + 1);

    public bool SuggestAdjustingFirst => Running.Any(p => p.NeedsAdjusting);

    public IEnumerable<RunningPilot> NeedingAdjustment => Running.Where(p => p.NeedsAdjusting);
}

/// <summary>Stage 6 of the roadmap: improve the pilot a team has before it takes on the next.</summary>
public static class PilotBrake
{
    /// <summary>Below the middle of the pulse's 1–5 scale: more people feel burdened than relieved.</summary>
    public const double LowReliefMean = 3.0;

    /// <summary>One in three of the people concerned says the pilot does not relieve them.</summary>
    public const double LowReliefNoShare = 1.0 / 3;

    /// <summary>
    /// <paramref name="teamPilots"/> are all pilots of one team; <paramref name="signals"/> by pilot id, where known.
    /// </summary>
    public static BrakeCheck Check(IEnumerable<Pilot> teamPilots, IReadOnlyDictionary<long, PilotSignals>? signals, int maxRunning)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRunning, 1);
        var running = teamPilots
            .Where(p => p.CountsAsRunning)
            .OrderBy(p => p.Number)
            .Select(p =>
            {
                var signal = signals?.GetValueOrDefault(p.Id);
                return new RunningPilot(p.Id, p.Number, p.PatternTitle, p.State, WaysToFree(p.State), Math.Max(0, signal?.OpenBypassReports ?? 0), IsLow(signal));
            })
            .ToList();
        return new BrakeCheck(maxRunning, running);
    }

    /// <summary>How many of the team's pilots hold a running place: what <see cref="Pilot.Approve"/> is given.</summary>
    public static int RunningCount(IEnumerable<Pilot> teamPilots) => teamPilots.Count(p => p.CountsAsRunning);

    public static IReadOnlyList<FreeAPlace> WaysToFree(PilotState state) => state switch
    {
        // Not started yet: nothing to finish or pause, only to give up.
        PilotState.Approved => [FreeAPlace.Retire],
        PilotState.Running or PilotState.Adjusted => [FreeAPlace.Finish, FreeAPlace.Pause, FreeAPlace.Retire],
        PilotState.Reviewed => [FreeAPlace.Finish, FreeAPlace.Retire],
        _ => [],
    };

    private static bool IsLow(PilotSignals? signal) =>
        signal is not null && (signal.ReliefMean < LowReliefMean || signal.NoShare >= LowReliefNoShare);
}
