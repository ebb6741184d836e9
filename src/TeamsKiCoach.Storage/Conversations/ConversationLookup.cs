using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Conversations;

namespace TeamsKiCoach.Storage.Conversations;

/// <summary>
/// The question every turn asks before the bot answers: the conversation's record and whether the person who wrote
/// is marked unreachable. It is written as SQL and read column by column instead of going through an EF Core query:
/// measured with the host benchmark, EF Core's part of this one question (query context, a new shaper delegate on
/// each execution, materialization) was about a tenth of the CPU of a "hilfe" turn, and reading it here took the
/// host from 0.30 to 0.27 ms of CPU per turn in the same run.
/// The SQL names the context's tenant in both tables, as the model's query filters do. The storage contract tests
/// (<c>StorageContract.TheLookupOfEveryTurn…</c>) read the same rows through EF Core on SQLite and PostgreSQL and
/// compare every property of the record; each property has a value other than its default in one of those rows,
/// so a property added to <see cref="ConversationRecord"/> fails there until the rows and this lookup have it.
/// </summary>
internal static class ConversationLookup
{
    // Quoted names are the same on both databases; the model's table and column names (see CoachDbContext).
    private const string Sql = """
        SELECT c."Id", c."TenantId", c."ConversationId", c."Scope", c."ServiceUrl", c."ChannelId", c."BotId",
               c."UserAadObjectId", c."TeamsUserId", c."TeamId", c."Locale", c."TimeZone", c."Installed",
               c."WelcomedAt", c."FirstSeenAt", c."LastSeenAt",
               CASE WHEN @person IS NOT NULL AND EXISTS (
                   SELECT 1 FROM "person_settings" p
                   WHERE p."TenantId" = @tenant AND p."AadObjectId" = @person AND p."UnreachableSince" IS NOT NULL)
               THEN 1 ELSE 0 END
        FROM "conversations" c
        WHERE c."TenantId" = @tenant AND c."ConversationId" = @conversation
        """;

    // SQLite keeps dates as the model's binary form (SqliteCoachDbContext); PostgreSQL as timestamptz.
    private static readonly DateTimeOffsetToBinaryConverter SqliteDates = new();

    /// <summary>
    /// The record of <paramref name="conversationId"/> in the context's tenant, untracked, or null; with
    /// <paramref name="person"/>, whether that person's settings say Teams could not reach them.
    /// </summary>
    public static async Task<(ConversationRecord Record, bool Unreachable)?> FindAsync(
        CoachDbContext db, string conversationId, string? person, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(db.TenantId))
        {
            throw new InvalidOperationException("The conversation lookup needs a context of one tenant.");
        }

        if (!db.Optimisations.WrittenLookup)
        {
            return await FindWithQueryAsync(db, conversationId, person, cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = Sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            Add(command, "@tenant", db.TenantId);
            Add(command, "@conversation", conversationId);
            Add(command, "@person", person);

            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var sqlite = db is SqliteCoachDbContext;
            var record = new ConversationRecord
            {
                Id = reader.GetInt64(0),
                TenantId = reader.GetString(1),
                ConversationId = reader.GetString(2),
                Scope = Scope(reader.GetString(3)),
                ServiceUrl = reader.GetString(4),
                ChannelId = reader.GetString(5),
                BotId = Text(reader, 6),
                UserAadObjectId = Text(reader, 7),
                TeamsUserId = Text(reader, 8),
                TeamId = Text(reader, 9),
                Locale = Text(reader, 10),
                TimeZone = Text(reader, 11),
                Installed = reader.GetBoolean(12),
                WelcomedAt = reader.IsDBNull(13) ? null : Date(reader, 13, sqlite),
                FirstSeenAt = Date(reader, 14, sqlite),
                LastSeenAt = Date(reader, 15, sqlite),
            };
            return (record, reader.GetInt32(16) != 0);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // The same question as an EF Core query, for measuring what the written SQL brings (StorageOptimisations.WrittenLookup).
    private static async Task<(ConversationRecord Record, bool Unreachable)?> FindWithQueryAsync(
        CoachDbContext db, string conversationId, string? person, CancellationToken cancellationToken)
    {
        var found = await db.Conversations.AsNoTracking()
            .Where(c => c.ConversationId == conversationId)
            .Select(c => new
            {
                Record = c,
                Unreachable = person != null && db.PersonSettings.Any(p => p.AadObjectId == person && p.UnreachableSince != null),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.Record, found.Unreachable);
    }

    private static void Add(DbCommand command, string name, string? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.String;
        parameter.Value = (object?)value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    // As EF Core's enum-to-string conversion reads it: the name, else the name in any case or a number, else the default.
    private static ConversationScope Scope(string stored) =>
        Enum.TryParse<ConversationScope>(stored, out var scope) || Enum.TryParse(stored, ignoreCase: true, out scope) ? scope : default;

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateTimeOffset Date(DbDataReader reader, int column, bool sqlite) =>
        sqlite ? (DateTimeOffset)SqliteDates.ConvertFromProvider(reader.GetInt64(column))! : reader.GetFieldValue<DateTimeOffset>(column);
}
