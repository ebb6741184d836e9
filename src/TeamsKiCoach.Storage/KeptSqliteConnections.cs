using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching;

namespace TeamsKiCoach.Storage;

/// <summary>
/// On SQLite every pooled context keeps one open connection of its own from its first rent on. A context that
/// opens its connection for each question also registers its SQL functions with SQLite anew each time, and each
/// registration leaves handles for the finalizer: measured with the host benchmark, the finalizer thread alone
/// took a tenth of the host's CPU. A kept connection is opened once, with the busy timeout, and the context only
/// borrows it (it never closes it); these connections close when the host stops. A context's transaction still
/// ends with its rent: the pool rolls back whatever a rent left open. At most <see cref="MaxKept"/> connections
/// are kept; contexts beyond them (only under more concurrent questions than that) open per question as before.
/// A kept connection also keeps its prepared statements (<see cref="StatementKeepingConnection"/>).
/// </summary>
internal sealed class KeptSqliteConnections(string connectionString, bool keepStatements = true) : IDisposable
{
    public const int MaxKept = 64;

    private readonly ConcurrentBag<SqliteConnection> opened = [];
    private int count;
    private bool disposed;

    public SqliteCoachDbContext Keep(SqliteCoachDbContext db)
    {
        if (db.KeepsConnection)
        {
            return db;
        }

        // A place among the kept ones, given back when there is none: the count never passes the cap.
        if (Interlocked.Increment(ref count) > MaxKept)
        {
            Interlocked.Decrement(ref count);
            return db;
        }

        var connection = keepStatements ? new StatementKeepingConnection(connectionString) : new SqliteConnection(connectionString);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            connection.Open();
            StorageSetup.ApplyBusyTimeout(connection);
            db.Database.SetDbConnection(connection, contextOwnsConnection: false);
        }
        catch
        {
            // Nothing is kept from a failed open: the caller gets the error, the context and connection are let go.
            Interlocked.Decrement(ref count);
            connection.Dispose();
            db.Dispose();
            throw;
        }

        db.KeepsConnection = true;
        opened.Add(connection);
        return db;
    }

    public void Dispose()
    {
        disposed = true;
        foreach (var connection in opened)
        {
            connection.Dispose();
        }
    }
}
