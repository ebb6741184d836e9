using System.ComponentModel.DataAnnotations;

namespace TeamsKiCoach.Coaching.Privacy;

/// <summary>
/// The "Coach:Retention" configuration section: how long rows are kept before the host's daily retention run
/// deletes them. The data sheet prints the values in force, so the works council reads what the host does.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Coach:Retention";

    /// <summary>The back-off of daily prompts reads this many days of a person's prompts (PromptPlanner).</summary>
    public const int PromptHistoryDays = 42;

    /// <summary>Pulse answers (and the weeks' pulse runs), counted from the end of their week.</summary>
    [Range(1, 120, ErrorMessage = "Coach:Retention:PulseAnswerMonths must be between 1 and 120.")]
    public int PulseAnswerMonths { get; set; } = 12;

    /// <summary>The audit trail of decisions, and the record of retention runs themselves.</summary>
    [Range(1, 240, ErrorMessage = "Coach:Retention:AuditMonths must be between 1 and 240.")]
    public int AuditMonths { get; set; } = 36;

    /// <summary>
    /// Sent, failed, expired and unreachable messages. Nothing reads a finished message again (a prompt not sent
    /// by the next day is pointless anyway); a month leaves an operator time to look into a failed send.
    /// </summary>
    [Range(1, 365, ErrorMessage = "Coach:Retention:FinishedOutboxDays must be between 1 and 365.")]
    public int FinishedOutboxDays { get; set; } = 30;

    /// <summary>
    /// Daily prompts and how they were answered. The back-off reads 42 days of them (unanswered prompts make the
    /// bot ask less often), so a shorter setting is refused; 60 leaves a margin for a late answer to an old prompt card.
    /// </summary>
    [Range(PromptHistoryDays, 3650, ErrorMessage = "Coach:Retention:DailyPromptDays must be between 42 (what the back-off reads) and 3650.")]
    public int DailyPromptDays { get; set; } = 60;
}
