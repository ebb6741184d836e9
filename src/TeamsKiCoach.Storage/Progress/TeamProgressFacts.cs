using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;

namespace TeamsKiCoach.Storage.Progress;

/// <summary>
/// What a team's pilots and weekly pulses say, as plain numbers, for the stage evidence (stages 3 to 7) and for
/// the nudges of stages 4 to 6 and 8. Counts of what exists now: a stopped pilot is no longer approved.
/// </summary>
public sealed record TeamProgress
{
    public static readonly TeamProgress None = new();

    public int PilotsApproved { get; init; }
    public int PilotsRunning { get; init; }
    public int PilotsKept { get; init; }

    /// <summary>Pulse results shown (above the anonymity threshold) that report the automation being bypassed.</summary>
    public int PulsesShowingBypasses { get; init; }

    /// <summary>Pulse or relief results shown where most people are not relieved.</summary>
    public int PulsesShowingLowRelief { get; init; }

    /// <summary>Stage 4: the latest answers to "are you concretely relieved?" of the running pilot.</summary>
    public ReliefResult? Relief { get; init; }

    /// <summary>Stage 5: the latest week's pulse of the running pilot.</summary>
    public PulseResult? Pulse { get; init; }

    /// <summary>The rating's mean in that pulse (1–5), when it was shown.</summary>
    public double? PulseMean { get; init; }

    /// <summary>Stage 6: bypass reports not yet dealt with, per pilot.</summary>
    public IReadOnlyList<OpenBypasses> Bypasses { get; init; } = [];

    /// <summary>Stage 8: decisions of pilots and pulses that wait for a person (a pilot's approval, say).</summary>
    public IReadOnlyList<OpenDecision> OpenDecisions { get; init; } = [];
}

/// <summary>Reads <see cref="TeamProgress"/> for one team, inside the caller's database context (and so its tenant).</summary>
public interface ITeamProgressFacts
{
    Task<TeamProgress> ReadAsync(CoachDbContext db, string teamId, CancellationToken cancellationToken);
}
