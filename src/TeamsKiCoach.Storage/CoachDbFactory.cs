using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Storage.Backlog;

namespace TeamsKiCoach.Storage;

/// <summary>The only way to a <see cref="CoachDbContext"/>: always for one named tenant.</summary>
public sealed class CoachDbFactory(Func<CoachDbContext> create, StorageOptimisations optimisations)
{
    public CoachDbFactory(Func<CoachDbContext> create)
        : this(create, StorageOptimisations.All)
    {
    }

    /// <summary>The team backlogs read through this factory's contexts, kept while their stamp stays the same.</summary>
    public Backlog.TeamBacklogCache Backlogs { get; } = new();

    /// <summary>The teams' pulse results built through this factory's contexts, kept while their stamp stays the same.</summary>
    public Pulse.PulseResultsCache PulseResults { get; } = new();

    public Task<CoachDbContext> ForTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Rent(tenantId));
    }

    /// <summary>
    /// A context that belongs to no tenant: it can only list across tenants with IgnoreQueryFilters (the
    /// schedulers do, to find due work) and can save nothing. Work found is then done through <see cref="ForTenantAsync"/>.
    /// </summary>
    public Task<CoachDbContext> ForSystemAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Rent(string.Empty));
    }

    // Contexts come from a pool: the tenant is set on every rent, so none keeps the one it had before.
    private CoachDbContext Rent(string tenantId)
    {
        var db = create();
        db.TenantId = tenantId;
        db.Optimisations = optimisations;
        db.Backlogs = Backlogs;
        db.PulseResults = PulseResults;
        return db;
    }

    /// <summary>The tenants with at least one installed team: where the weekly runs (pulse, nudges) have work.</summary>
    public async Task<List<string>> TenantsWithTeamsAsync(CancellationToken cancellationToken)
    {
        await using var db = await ForSystemAsync(cancellationToken);
        return await db.Teams.IgnoreQueryFilters().Where(t => t.Installed).Select(t => t.TenantId).Distinct().ToListAsync(cancellationToken);
    }

    /// <summary>Creates or migrates the schema to the current version; for SQLite also switches the file to WAL.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = Rent(string.Empty);
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}
