using TeamsKiCoach.Coaching.Storage;

namespace TeamsKiCoach.Bot.Hosting;

/// <summary>The "Coach" configuration section.</summary>
public sealed class CoachOptions
{
    public const string Section = "Coach";
    public const string AnyTenant = "*";

    /// <summary>
    /// Tenant ids whose activities are served. "*" serves any tenant (a multi-tenant hosting). Empty serves
    /// any tenant only in Development; elsewhere the host refuses to start.
    /// </summary>
    public string[] AllowedTenants { get; set; } = [];

    public StorageSettings Storage { get; set; } = new();

    // Set at start from the environment, not from configuration.
    internal bool IsDevelopment { get; set; }

    public bool AllowsTenant(string? tenantId)
    {
        if (string.IsNullOrWhiteSpace(tenantId))
        {
            return false;
        }

        if (AllowedTenants.Contains(AnyTenant) || (AllowedTenants.Length == 0 && IsDevelopment))
        {
            return true;
        }

        return AllowedTenants.Contains(tenantId, StringComparer.OrdinalIgnoreCase);
    }
}

public sealed class StorageSettings
{
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;
}
