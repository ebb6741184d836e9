namespace TeamsKiCoach.Coaching;

/// <summary>Every stored row belongs to exactly one tenant; storage never lets one tenant see another's rows.</summary>
public interface ITenantOwned
{
    string TenantId { get; }
}
