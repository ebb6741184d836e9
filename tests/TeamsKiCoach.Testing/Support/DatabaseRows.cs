using Microsoft.Data.Sqlite;

namespace TeamsKiCoach.Tests.Support;

/// <summary>What a SQLite test database holds, table by table, across every tenant: to show that nothing was stored.</summary>
public static class DatabaseRows
{
    public static Task<IReadOnlyDictionary<string, long>> CountAsync(TestDatabase database) => CountAsync(database.ConnectionString);

    public static async Task<IReadOnlyDictionary<string, long>> CountAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString + ";Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = await TablesAsync(connection, withMigrations: false);

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }

    /// <summary>Every non-empty cell of every table, as (table, column, value as text): to show that a value is gone.</summary>
    public static async Task<IReadOnlyList<(string Table, string Column, string Value)>> CellsAsync(string connectionString)
    {
        var cells = new List<(string, string, string)>();
        await using var connection = new SqliteConnection(connectionString + ";Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = await TablesAsync(connection, withMigrations: false);

        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i))
                    {
                        cells.Add((table, reader.GetName(i), Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
                    }
                }
            }
        }

        return cells;
    }

    /// <summary>
    /// Every value of every row of every table, as one string to compare: a change of any value shows. Columns named
    /// in <paramref name="ignored"/> are left out (by default when a conversation or member was last seen, which every
    /// activity updates).
    /// </summary>
    public static async Task<string> SnapshotAsync(TestDatabase database, params string[] ignored)
    {
        var skip = ignored.Length == 0 ? ["LastSeenAt"] : ignored;
        await using var connection = new SqliteConnection(database.ConnectionString + ";Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = await TablesAsync(connection, withMigrations: true);

        var snapshot = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            snapshot.Append("# ").AppendLine(table);
            await using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\" ORDER BY rowid";
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!skip.Contains(reader.GetName(i), StringComparer.Ordinal))
                    {
                        snapshot.Append(reader.GetName(i)).Append('=').Append(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append(';');
                    }
                }

                snapshot.AppendLine();
            }
        }

        return snapshot.ToString();
    }

    public static long Total(this IReadOnlyDictionary<string, long> counts) => counts.Values.Sum();

    public static string Describe(this IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key}={c.Value}"));

    private static async Task<List<string>> TablesAsync(SqliteConnection connection, bool withMigrations)
    {
        var tables = new List<string>();
        await using var list = connection.CreateCommand();
        list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            + (withMigrations ? string.Empty : " AND name <> '__EFMigrationsHistory'") + " ORDER BY name";
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
