using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TeamsKiCoach.Coaching;

namespace TeamsKiCoach.Storage;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The storage optimisations, each of which can be turned off (for measuring what it brings, see
/// tests/PERFORMANCE.md); all on by default. Read once at start: <c>Coach:Storage:Optimisations:*</c> in the host.
/// </summary>
/// <param name="KeepConnections">SQLite: each pooled context keeps an open connection (<see cref="KeptSqliteConnections"/>).</param>
/// <param name="KeepStatements">SQLite: a kept connection keeps its prepared statements (<see cref="StatementKeepingConnection"/>).</param>
/// <param name="CompiledQueries">The questions of "status" run as compiled queries (<see cref="PerProvider{TQuery}"/>).</param>
/// <param name="WrittenLookup">The conversation lookup of every turn is written SQL (<see cref="Conversations.ConversationLookup"/>).</param>
public sealed record StorageOptimisations(bool KeepConnections = true, bool KeepStatements = true, bool CompiledQueries = true, bool WrittenLookup = true)
{
    public static readonly StorageOptimisations All = new();
}

public static class StorageSetup
{
    public const int SqliteBusyTimeoutMilliseconds = 5000;

    public static IServiceCollection AddCoachStorage(this IServiceCollection services, StorageProvider provider, string connectionString) =>
        services.AddCoachStorage(provider, connectionString, StorageOptimisations.All);

    public static IServiceCollection AddCoachStorage(
        this IServiceCollection services, StorageProvider provider, string connectionString, StorageOptimisations optimisations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (provider == StorageProvider.Sqlite)
        {
            EnsureSqliteFolder(connectionString);
        }

        switch (provider)
        {
            case StorageProvider.Sqlite:
                // Pooled: a message turn asks a handful of short questions, each through a context of its own, and
                // setting up a fresh context each time cost more than most of the questions did.
                services.AddPooledDbContextFactory<SqliteCoachDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqliteBusyTimeout()).ConfigureWarnings(DatabaseFailures.LeftToTheirCallers));
                services.AddSingleton(_ => new KeptSqliteConnections(connectionString, optimisations.KeepStatements));
                services.AddSingleton(sp =>
                {
                    var contexts = sp.GetRequiredService<IDbContextFactory<SqliteCoachDbContext>>();
                    if (!optimisations.KeepConnections)
                    {
                        return new CoachDbFactory(contexts.CreateDbContext, optimisations);
                    }

                    var kept = sp.GetRequiredService<KeptSqliteConnections>();
                    return new CoachDbFactory(() => kept.Keep(contexts.CreateDbContext()), optimisations);
                });
                break;
            case StorageProvider.Postgres:
                services.AddPooledDbContextFactory<PostgresCoachDbContext>(o => o.UseNpgsql(connectionString).ConfigureWarnings(DatabaseFailures.LeftToTheirCallers));
                services.AddSingleton(sp => new CoachDbFactory(sp.GetRequiredService<IDbContextFactory<PostgresCoachDbContext>>().CreateDbContext, optimisations));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, null);
        }

        return services;
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder) && dataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }

    // Several writers (web requests, later the scheduler) share one SQLite file: wait for a lock instead of failing.
    // Straight on the native handle: the same setting as PRAGMA busy_timeout, without a statement to prepare.
    internal static void ApplyBusyTimeout(SqliteConnection connection) =>
        SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, SqliteBusyTimeoutMilliseconds);

    // For connections the context opens itself (those it was not given by KeptSqliteConnections).
    private sealed class SqliteBusyTimeout : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection) => ApplyBusyTimeout((SqliteConnection)connection);
    }
}
