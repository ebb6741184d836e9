namespace TeamsKiCoach.Coaching.People;

/// <summary>One person on the roster of a team the bot is installed in.</summary>
public sealed class TeamMember : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }
    public required string AadObjectId { get; set; }
    public string? TeamsUserId { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}
