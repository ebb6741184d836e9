using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TeamsKiCoach.Storage;

namespace TeamsKiCoach.Tests.Support;

/// <summary>A database of its own for one test: a fresh SQLite file, or a fresh database on the test PostgreSQL server.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "COACH_TEST_POSTGRES";

    private readonly string? folder;
    private readonly List<ServiceProvider> opened = [];

    private TestDatabase(StorageProvider provider, string connectionString, string? folder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.folder = folder;
    }

    public StorageProvider Provider { get; }
    public string ConnectionString { get; }

    public static TestDatabase Create(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => CreateSqlite(),
        StorageProvider.Postgres => CreatePostgres(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public static TestDatabase CreateSqlite()
    {
        var folder = Directory.CreateTempSubdirectory("coach-test-").FullName;
        return new TestDatabase(StorageProvider.Sqlite, $"Data Source={System.IO.Path.Combine(folder, "coach.db")}", folder);
    }

    public static TestDatabase CreatePostgres()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. The test script (tests/run-all.sh) starts a PostgreSQL server and sets it; " +
                "to run only the other tests use --filter \"Category!=Postgres\".");
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = $"coach_test_{Guid.NewGuid():N}" };
        return new TestDatabase(StorageProvider.Postgres, builder.ConnectionString, null);
    }

    public async Task<CoachDbFactory> OpenAsync()
    {
        var services = new ServiceCollection().AddCoachStorage(Provider, ConnectionString).BuildServiceProvider();
        opened.Add(services);
        var factory = services.GetRequiredService<CoachDbFactory>();
        await factory.InitializeAsync(CancellationToken.None);
        return factory;
    }

    public async ValueTask DisposeAsync()
    {
        // Closes the connections the storage keeps open.
        foreach (var services in opened)
        {
            await services.DisposeAsync();
        }

        if (Provider == StorageProvider.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            var database = builder.Database;
            builder.Database = "postgres";
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await drop.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
                {
                    // A session the test role may not end is still on the database, such as the server's own
                    // autovacuum worker that a test's writes started; it ends within moments.
                    await Task.Delay(100);
                }
            }
        }
        else if (folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open only leaves a temp folder behind.
            }
        }
    }
}
