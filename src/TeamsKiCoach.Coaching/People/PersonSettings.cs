namespace TeamsKiCoach.Coaching.People;

/// <summary>What a person decided about how the bot treats them.</summary>
public sealed class PersonSettings : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string AadObjectId { get; set; }
    public DateTimeOffset? PausedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsPaused => PausedAt is not null;
}
