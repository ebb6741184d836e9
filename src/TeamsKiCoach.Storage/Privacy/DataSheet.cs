using System.Globalization;
using System.Resources;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Privacy;

namespace TeamsKiCoach.Storage.Privacy;

/// <summary>
/// The data sheet's words in one language: DataSheetTexts.resx (German, the default) and DataSheetTexts.en.resx.
/// Tables are described under <c>Table.&lt;table&gt;.*</c>, columns under <c>Column.&lt;table&gt;.&lt;Column&gt;</c> or, for a
/// column that means the same in every table (Id, TenantId, …), under <c>Column.&lt;Column&gt;</c>.
/// </summary>
public sealed class DataSheetText
{
    private static readonly ResourceManager Resources = new("TeamsKiCoach.Storage.Privacy.DataSheetTexts", typeof(DataSheetText).Assembly);

    public static readonly DataSheetText German = new(CultureInfo.GetCultureInfo("de-DE"));
    public static readonly DataSheetText English = new(CultureInfo.GetCultureInfo("en-US"));

    private DataSheetText(CultureInfo culture) => Culture = culture;

    public CultureInfo Culture { get; }

    /// <summary>English for any English locale, German otherwise.</summary>
    public static DataSheetText For(string? locale) =>
        locale is not null && locale.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : German;

    public string this[string key] => Find(key) ?? throw new KeyNotFoundException($"No data sheet text '{key}' for {Culture.Name}.");

    public string? Find(string key) => Resources.GetString(key, Culture) is { Length: > 0 } text ? text : null;

    /// <summary>The text of a column: its table's own, else the one shared by every table.</summary>
    public string? Column(string table, string column) => Find($"Column.{table}.{column}") ?? Find($"Column.{column}");

    /// <summary>Every text key of one culture (invariant: the German default), for the tests that hold the texts to the model.</summary>
    internal static IReadOnlyList<string> Keys(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No data sheet texts for {culture.Name}.");
        return set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
    }
}

/// <summary>One stored column as the data sheet lists it.</summary>
public sealed record DataSheetColumn(string Table, string Column);

/// <summary>
/// The data sheet for the company and its works council, written from the database model itself: every table and
/// every column, what it is for, whether it names a person (<see cref="PersonalDataMap"/>) and what "Alles löschen"
/// does with it, who sees each table and how long it is kept (with the host's <see cref="RetentionOptions"/>).
/// A table or column without texts stops the sheet with an error, so nothing stored goes undescribed.
/// </summary>
public static class DataSheet
{
    /// <summary>The model of the running host, without a database: SQLite's model is the same as PostgreSQL's.</summary>
    public static IModel Model()
    {
        using var db = new SqliteCoachDbContext(new DbContextOptionsBuilder<SqliteCoachDbContext>().UseSqlite("Data Source=:memory:").Options);
        return db.Model;
    }

    /// <summary>Every table by name, each with its columns in the order the entity declares them (Id, TenantId, … first).</summary>
    public static IReadOnlyList<(string Table, IReadOnlyList<string> Columns)> Tables(IModel model) =>
        model.GetEntityTypes()
            .Where(t => t.GetTableName() is not null)
            .Select(t => (Table: t.GetTableName()!, Columns: (IReadOnlyList<string>)t.GetProperties()
                .OrderBy(p => p.PropertyInfo?.MetadataToken ?? int.MaxValue)
                .Select(p => p.GetColumnName())
                .ToList()))
            .OrderBy(t => t.Table, StringComparer.Ordinal)
            .ToList();

    /// <summary>What has no text in <paramref name="text"/>: "table" for a table, "table.Column" for a column.</summary>
    public static IReadOnlyList<string> Undescribed(IModel model, DataSheetText text) =>
        Tables(model).SelectMany(t => TableKeys(t.Table).Where(k => text.Find(k) is null)
                .Concat(t.Columns.Where(c => text.Column(t.Table, c) is null).Select(c => $"{t.Table}.{c}")))
            .ToList();

    public static IEnumerable<string> TableKeys(string table) =>
        TableParts.Select(part => $"Table.{table}.{part}");

    private static readonly string[] TableParts = ["Title", "Purpose", "Visibility", "Retention", "Erasure"];

