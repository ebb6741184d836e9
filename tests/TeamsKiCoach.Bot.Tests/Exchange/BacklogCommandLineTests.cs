using System.Diagnostics;
using System.Globalization;
using System.Text;
using TeamsKiCoach.Bot.Exchange;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Tests.Exchange;

/// <summary>The admin verbs of the host, run as the host program itself against a SQLite file of the test.</summary>
public sealed class BacklogCommandLineTests : IAsyncLifetime
{
    private const string Tenant = "tenant-contoso";
    private const string Team = "19:team-vertrieb@thread.tacv2";

    private readonly string folder = Directory.CreateTempSubdirectory("coach-cli-").FullName;
    private TestDatabase database = null!;
    private TeamsKiCoach.Storage.CoachDbFactory factory = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabase.CreateSqlite();
        factory = await database.OpenAsync();
        await new TeamDirectory(factory, TimeProvider.System).RecordInstallAsync(Tenant, Team, "Vertrieb", "aad-lead", default);
    }

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task ImportReportsEachBadRowByLineThenASummaryAndExportGivesBackTheTextsOnStandardOutput()
    {
        var file = Path.Combine(folder, "backlog.csv");
        await File.WriteAllTextAsync(file,
            "id;text;frequency;minutes;created\n1;\"Rechnungen abtippen; \"\"immer\"\"\nvon Hand\";täglich;15;2026-11-02\n2;;weekly;;\n3;Drucker;manchmal;;\n4;👩‍💻 مرحبا;selten;;\n",
            new UTF8Encoding(true));

        var import = await RunProcessAsync("backlog", "import", file, "--tenant", Tenant, "--team", Team);

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(
            ["Zeile 4: kein Text; übersprungen", "Zeile 5: Häufigkeit „manchmal“ unbekannt (täglich, wöchentlich, monatlich, selten); übersprungen", "2 importiert, 2 übersprungen."],
            Lines(import.Output));

        var export = await RunProcessAsync("backlog", "export", "--tenant", Tenant, "--team", Team, "--format", "jsonl");

        Assert.Equal(0, export.ExitCode);
        var rows = ImportFile.Read(export.Output, ExchangeFormat.Jsonl).Rows;
        Assert.Equal(["Rechnungen abtippen; \"immer\"\nvon Hand", "👩‍💻 مرحبا"], rows.Select(r => r.Text));
    }

    [Fact]
    public async Task RegroupGroupsTheBacklogAgainAndKeepsEveryPatternsNumber()
    {
        var file = Path.Combine(folder, "backlog.csv");
        await File.WriteAllTextAsync(file, "text\nRechnungen von Hand ins ERP abtippen\nDrucker im Lager streikt\nRechnungen per Hand ins ERP abtippen\n", new UTF8Encoding(false));
        Assert.Equal(0, (await RunProcessAsync("backlog", "import", file, "--tenant", Tenant, "--team", Team)).ExitCode);
        var before = await RunProcessAsync("backlog", "export", "--tenant", Tenant, "--team", Team, "--format", "csv");

        var regroup = await RunProcessAsync("backlog", "regroup", "--tenant", Tenant, "--team", Team);

        Assert.Equal(0, regroup.ExitCode);
        Assert.Equal(["Neu gruppiert: 2 Muster behalten ihre Nummer, 0 neue, 0 aufgegangen."], Lines(regroup.Output));
        Assert.Equal(before.Output, (await RunProcessAsync("backlog", "export", "--tenant", Tenant, "--team", Team, "--format", "csv")).Output);
    }

    [Fact]
    public async Task ExportWritesAnXlsxFileWithOut()
    {
        var target = Path.Combine(folder, "backlog.xlsx");

        var (code, output, error) = await RunAsync("backlog", "export", "--tenant", Tenant, "--team", Team, "--format", "xlsx", "--out", target);

        Assert.Equal((BacklogCommandLine.Done, ""), (code, error));
        Assert.Equal($"0 Einträge nach {target} exportiert.", output.Trim());
        using var workbook = new ClosedXML.Excel.XLWorkbook(target);
        Assert.Equal("pattern_title", workbook.Worksheet(1).Cell(1, 9).GetString());
        Assert.Equal("assessment", workbook.Worksheet(1).Cell(1, 10).GetString());
    }

    [Fact]
    public async Task AssessSuggestsACheckForEveryImportedPatternThatPeopleThenConfirmAndTheExportCarriesIt()
    {
        var file = Path.Combine(folder, "backlog.csv");
        await File.WriteAllTextAsync(file,
            "text;frequency\nRechnungen von Hand ins ERP abtippen;täglich\nLieferantenrechnungen ins ERP abtippen;täglich\nSchwierige Kündigungsgespräche mit Kunden führen;monatlich\n",
            new UTF8Encoding(true));
        await RunAsync("backlog", "import", file, "--tenant", Tenant, "--team", Team);

        var (code, output, error) = await RunAsync("assess", "--tenant", Tenant, "--team", Team);
        var again = await RunAsync("assess", "--tenant", Tenant, "--team", Team);

        Assert.Equal((BacklogCommandLine.Done, ""), (code, error));
        Assert.StartsWith("Vorschläge für 2 noch nicht geprüfte Muster gespeichert.", output.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("Vorschläge für 0 noch nicht geprüfte Muster gespeichert.", again.Output.Trim(), StringComparison.Ordinal);
        var rows = ImportFile.Read(Encoding.UTF8.GetBytes((await RunAsync("backlog", "export", "--tenant", Tenant, "--team", Team, "--format", "jsonl")).Output), ExchangeFormat.Jsonl);
        Assert.Equal(3, rows.Rows.Count);
        var export = (await RunAsync("backlog", "export", "--tenant", Tenant, "--team", Team, "--format", "csv")).Output;
        Assert.Contains(",fit,suggested", export, StringComparison.Ordinal);
        Assert.Contains(",keep_with_people,suggested", export, StringComparison.Ordinal);
        await using var db = await TestDatabaseFactory().ForTenantAsync(Tenant, default);
        Assert.All(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.PatternAssessments),
            a => Assert.Equal((Coaching.Assessment.AssessmentStatus.Suggested, (string?)null), (a.Status, a.ConfirmedByAadObjectId)));
    }

    [Fact]
    public async Task AssessForATeamThatDoesNotExistIsAClearError()
    {
        var (code, output, error) = await RunAsync("assess", "--tenant", "tenant-fabrikam", "--team", Team);

        Assert.Equal((BacklogCommandLine.UnknownTeam, ""), (code, output));
        Assert.Contains("gibt es im Mandanten „tenant-fabrikam“ nicht", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("assess")]
    [InlineData("assess", "--tenant", Tenant)]
    [InlineData("assess", "--tenant", Tenant, "--team", Team, "--format", "csv")]
    [InlineData("backlog")]
    [InlineData("backlog", "export", "--tenant", Tenant, "--team", Team)]
    [InlineData("backlog", "export", "--tenant", Tenant, "--team", Team, "--format", "pdf")]
    [InlineData("backlog", "export", "--tenant", Tenant, "--format", "csv")]
    [InlineData("backlog", "export", "--tenant", Tenant, "--team", Team, "--format", "csv", "--tenat", "x")]
    [InlineData("backlog", "import", "--tenant", Tenant, "--team", Team)]
    [InlineData("backlog", "export", "--tenant", Tenant, "--team", Team, "--format", "xlsx")]
    [InlineData("backlog", "import", "/nonexistent/file.csv", "--tenant", Tenant, "--team", Team)]
    [InlineData("backlog", "import", "backlog.xlsx", "--tenant", Tenant, "--team", Team)]
    public async Task BadArgumentsEndWithCode2AndAClearMessageAndChangeNothing(params string[] args)
    {
        File.WriteAllBytes(Path.Combine(folder, "backlog.xlsx"), [1, 2, 3]);

        var (code, output, error) = await RunAsync(args.Select(a => a == "backlog.xlsx" ? Path.Combine(folder, a) : a).ToArray());

        Assert.Equal(BacklogCommandLine.BadArguments, code);
        Assert.Equal("", output);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public async Task WithoutArgumentsTheUsageNamesBothVerbs()
    {
        var (_, _, error) = await RunAsync("backlog");

        Assert.Contains("backlog import <datei.csv|datei.jsonl> --tenant <id> --team <id>", error, StringComparison.Ordinal);
        Assert.Contains("backlog export --tenant <id> --team <id> --format jsonl|csv|xlsx [--out <datei>]", error, StringComparison.Ordinal);
        Assert.Contains("assess --tenant <id> --team <id>", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownTeamIsAClearErrorAndNothingIsImported()
    {
        var file = Path.Combine(folder, "backlog.jsonl");
        await File.WriteAllTextAsync(file, """{"text": "Rechnungen abtippen"}""" + "\n");

        var (code, output, error) = await RunAsync("backlog", "import", file, "--tenant", Tenant, "--team", "19:gibt-es-nicht");
        var otherTenant = await RunAsync("backlog", "import", file, "--tenant", "tenant-fabrikam", "--team", Team);

        Assert.Equal((BacklogCommandLine.UnknownTeam, ""), (code, output));
        Assert.Contains("Das Team „19:gibt-es-nicht“ gibt es im Mandanten „tenant-contoso“ nicht", error, StringComparison.Ordinal);
        Assert.Equal(BacklogCommandLine.UnknownTeam, otherTenant.Code);
        var export = await RunAsync("backlog", "export", "--tenant", Tenant, "--team", Team, "--format", "csv");
        Assert.Single(Lines(export.Output));
    }

    private TeamsKiCoach.Storage.CoachDbFactory TestDatabaseFactory() => factory;

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private string[] Configuration() =>
        [$"--ConnectionStrings:Coach={database.ConnectionString}", "--Coach:Storage:Provider=Sqlite"];

    // In process, for the many argument cases; messages in German as on a German admin's machine.
    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            using var data = new MemoryStream();
            var output = new StringWriter();
            var error = new StringWriter();
            var code = await BacklogCommandLine.RunAsync([.. args, .. Configuration()], data, output, error);
            return (code, output + Encoding.UTF8.GetString(data.ToArray()).TrimStart('\uFEFF'), error.ToString());
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    // Through the host's real entry point, as an admin runs it: dotnet TeamsKiCoach.Bot.dll backlog …
    private async Task<(int ExitCode, string Output)> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, .. args, .. Configuration()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["LC_ALL"] = "de_DE.UTF-8";
        start.Environment["LANG"] = "de_DE.UTF-8";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await error);
        return (process.ExitCode, (await output).TrimStart('\uFEFF'));
    }
}
