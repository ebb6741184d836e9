using TeamsKiCoach.Coaching.Stages;

namespace TeamsKiCoach.Coaching.Nudges;

/// <summary>
/// A nudge planned for a team's channel: one per team and week (<see cref="Period"/>, unique), so the weekly run
/// happens once even with several hosts, and the latest one is what "nothing new" is compared with. Its words
/// are kept as composed, in the channel's language, so the post says what the run decided.
/// </summary>
public sealed class NudgeRun : ITenantOwned
{
    public const int MaxLinesLength = 4000;

    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }

    /// <summary>The ISO week in the team's time zone, "2026-W48".</summary>
    public required string Period { get; set; }

    public TeamStage Stage { get; set; }
    public required string Fingerprint { get; set; }
    public required string Language { get; set; }
    public required string Title { get; set; }

    /// <summary>The nudge's lines, one per line.</summary>
    public required string Lines { get; set; }

    public required string ActionId { get; set; }
    public string? ActionSubject { get; set; }
    public required string ActionLabel { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The lead who started the run by hand; null for the scheduled run.</summary>
    public string? TriggeredByAadObjectId { get; set; }

    public IReadOnlyList<string> LineList => Lines.Split('\n');
}
