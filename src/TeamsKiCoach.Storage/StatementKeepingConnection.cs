using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using TeamsKiCoach.Coaching;

namespace TeamsKiCoach.Storage;

/// <summary>
/// A kept SQLite connection that also keeps its prepared statements. EF Core makes a new command for every question
/// and disposes it afterwards, so SQLite parsed and planned the same SQL again on every turn: measured with the host
/// benchmark, a sixth of a "status" turn's CPU went to <c>sqlite3_prepare_v2</c> and a few percent more to finalizing.
/// The commands this connection makes borrow, by their SQL text, a command of the connection's own that keeps its
/// statements between questions. Only reads are kept: SQLite keeps a statement's last bound values until its next
/// use, and a read's are ids and dates, while a write's may be what someone wrote (which "alles löschen" erases).
/// At most <see cref="MaxStatements"/> texts are kept; the one used longest ago makes room.
/// </summary>
internal sealed class StatementKeepingConnection(string connectionString) : SqliteConnection(connectionString)
{
    public const int MaxStatements = 32;

    // One context uses a kept connection at a time; the lock is for the host's stop, which forgets what is kept
    // while a last question may still give its command back.
    private readonly Dictionary<string, (StatementCommand Command, long LastUse)> idle = new(StringComparer.Ordinal);
    private long uses;
    private bool stopped;

    /// <summary>How many SQL texts have their statements kept now.</summary>
    public int KeptStatements
    {
        get
        {
            lock (idle)
            {
                return idle.Count;
            }
        }
    }

    protected override DbCommand CreateDbCommand() => new BorrowingCommand(this);

    public override void Close()
    {
        // Closing finalizes every statement of the connection: nothing kept would be of use afterwards.
        Forget(forGood: false);
        base.Close();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Forget(forGood: true);
        }

        base.Dispose(disposing);
    }

    private StatementCommand Borrow(string text)
    {
        lock (idle)
        {
            if (idle.Remove(text, out var kept))
            {
                // The connection's transaction now, as a new command would start with.
                kept.Command.Transaction = Transaction;
                return kept.Command;
            }
        }

        return new StatementCommand { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction, CommandText = text };
    }

    private void GiveBack(StatementCommand command)
    {
        command.Parameters.Clear();
        command.Transaction = null;
        command.CommandTimeout = DefaultTimeout;
        lock (idle)
        {
            if (!stopped && !command.Reading && State == ConnectionState.Open && IsRead(command.CommandText) && !idle.ContainsKey(command.CommandText))
            {
                if (idle.Count >= MaxStatements)
                {
                    var oldest = idle.MinBy(entry => entry.Value.LastUse);
                    idle.Remove(oldest.Key);
                    oldest.Value.Command.Dispose();
                }

                idle[command.CommandText] = (command, ++uses);
                return;
            }
        }

        command.Dispose();
    }

    // EF Core's reads start with SELECT (a compiled query's too); writes, DDL and PRAGMAs are not kept.
    private static bool IsRead(string text) => text.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);

    private void Forget(bool forGood)
    {
        lock (idle)
        {
            stopped |= forGood;
            foreach (var (command, _) in idle.Values)
            {
                command.Dispose();
            }

            idle.Clear();
        }
    }

    /// <summary>A SQLite command that says whether a reader of it is still open.</summary>
    private sealed class StatementCommand : SqliteCommand
    {
        public bool Reading => DataReader is not null;
    }

    /// <summary>
    /// The command EF Core gets: it borrows the kept command for its SQL text when the text is set (EF Core sets it
    /// first) and gives it back when disposed; everything else goes to the borrowed command.
    /// </summary>
    private sealed class BorrowingCommand(StatementKeepingConnection connection) : DbCommand
    {
        private StatementCommand? borrowed;
        private string text = string.Empty;
        private SqliteTransaction? transaction;
        private int? timeout;

        private bool disposed;

        [AllowNull]
        public override string CommandText
        {
            get => text;
            set
            {
                value ??= string.Empty;
                if (value == text)
                {
                    return;
                }

                if (borrowed?.Reading == true)
                {
                    throw new InvalidOperationException("The command's reader is still open; close it before changing the command text.");
                }

                // Parameters added before a new text go along to the command borrowed for it.
                var parameters = borrowed?.Parameters.Cast<SqliteParameter>().ToArray() ?? [];
                GiveBack();
                text = value;
                if (parameters.Length > 0)
                {
                    Borrowed.Parameters.AddRange(parameters);
                }
            }
        }

        public override int CommandTimeout
        {
            get => timeout ?? connection.DefaultTimeout;
            set
            {
                timeout = value;
                if (borrowed is not null)
                {
                    borrowed.CommandTimeout = value;
                }
            }
        }

        public override CommandType CommandType
        {
            get => CommandType.Text;
            set
            {
                if (value != CommandType.Text)
                {
                    throw new ArgumentException($"SQLite runs text commands only, not {value}.", nameof(value));
                }
            }
        }

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection
        {
            get => connection;
            set
            {
                if (value != connection)
                {
                    throw new NotSupportedException("A command of a kept SQLite connection stays with that connection.");
                }
            }
        }

        protected override DbParameterCollection DbParameterCollection => Borrowed.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => transaction;
            set
            {
                transaction = (SqliteTransaction?)value;
                if (borrowed is not null)
                {
                    borrowed.Transaction = transaction;
                }
            }
        }

        private StatementCommand Borrowed
        {
            get
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                if (borrowed is null)
                {
                    borrowed = connection.Borrow(text);
                    if (transaction is not null)
                    {
                        borrowed.Transaction = transaction;
                    }

                    if (timeout is { } seconds)
                    {
                        borrowed.CommandTimeout = seconds;
                    }
                }

                return borrowed;
            }
        }

        public override void Cancel() => borrowed?.Cancel();

        public override int ExecuteNonQuery() => Borrowed.ExecuteNonQuery();

        public override object? ExecuteScalar() => Borrowed.ExecuteScalar();

        public override void Prepare() => Borrowed.Prepare();

        protected override DbParameter CreateDbParameter() => new SqliteParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Borrowed.ExecuteReader(behavior);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                GiveBack();
                disposed = true;
            }

            base.Dispose(disposing);
        }

        private void GiveBack()
        {
            if (borrowed is not null)
            {
                connection.GiveBack(borrowed);
                borrowed = null;
            }
        }
    }
}
