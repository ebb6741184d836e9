using System.Text;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Backlog.Exchange;

namespace TeamsKiCoach.Tests.Exchange;

/// <summary>Export and import against a real database, the same facts on SQLite and on PostgreSQL.</summary>
public abstract class BacklogExchangeContract(StorageProvider provider) : IAsyncLifetime
{
    public const string Tenant = "tenant-contoso";
    public const string Team = "19:team-vertrieb@thread.tacv2";

    /// <summary>Texts that break naive CSV, JSON and spreadsheet handling.</summary>
    public static readonly string[] HardTexts =
    [
        "Rechnungen von Hand abtippen, \"dringend\"; jeden Tag",
        "Zeile eins\nZeile zwei\r\nZeile drei",
        "=HYPERLINK(\"https://evil.example\",\"klick\")",
        "'=schon mit Apostroph",
        "+49 170 1234567 anrufen, Rückruf fehlt",
        "@alle: Excel-Listen abgleichen 👩‍💻 🧾",
        "الفواتير يدويا \u202Egnirts",
        "0042",
        "${user.name} **fett** <b>html</b>",
    ];

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase database = null!;
    private CoachDbFactory dbFactory = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabase.Create(provider);
        dbFactory = await database.OpenAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private BacklogExchange Exchange() => new(dbFactory, new LexicalPatternGrouper(), clock);

    [Fact]
    public async Task ExportThenImportIntoAnotherTeamKeepsEveryTextExactlyInEachFormat()
    {
        await SeedAsync();
        var exchange = Exchange();
        var exported = await exchange.RowsAsync(Tenant, Team, default);

        foreach (var format in new[] { ExchangeFormat.Csv, ExchangeFormat.Jsonl })
        {
            var target = $"team-copy-{format}";
            var file = await exchange.ExportAsync(Tenant, Team, format, default);
            var report = await exchange.ImportAsync(Tenant, target, ImportFile.Read(file, format), default);

            Assert.Empty(report.Notes);
            Assert.Equal(exported.Count, report.Imported);
            var copy = await exchange.RowsAsync(Tenant, target, default);
            Assert.Equal(exported.Select(r => r.Text), copy.Select(r => r.Text));
            Assert.Equal(exported.Select(r => (r.Frequency, r.Minutes, r.Created)), copy.Select(r => (r.Frequency, r.Minutes, r.Created)));
            Assert.All(copy, r => Assert.Equal((EntrySource.Import, ""), (r.Source, r.Author)));
        }
    }

    [Fact]
    public async Task ImportingTheSameFileAgainAddsNothingAndSaysWhichRowsWereAlreadyThere()
    {
        var exchange = Exchange();
        const string csv = "id,text,frequency,minutes,created\n1,Rechnungen abtippen,daily,15,2026-11-02T09:00:00Z\n2,Drucker hakt,weekly,,\n3,,daily,,\n";

        var first = await exchange.ImportAsync(Tenant, Team, ImportFile.Read(csv, ExchangeFormat.Csv), default);
        var second = await exchange.ImportAsync(Tenant, Team, ImportFile.Read(csv, ExchangeFormat.Csv), default);

        Assert.Equal([1, 2], first.Numbers);
        Assert.Equal(1, first.Skipped);
        Assert.Empty(second.Numbers);
        Assert.Equal([(2, ImportNoteKind.AlreadyPresent), (3, ImportNoteKind.AlreadyPresent), (4, ImportNoteKind.MissingText)], second.Notes.Select(n => (n.Line, n.Kind)));
        await using var db = await dbFactory.ForTenantAsync(Tenant, default);
        Assert.Equal(2, await db.BacklogEntries.CountAsync());
        Assert.All(await db.BacklogEntries.ToListAsync(), e => Assert.Null(e.AuthorAadObjectId));
    }

