using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Storage.Assessment;

namespace TeamsKiCoach.Storage.Backlog.Exchange;

/// <summary>
/// One entry as it is exported, with the pattern it belongs to now. <see cref="Author"/> is empty for an
/// anonymous entry and for an imported one; otherwise the person's name as Teams gave it, else their AAD object id.
/// <see cref="Assessment"/> is the pattern's "Muss das ein Mensch tun?" result (fit, partly_fit, keep_with_people)
/// and <see cref="AssessmentState"/> whether a person confirmed it (confirmed) or it is only a suggestion (suggested);
/// both empty for a pattern never checked.
/// </summary>
public sealed record ExportRow(
    int Number,
    string Text,
    Frequency Frequency,
    int? Minutes,
    DateTimeOffset Created,
    EntrySource Source,
    string Author,
    int PatternId,
    string PatternTitle,
    string Assessment = "",
    string AssessmentState = "");

/// <summary>A team's backlog written as CSV, JSONL or XLSX: one row per entry, oldest first.</summary>
public static class BacklogExport
{
    /// <summary>The columns, in order, as the header row (CSV, XLSX) and the field names (JSONL) have them.</summary>
    public static readonly IReadOnlyList<string> Columns = ["id", "text", "frequency", "minutes", "created", "source", "author", "pattern_id", "pattern_title", "assessment", "assessment_state"];

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads the team's stored patterns (in the tenant of <paramref name="db"/>) into export rows.</summary>
    public static async Task<IReadOnlyList<ExportRow>> RowsAsync(
        CoachDbContext db, string teamId, IPatternGrouper grouper, CancellationToken cancellationToken, TimeProvider? clock = null)
    {
        var backlog = await StoredBacklog.LoadAsync(db, teamId, grouper, cancellationToken, clock);
        var authors = backlog.Entries.Select(e => e.AuthorAadObjectId).OfType<string>().Distinct().ToList();
        var names = (await db.TeamMembers.AsNoTracking()
                .Where(m => authors.Contains(m.AadObjectId) && m.Name != null)
                .Select(m => new { m.AadObjectId, m.Name })
                .ToListAsync(cancellationToken))
            .GroupBy(m => m.AadObjectId)
            .ToDictionary(g => g.Key, g => g.First().Name!);

        var assessments = await db.PatternAssessments.AsNoTracking().Where(a => a.TeamId == teamId).ToListAsync(cancellationToken);
        return backlog.Patterns
            .Select(p => (p, c: Assessment.AssessmentService.Match(assessments, p)))
            .SelectMany(x => x.p.Entries.Select(e => (x.p, x.c, e)))
            .Select(x => new ExportRow(
                x.e.Number,
                x.e.Text,
                x.e.Frequency,
                x.e.MinutesLost,
                x.e.CreatedAt.ToUniversalTime(),
                x.e.Source,
                x.e.AuthorAadObjectId is { } author ? names.GetValueOrDefault(author, author) : string.Empty,
                x.p.Key,
                x.p.Title,
                VerdictName(x.c),
                StateName(x.c)))
            .OrderBy(r => r.Number)
            .ToList();
    }

    private static string VerdictName(PatternAssessment? check) => check switch
    {
        null or { Status: Coaching.Assessment.AssessmentStatus.Pending } => string.Empty,
        { IsConfirmed: true, ConfirmedVerdict: { } verdict } => Name(verdict),
        _ => Name(check.SuggestedVerdict),
    };

    private static string StateName(PatternAssessment? check) => check switch
    {
        null or { Status: Coaching.Assessment.AssessmentStatus.Pending } => string.Empty,
        { IsConfirmed: true } => "confirmed",
        _ => "suggested",
    };

    private static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Fit => "fit",
        Verdict.PartlyFit => "partly_fit",
        _ => "keep_with_people",
    };

    public static void Write(IReadOnlyList<ExportRow> rows, ExchangeFormat format, Stream output)
    {
        switch (format)
        {
            case ExchangeFormat.Csv:
                WriteCsv(rows, output);
                break;
            case ExchangeFormat.Jsonl:
                WriteJsonl(rows, output);
                break;
            case ExchangeFormat.Xlsx:
                WriteXlsx(rows, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    public static byte[] ToBytes(IReadOnlyList<ExportRow> rows, ExchangeFormat format)
    {
        using var output = new MemoryStream();
        Write(rows, format, output);
        return output.ToArray();
    }

    private static IReadOnlyList<string> Cells(ExportRow row) =>
    [
        row.Number.ToString(CultureInfo.InvariantCulture),
        row.Text,
        row.Frequency.Name(),
        row.Minutes?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        Date(row.Created),
        row.Source.Name(),
        row.Author,
        row.PatternId.ToString(CultureInfo.InvariantCulture),
        row.PatternTitle,
        row.Assessment,
        row.AssessmentState,
    ];

    private static string Date(DateTimeOffset created) => created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffK", CultureInfo.InvariantCulture);

    // RFC 4180 with a BOM, so that Excel reads the file as UTF-8; every text cell guarded against formulas.
    private static void WriteCsv(IReadOnlyList<ExportRow> rows, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(',', Columns));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(',', Cells(row).Select(c => Quote(FormulaGuard.Escape(c)))));
        }
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', ';', '"', '\r', '\n']) >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    private static void WriteJsonl(IReadOnlyList<ExportRow> rows, Stream output)
    {
        foreach (var row in rows)
        {
            using (var json = new Utf8JsonWriter(output, JsonOptions))
            {
                json.WriteStartObject();
                json.WriteNumber("id", row.Number);
                json.WriteString("text", row.Text);
                json.WriteString("frequency", row.Frequency.Name());
                if (row.Minutes is { } minutes)
                {
                    json.WriteNumber("minutes", minutes);
                }
                else
                {
                    json.WriteNull("minutes");
                }

                json.WriteString("created", Date(row.Created));
                json.WriteString("source", row.Source.Name());
                if (row.Author.Length > 0)
                {
                    json.WriteString("author", row.Author);
                }
                else
                {
                    json.WriteNull("author");
                }

                json.WriteNumber("pattern_id", row.PatternId);
                json.WriteString("pattern_title", row.PatternTitle);
                json.WriteString("assessment", row.Assessment);
                json.WriteString("assessment_state", row.AssessmentState);
                json.WriteEndObject();
            }

            output.WriteByte((byte)'\n');
        }
    }

    // Every cell is written as text (never a formula, never a guessed number or date), with the header row frozen.
    private static void WriteXlsx(IReadOnlyList<ExportRow> rows, Stream output)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Backlog");
        for (var c = 0; c < Columns.Count; c++)
        {
            TextCell(sheet.Cell(1, c + 1), Columns[c]).Style.Font.Bold = true;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var cells = Cells(rows[r]);
            for (var c = 0; c < cells.Count; c++)
            {
                TextCell(sheet.Cell(r + 2, c + 1), cells[c]);
            }
        }

        sheet.SheetView.FreezeRows(1);
        sheet.Column(2).Width = 80;
        sheet.Column(2).Style.Alignment.WrapText = true;
        sheet.Column(5).Width = 30;
        sheet.Column(9).Width = 40;
        workbook.SaveAs(output);
    }

    private static IXLCell TextCell(IXLCell cell, string value)
    {
        cell.DataType = XLDataType.Text;
        cell.SetValue(value);
        cell.DataType = XLDataType.Text;
        return cell;
    }
}
