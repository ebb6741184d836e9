using System.Globalization;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Backlog.Exchange;

namespace TeamsKiCoach.Bot.Exchange;

/// <summary>
/// The host's command line verbs for admins:
/// <c>backlog import &lt;file.csv|file.jsonl&gt; --tenant &lt;id&gt; --team &lt;id&gt;</c> and
/// <c>backlog export --tenant &lt;id&gt; --team &lt;id&gt; --format jsonl|csv|xlsx [--out &lt;file&gt;]</c> and
/// <c>assess --tenant &lt;id&gt; --team &lt;id&gt;</c> (suggestions for every unchecked pattern, for people to confirm in Teams) and
/// <c>backlog regroup --tenant &lt;id&gt; --team &lt;id&gt;</c> (the stored patterns grouped again from scratch, numbers kept).
/// They read the same configuration as the host (provider, connection string) and migrate the database first.
/// Exit codes: 0 done, 1 the tenant has no such team, 2 the arguments are wrong.
/// </summary>
public static class BacklogCommandLine
{
    public const int Done = 0;
    public const int UnknownTeam = 1;
    public const int BadArguments = 2;

    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "backlog" or "assess";

    /// <param name="data">Where an export without --out goes (standard output).</param>
    /// <param name="output">Messages: the report of an import, the summary of an export.</param>
    public static async Task<int> RunAsync(string[] args, Stream data, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var text = BotText.For(CultureInfo.CurrentUICulture.Name);
        if (Arguments.Parse(args) is not { } arguments)
        {
            await error.WriteLineAsync(text["Cli.Usage"]);
            return BadArguments;
        }

        ExchangeFormat? importFormat = null;
        if (arguments.Verb == "import")
        {
            if (!File.Exists(arguments.File))
            {
                await error.WriteLineAsync(string.Format(text.Culture, text["Cli.FileMissing"], arguments.File));
                return BadArguments;
            }

            importFormat = ExchangeFormats.OfImportFile(arguments.File!);
            if (importFormat is null)
            {
                await error.WriteLineAsync(string.Format(text.Culture, text["Cli.FileType"], arguments.File));
                return BadArguments;
            }
        }
        else if (arguments.Format == ExchangeFormat.Xlsx && arguments.Out is null)
        {
            await error.WriteLineAsync(text["Cli.XlsxNeedsOut"]);
            return BadArguments;
        }

        var builder = WebApplication.CreateBuilder(arguments.Configuration.ToArray());
        builder.Logging.ClearProviders();
        CoachHosting.AddStorage(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BacklogExchange>();
        // The host's own grouping, so that the patterns (and the keys their assessments keep) are the ones Teams shows.
        TeamsKiCoach.Ai.Patterns.PatternGroupingServices.AddPatternGrouping(builder.Services, builder.Configuration);
        TeamsKiCoach.Ai.AssessmentServices.AddAssessment(builder.Services, builder.Configuration);
        builder.Services.AddSingleton<Storage.Assessment.AssessmentService>();
        await using var app = builder.Build();
        await app.Services.GetRequiredService<CoachDbFactory>().InitializeAsync(cancellationToken);
        await PatternDataStep.RunAsync(
            app.Services.GetRequiredService<CoachDbFactory>(), app.Services.GetRequiredService<Coaching.Backlog.Patterns.IPatternGrouper>(), TimeProvider.System, cancellationToken);
        var exchange = app.Services.GetRequiredService<BacklogExchange>();

        if (!await exchange.KnowsTeamAsync(arguments.Tenant, arguments.Team, cancellationToken))
        {
            await error.WriteLineAsync(string.Format(text.Culture, text["Cli.UnknownTeam"], arguments.Team, arguments.Tenant));
            return UnknownTeam;
        }

        if (arguments.Verb == "assess")
        {
            var assessments = app.Services.GetRequiredService<Storage.Assessment.AssessmentService>();
            var count = await assessments.SuggestAllAsync(arguments.Tenant, arguments.Team, Coaching.Assessment.AssessmentText.For(text.Culture.Name), cancellationToken);
            await output.WriteLineAsync(string.Format(text.Culture, text["Cli.AssessSummary"], count));
            return Done;
        }

        if (arguments.Verb == "regroup")
        {
            var regrouped = await exchange.RegroupAsync(arguments.Tenant, arguments.Team, cancellationToken);
            await output.WriteLineAsync(string.Format(text.Culture, text["Cli.RegroupSummary"], regrouped.Kept, regrouped.Opened, regrouped.Retired));
            return Done;
        }

        if (importFormat is { } format)
        {
            var parse = ImportFile.Read(await File.ReadAllBytesAsync(arguments.File!, cancellationToken), format);
            var report = await exchange.ImportAsync(arguments.Tenant, arguments.Team, parse, cancellationToken);
            foreach (var note in report.Notes)
            {
                await output.WriteLineAsync(string.Format(text.Culture, text["Cli.Line"], note.Line, Describe(note, text)));
            }

            await output.WriteLineAsync(string.Format(text.Culture, text["Cli.ImportSummary"], report.Imported, report.Skipped));
            return Done;
        }

        var rows = await exchange.RowsAsync(arguments.Tenant, arguments.Team, cancellationToken);
        if (arguments.Out is { } path)
        {
            await using (var file = File.Create(path))
            {
                BacklogExport.Write(rows, arguments.Format!.Value, file);
            }

            await output.WriteLineAsync(string.Format(text.Culture, text["Cli.ExportSummary"], rows.Count, path));
        }
        else
        {
            BacklogExport.Write(rows, arguments.Format!.Value, data);
            await data.FlushAsync(cancellationToken);
        }

        return Done;
    }

    public static string Describe(ImportNote note, BotText text) => note.Kind == ImportNoteKind.TextCut
        ? string.Format(text.Culture, text["Cli.Note.TextCut"], BacklogEntry.MaxTextLength)
        : string.Format(text.Culture, text[$"Cli.Note.{note.Kind}"], note.Value);

    private sealed record Arguments(string Verb, string? File, string Tenant, string Team, ExchangeFormat? Format, string? Out, IReadOnlyList<string> Configuration)
    {
        // backlog import <file> --tenant t --team x | backlog export --tenant t --team x --format f [--out o];
        // options with a ":" in their name (and --environment) are configuration, as for the host.
        public static Arguments? Parse(string[] args)
        {
            var assess = args.Length > 0 && args[0] == "assess";
            if (!assess && (args.Length < 2 || args[0] != "backlog" || args[1] is not ("import" or "export" or "regroup")))
            {
                return null;
            }

            var verb = assess ? "assess" : args[1];
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            var configuration = new List<string>();
            string? file = null;
            for (var i = assess ? 1 : 2; i < args.Length; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    if (verb != "import" || file is not null)
                    {
                        return null;
                    }

                    file = arg;
                    continue;
                }

                var (name, value) = arg.IndexOf('=') is var eq and > 0 ? (arg[2..eq], arg[(eq + 1)..]) : (arg[2..], null);
                if (value is null)
                {
                    if (i + 1 >= args.Length)
                    {
                        return null;
                    }

                    value = args[++i];
                }

                if (name.Contains(':', StringComparison.Ordinal) || name.Equals("environment", StringComparison.OrdinalIgnoreCase))
                {
                    configuration.Add($"--{name}={value}");
                }
                else if (name is "tenant" or "team" or "format" or "out" && options.TryAdd(name, value))
                {
                    continue;
                }
                else
                {
                    return null;
                }
            }

            if (!options.TryGetValue("tenant", out var tenant) || string.IsNullOrWhiteSpace(tenant)
                || !options.TryGetValue("team", out var team) || string.IsNullOrWhiteSpace(team))
            {
                return null;
            }

            if (assess || verb == "regroup")
            {
                return options.Count == 2 ? new Arguments(verb, null, tenant, team, null, null, configuration) : null;
            }

            if (verb == "import")
            {
                return file is not null && !options.ContainsKey("format") && !options.ContainsKey("out")
                    ? new Arguments(verb, file, tenant, team, null, null, configuration)
                    : null;
            }

            return options.TryGetValue("format", out var formatName) && ExchangeFormats.Parse(formatName) is { } format
                ? new Arguments(verb, null, tenant, team, format, options.GetValueOrDefault("out"), configuration)
                : null;
        }
    }
}
