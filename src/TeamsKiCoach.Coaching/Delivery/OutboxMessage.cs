namespace TeamsKiCoach.Coaching.Delivery;

public enum OutboxState
{
    Pending,
    Sent,
    Unreachable,
    Failed,
    Expired,
}

public enum OutboxKind
{
    DailyPrompt,

    /// <summary>A weekly pulse card; the subject is the team's pulse run of that week.</summary>
    Pulse,
    /// <summary>A proposed pilot to a lead of its team, to decide (subject: the pilot).</summary>
    PilotApproval,

    /// <summary>A proposed pilot announced in its team's channel, without decision buttons (subject: the pilot).</summary>
    PilotNotice,

    /// <summary>A lead's decision, to the person who proposed the pilot (subject: the pilot).</summary>
    PilotDecided,

    /// <summary>The relief question of one round to one person (subject: the <c>ReliefAsk</c>).</summary>
    ReliefCheck,
    /// <summary>A team's nudge, posted to its channel; the subject is the <see cref="Nudges.NudgeRun"/>.</summary>
    Nudge,
}

/// <summary>
/// One proactive message, stored before it is sent and finished exactly once. (tenant, run, recipient) is
/// unique, so planning a run twice plans nothing new.
/// </summary>
public sealed class OutboxMessage : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string RunKey { get; set; }
    public required string RecipientKey { get; set; }
    public OutboxKind Kind { get; set; }

    /// <summary>What the message is about (for a daily prompt: the prompt's id); the sender renders it at send time.</summary>
    public long SubjectId { get; set; }

    public string? RecipientAadObjectId { get; set; }
    public string? ConversationId { get; set; }

    public OutboxState State { get; set; } = OutboxState.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A message not sent by then is pointless (yesterday's prompt) and is finished as expired.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The conversation the per-conversation limits apply to; a new 1:1 chat counts as its recipient's.</summary>
    public string ConversationKey => ConversationId ?? "new:" + RecipientKey;
}
