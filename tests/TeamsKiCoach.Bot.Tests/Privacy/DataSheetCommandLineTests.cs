using System.Diagnostics;
using System.Globalization;
using System.Text;
using TeamsKiCoach.Bot.Privacy;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Tests.Privacy;

/// <summary>The host's <c>datasheet</c> verb, in process for the argument cases and as the host program itself.</summary>
public sealed class DataSheetCommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("coach-datasheet-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task TheHostProgramWritesTheGermanSheetWithEveryTableAndTheConfiguredRetentionToStandardOutput()
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "datasheet", "--lang", "de", "--Coach:Retention:PulseAnswerMonths=6"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == DataSheetCommandLine.Done, await error);
        var sheet = await output;
        Assert.StartsWith("# Datenblatt TeamsKiCoach", sheet, StringComparison.Ordinal);
        Assert.All(DataSheet.Tables(DataSheet.Model()), t => Assert.Contains($"(`{t.Table}`)", sheet, StringComparison.Ordinal));
        Assert.Contains("Antworten des Wochenpulses: 6 Monate nach ihrer Woche", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithOutTheEnglishSheetGoesIntoTheFileAndOnlyANoteToTheConsole()
    {
        var target = Path.Combine(folder, "datasheet.en.md");

        var (code, output, error) = await RunAsync("datasheet", "--lang", "en", "--out", target);

        Assert.Equal((DataSheetCommandLine.Done, ""), (code, error));
        Assert.Equal($"Datenblatt nach {target} geschrieben.", output.Trim());
        var sheet = await File.ReadAllTextAsync(target);
        Assert.StartsWith("# TeamsKiCoach data sheet", sheet, StringComparison.Ordinal);
        Assert.Contains("Weekly pulse answers: 12 months after their week", sheet, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("datasheet", "--lang", "fr")]
    [InlineData("datasheet", "--lang")]
    [InlineData("datasheet", "--lang", "de", "--lang", "en")]
    [InlineData("datasheet", "--format", "pdf")]
    [InlineData("datasheet", "sheet.md")]
    public async Task BadArgumentsEndWithCode2AndTheUsage(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal((DataSheetCommandLine.BadArguments, ""), (code, output));
        Assert.Contains("datasheet [--lang de|en] [--out <datei.md>]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetentionTheHostWouldRefuseIsRefusedHereToo()
    {
        var (code, output, error) = await RunAsync("datasheet", "--Coach:Retention:DailyPromptDays=30");

        Assert.Equal((DataSheetCommandLine.BadArguments, ""), (code, output));
        Assert.Contains("Coach:Retention:DailyPromptDays must be between 42", error, StringComparison.Ordinal);
    }

    // Messages in German, as on a German admin's machine; the sheet's language comes from --lang alone.
    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            using var data = new MemoryStream();
            var output = new StringWriter();
            var error = new StringWriter();
            var code = await DataSheetCommandLine.RunAsync(args, data, output, error);
            return (code, output + Encoding.UTF8.GetString(data.ToArray()), error.ToString());
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }
}