    [Fact]
    public async Task AnImportContinuesTheTeamsNumbersAndAnEntryFromChatAfterItGetsTheNextOne()
    {
        await using (var db = await dbFactory.ForTenantAsync(Tenant, default))
        {
            await AddAsync(db, "Drucker hakt", "aad-anna", clock.GetUtcNow(), Frequency.Weekly, 5);
            await AddAsync(db, "Lieferscheine abtippen", null, clock.GetUtcNow(), Frequency.Daily, 10);
        }

        var rows = string.Concat(Enumerable.Range(1, 250).Select(i => $"Reibung {i},daily,{i % 60},2026-11-{1 + i % 20:00}T08:00:00Z\n"));
        var report = await Exchange().ImportAsync(Tenant, Team, ImportFile.Read("text,frequency,minutes,created\n" + rows, ExchangeFormat.Csv), default);

        Assert.Equal(Enumerable.Range(3, 250), report.Numbers);
        await using var after = await dbFactory.ForTenantAsync(Tenant, default);
        var chat = await AddAsync(after, "Urlaubsanträge per Mail", "aad-anna", clock.GetUtcNow(), Frequency.Rarely, null);
        Assert.Equal(253, chat.Number);
        Assert.Equal(Enumerable.Range(1, 253), (await after.BacklogEntries.OrderBy(e => e.Number).Select(e => e.Number).ToListAsync()));
        Assert.Equal("Reibung 250", (await after.BacklogEntries.SingleAsync(e => e.Number == 252)).Text);
    }

