using TeamsKiCoach.Storage;

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

    /// <summary>
    /// Where people reach this host from their browser, e.g. https://kicoach-app.azurewebsites.net; download links
    /// (backlog export) start with it. Unset: the bot offers no download links.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    public ExportSettings Export { get; set; } = new();

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

    /// <summary>
    /// "Coach:Storage:Optimisations": each storage optimisation can be turned off, so that the benchmark
    /// (tests/bench.sh) measures it on and off in one run. All on unless set to false.
    /// </summary>
    public OptimisationSettings Optimisations { get; set; } = new();
}

public sealed class OptimisationSettings
{
    public bool KeepConnections { get; set; } = true;

    public bool KeepStatements { get; set; } = true;

    public bool CompiledQueries { get; set; } = true;

    public bool WrittenLookup { get; set; } = true;

    public StorageOptimisations ToStorage() => new(KeepConnections, KeepStatements, CompiledQueries, WrittenLookup);
}

public sealed class ExportSettings
{
    public static readonly TimeSpan DefaultLinkLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxLinkLifetime = TimeSpan.FromDays(1);

    /// <summary>
    /// Base64 key (at least 32 bytes) that signs download links; from a secret store, never a committed file.
    /// Unset: a random key per process, so a link works only on the instance that made it, until it restarts.
    /// </summary>
    public string? LinkKey { get; set; }

    /// <summary>How long a download link works.</summary>
    public TimeSpan LinkLifetime { get; set; } = DefaultLinkLifetime;
}