    public static string Write(IModel model, RetentionOptions retention, DataSheetText text)
    {
        var missing = Undescribed(model, text);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"The data sheet has no {text.Culture.TwoLetterISOLanguageName} text for: {string.Join(", ", missing)}");
        }

        var sheet = new StringBuilder();
        sheet.Append("# ").AppendLine(text["Sheet.Title"]).AppendLine();
        sheet.AppendLine(text["Sheet.Intro"]).AppendLine();
        sheet.AppendLine(text["Sheet.Confidential"]).AppendLine();
        sheet.AppendLine(text["Sheet.Erasure"]).AppendLine();

        sheet.Append("## ").AppendLine(text["Sheet.RetentionHeading"]).AppendLine();
        foreach (var key in new[] { "PulseAnswerMonths", "AuditMonths", "FinishedOutboxDays", "DailyPromptDays", "Backlog" })
        {
            sheet.Append("- ").AppendLine(Fill(text[$"Sheet.Retention.{key}"], retention));
        }

        sheet.AppendLine().AppendLine(Fill(text["Sheet.Retention.Run"], retention)).AppendLine();

        foreach (var (table, columns) in Tables(model))
        {
            sheet.Append("## ").Append(text[$"Table.{table}.Title"]).Append(" (`").Append(table).AppendLine("`)").AppendLine();
            sheet.AppendLine(Fill(text[$"Table.{table}.Purpose"], retention)).AppendLine();
            sheet.Append("- **").Append(text["Sheet.Visibility"]).Append("** ").AppendLine(Fill(text[$"Table.{table}.Visibility"], retention));
            sheet.Append("- **").Append(text["Sheet.Retention"]).Append("** ").AppendLine(Fill(text[$"Table.{table}.Retention"], retention));
            sheet.Append("- **").Append(text["Sheet.EraseAll"]).Append("** ").AppendLine(Fill(text[$"Table.{table}.Erasure"], retention));
            sheet.AppendLine();
            sheet.Append("| ").Append(text["Sheet.Header.Column"]).Append(" | ").Append(text["Sheet.Header.Purpose"])
                .Append(" | ").Append(text["Sheet.Header.Person"]).Append(" | ").Append(text["Sheet.Header.Erasure"]).AppendLine(" |");
            sheet.AppendLine("|---|---|---|---|");
            foreach (var column in columns)
            {
                sheet.Append("| `").Append(column).Append("` | ").Append(Cell(Fill(text.Column(table, column)!, retention)))
                    .Append(" | ").Append(Cell(NamesAPerson(table, column, text)))
                    .Append(" | ").Append(Cell(Erasure(table, column, text))).AppendLine(" |");
            }

            sheet.AppendLine();
        }

        // One file for every platform: the sheet goes into mail and wikis, where mixed line ends show.
        return sheet.ToString().ReplaceLineEndings("\n");
    }

    private static string NamesAPerson(string table, string column, DataSheetText text) =>
        text.Find($"Person.{table}.{column}")
        ?? (PersonalDataMap.Columns.ContainsKey($"{table}.{column}") ? text["Sheet.Yes"] : text.Find($"Person.{column}") ?? text["Sheet.No"]);

    private static string Erasure(string table, string column, DataSheetText text) =>
        text.Find($"Erasure.{table}.{column}")
        ?? (PersonalDataMap.Columns.TryGetValue($"{table}.{column}", out var erasure)
            ? text[$"Sheet.Erasure.{erasure}"]
            : text["Sheet.Erasure.WithRow"]);

    // Markdown tables end a cell at "|" and a row at a line break.
    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Fill(string template, RetentionOptions retention) => template
        .Replace("{PulseAnswerMonths}", Number(retention.PulseAnswerMonths), StringComparison.Ordinal)
        .Replace("{AuditMonths}", Number(retention.AuditMonths), StringComparison.Ordinal)
        .Replace("{FinishedOutboxDays}", Number(retention.FinishedOutboxDays), StringComparison.Ordinal)
        .Replace("{DailyPromptDays}", Number(retention.DailyPromptDays), StringComparison.Ordinal)
        .Replace("{PromptHistoryDays}", Number(RetentionOptions.PromptHistoryDays), StringComparison.Ordinal);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
