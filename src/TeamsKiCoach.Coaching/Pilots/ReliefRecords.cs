namespace TeamsKiCoach.Coaching.Pilots;

/// <summary>
/// That one person is asked the relief question of one round of one pilot, and whether they answered. It keeps
/// neither the answer nor when it came: the answer is a <see cref="ReliefAnswerRecord"/> with no link back here.
/// </summary>
public sealed class ReliefAsk : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }
    public long PilotId { get; set; }
    public int Week { get; set; }
    public required string RecipientAadObjectId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public bool Answered { get; set; }
}

/// <summary>One answer to a relief round, stored without the person who gave it and without a time.</summary>
public sealed class ReliefAnswerRecord : ITenantOwned
{
    public const int MaxCommentLength = 500;

    public long Id { get; set; }
    public required string TenantId { get; set; }
    public long PilotId { get; set; }
    public int Week { get; set; }
    public Relief Answer { get; set; }
    public string? Comment { get; set; }
}