    [Fact]
    public async Task EntriesFromChatDuringAnImportAllGetTheirOwnNumbersAndTheImportSucceeds()
    {
        var rows = string.Concat(Enumerable.Range(1, 400).Select(i => $"Importierte Reibung {i},weekly,5,\n"));
        var import = Exchange().ImportAsync(Tenant, Team, ImportFile.Read("text,frequency,minutes,created\n" + rows, ExchangeFormat.Csv), default);
        var chat = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                // As an answer to the daily prompt is written: in a transaction of its own.
                await using var db = await dbFactory.ForTenantAsync(Tenant, default);
                await using var transaction = await db.Database.BeginTransactionAsync();
                await AddAsync(db, $"Aus dem Chat {i}", "aad-anna", clock.GetUtcNow(), Frequency.Daily, 5);
                await transaction.CommitAsync();
                await Task.Delay(i % 3 * 5);
            }
        });
        await Task.WhenAll(import, chat);

        Assert.Equal(400, (await import).Imported);
        await using var after = await dbFactory.ForTenantAsync(Tenant, default);
        var numbers = await after.BacklogEntries.OrderBy(e => e.Number).Select(e => e.Number).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 440), numbers);
        Assert.Equal(40, await after.BacklogEntries.CountAsync(e => e.Text.StartsWith("Aus dem Chat")));
    }

    [Fact]
    public async Task ExportRowsCarryPatternAuthorOnlyWhereNotAnonymousAndTheNumberOfEachEntry()
    {
        await SeedAsync();

        var rows = await Exchange().RowsAsync(Tenant, Team, default);

        Assert.Equal(Enumerable.Range(1, HardTexts.Length + 3), rows.Select(r => r.Number));
        var invoices = rows.Where(r => r.Text.StartsWith("Rechnung", StringComparison.Ordinal)).ToList();
        Assert.True(invoices.Count >= 2);
        Assert.Single(invoices.Select(r => r.PatternId).Distinct());
        Assert.Equal(invoices.Min(r => r.Number), invoices[0].PatternId);
        Assert.False(string.IsNullOrWhiteSpace(invoices[0].PatternTitle));
        Assert.Equal("Anna Becker", rows.Single(r => r.Text == "Rechnungen abtippen dauert ewig").Author);
        Assert.Equal("aad-ohne-namen", rows.Single(r => r.Text == "Rechnungen prüfen und abtippen").Author);
        Assert.Equal("", rows.Single(r => r.Text == HardTexts[0]).Author);
    }

    [Fact]
    public async Task XlsxOpensWithTheHeaderRowAndEveryTextAsTextNeverAsFormula()
    {
        await SeedAsync();
        var exchange = Exchange();
        var rows = await exchange.RowsAsync(Tenant, Team, default);

        using var workbook = new XLWorkbook(new MemoryStream(await exchange.ExportAsync(Tenant, Team, ExchangeFormat.Xlsx, default)));

        var sheet = workbook.Worksheet(1);
        Assert.Equal(BacklogExport.Columns, Enumerable.Range(1, BacklogExport.Columns.Count).Select(c => sheet.Cell(1, c).GetString()));
        for (var i = 0; i < rows.Count; i++)
        {
            var cell = sheet.Cell(i + 2, 2);
            Assert.False(cell.HasFormula, $"row {i + 2} is a formula");
            Assert.Equal(XLDataType.Text, cell.DataType);
            // Excel's line break is \n: a \r\n in a text arrives as \n, everything else as written.
            Assert.Equal(rows[i].Text.ReplaceLineEndings("\n"), cell.GetString());
            Assert.Equal(rows[i].PatternTitle, sheet.Cell(i + 2, 9).GetString());
        }

        Assert.Equal("0042", sheet.Cell(rows.Single(r => r.Text == "0042").Number + 1, 2).GetString());
        Assert.True(sheet.Cell(rows.Count + 2, 2).IsEmpty());
    }

    [Fact]
    public async Task CsvCellsThatASpreadsheetWouldRunStartWithAnApostrophe()
    {
        await SeedAsync();

        var csv = Encoding.UTF8.GetString(await Exchange().ExportAsync(Tenant, Team, ExchangeFormat.Csv, default));

        Assert.StartsWith("\uFEFFid,text,frequency,minutes,created,source,author,pattern_id,pattern_title,assessment,assessment_state\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"klick\"\")\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'+49 170 1234567 anrufen, Rückruf fehlt\",", csv, StringComparison.Ordinal);
        Assert.Contains(",'@alle: Excel-Listen", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=", csv, StringComparison.Ordinal);
    }

    private async Task SeedAsync()
    {
        await using var db = await dbFactory.ForTenantAsync(Tenant, default);
        db.TeamMembers.Add(new TeamMember { TenantId = Tenant, TeamId = Team, AadObjectId = "aad-anna", Name = "Anna Becker" });
        await db.SaveChangesAsync();
        var created = new DateTimeOffset(2026, 11, 2, 8, 30, 15, TimeSpan.Zero).AddTicks(1234567);
        foreach (var (text, i) in HardTexts.Select((t, i) => (t, i)))
        {
            await AddAsync(db, text, null, created.AddHours(i), (Frequency)(i % 4), i % 3 == 0 ? null : i * 5);
        }

        await AddAsync(db, "Rechnungen abtippen dauert ewig", "aad-anna", created.AddDays(1), Frequency.Daily, 20);
        await AddAsync(db, "Rechnungen prüfen und abtippen", "aad-ohne-namen", created.AddDays(2), Frequency.Weekly, 30);
        await AddAsync(db, "Rechnung abtippen, wieder", null, created.AddDays(3), Frequency.Daily, null);
    }

    private static Task<BacklogEntry> AddAsync(CoachDbContext db, string text, string? author, DateTimeOffset created, Frequency frequency, int? minutes) =>
        BacklogWriter.AddAsync(db, new BacklogEntry
        {
            TenantId = Tenant,
            TeamId = Team,
            Text = text,
            AuthorAadObjectId = author,
            CreatedAt = created,
            Frequency = frequency,
            MinutesLost = minutes,
            Source = author is null ? EntrySource.Prompt : EntrySource.Chat,
        }, default);
}

public sealed class SqliteBacklogExchangeTests() : BacklogExchangeContract(StorageProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresBacklogExchangeTests() : BacklogExchangeContract(StorageProvider.Postgres);
