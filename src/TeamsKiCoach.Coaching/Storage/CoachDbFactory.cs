using Microsoft.EntityFrameworkCore;

namespace TeamsKiCoach.Coaching.Storage;

/// <summary>The only way to a <see cref="CoachDbContext"/>: always for one named tenant.</summary>
public sealed class CoachDbFactory(IDbContextFactory<CoachDbContext> factory)
{
    public async Task<CoachDbContext> ForTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var db = await factory.CreateDbContextAsync(cancellationToken);
        db.TenantId = tenantId;
        return db;
    }

    /// <summary>Creates the schema where it does not exist yet; for SQLite also switches the file to WAL.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.EnsureCreatedAsync(cancellationToken);
    }
}
