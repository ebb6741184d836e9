using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using TeamsKiCoach.Coaching;

namespace TeamsKiCoach.Storage;

/// <summary>
/// A save that fails reaches its caller as an exception, and the caller decides what it was: a race a unique
/// index settled (two installs at once, two hosts planning the same prompt, two first pulse answers making the
/// tenant's secret), which it handles and does not log as an error; or a failure, which it lets through to the
/// turn's or the delivery round's error log, with its stack trace.
/// </summary>
public static class DatabaseFailures
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>The save lost a race on a unique index: another request stored the same row first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// EF Core logs every failed save and command as an error with its stack trace before the caller has seen
    /// the exception, so a race its caller handled read as a failure in the log. The caller's judgement is logged instead.
    /// </summary>
    public static void LeftToTheirCallers(WarningsConfigurationBuilder warnings) =>
        warnings.Ignore(CoreEventId.SaveChangesFailed, RelationalEventId.CommandError);
}
