using TeamsKiCoach.Coaching;

namespace TeamsKiCoach.Storage;

/// <summary>
/// A step on a tenant's stored data that ran once after a migration, because SQL alone could not do it
/// (see <see cref="Backlog.PatternDataStep"/>): its mark keeps it from running again.
/// </summary>
public sealed class DataStepRecord : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset DoneAt { get; set; }
}
