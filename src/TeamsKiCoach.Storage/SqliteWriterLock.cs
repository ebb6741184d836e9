using Microsoft.Data.Sqlite;
using TeamsKiCoach.Coaching;

namespace TeamsKiCoach.Storage;

/// <summary>
/// One host per SQLite file: SQLite has no way to share the schedulers' work between processes, so a second host
/// on the same file would plan and send every prompt twice. The host holds an exclusive lock on
/// <c>&lt;database&gt;.lock</c> for as long as it runs; the operating system releases it when the process ends,
/// also when it is killed.
/// </summary>
public sealed class SqliteWriterLock : IDisposable
{
    private readonly FileStream handle;

    private SqliteWriterLock(FileStream handle, string path)
    {
        this.handle = handle;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock for the database of <paramref name="connectionString"/>; null for an in-memory database.</summary>
    /// <exception cref="InvalidOperationException">Another process (or another host in this one) holds the lock.</exception>
    public static SqliteWriterLock? Acquire(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            return null;
        }

        var path = System.IO.Path.GetFullPath(dataSource) + ".lock";
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix and a share-mode lock on Windows.
            var handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
            handle.SetLength(0);
            using (var writer = new StreamWriter(handle, leaveOpen: true))
            {
                writer.Write($"{Environment.ProcessId}\n");
            }

            handle.Flush(flushToDisk: true);
            return new SqliteWriterLock(handle, path);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"TeamsKiCoach does not start: the SQLite database {System.IO.Path.GetFullPath(dataSource)} is already in use by another " +
                $"TeamsKiCoach host (it holds {path}). SQLite serves one host only; stop the other one, or run several hosts " +
                "on PostgreSQL (Coach:Storage:Provider=Postgres).", ex);
        }
    }

    public void Dispose() => handle.Dispose();
}
