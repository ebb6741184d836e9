using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Bot.Privacy;

/// <summary>
/// The host's verb <c>datasheet [--lang de|en] [--out &lt;file.md&gt;]</c>: the data sheet for the company and its works
/// council, from the data model and the retention the host is configured with (same configuration as the host;
/// no database is opened). Exit codes: 0 written, 2 the arguments or the retention settings are wrong.
/// </summary>
public static class DataSheetCommandLine
{
    public const string Verb = "datasheet";
    public const int Done = 0;
    public const int BadArguments = 2;

    public static bool Handles(string[] args) => args.Length > 0 && args[0] == Verb;

    /// <param name="data">Where the sheet goes without --out (standard output).</param>
    /// <param name="output">The note that a file was written.</param>
    public static async Task<int> RunAsync(string[] args, Stream data, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var text = BotText.For(CultureInfo.CurrentUICulture.Name);
        if (Arguments.Parse(args) is not { } arguments)
        {
            await error.WriteLineAsync(text["Cli.DataSheet.Usage"]);
            return BadArguments;
        }

        var builder = WebApplication.CreateBuilder(arguments.Configuration.ToArray());
        builder.Logging.ClearProviders();
        CoachHosting.AddRetentionOptions(builder.Services);
        await using var app = builder.Build();
        RetentionOptions retention;
        try
        {
            retention = app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync(string.Format(text.Culture, text["Cli.DataSheet.BadSettings"], string.Join(" ", ex.Failures)));
            return BadArguments;
        }

        var sheet = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)
            .GetBytes(DataSheet.Write(DataSheet.Model(), retention, DataSheetText.For(arguments.Language)));
        if (arguments.Out is { } path)
        {
            await File.WriteAllBytesAsync(path, sheet, cancellationToken);
            await output.WriteLineAsync(string.Format(text.Culture, text["Cli.DataSheet.Written"], path));
        }
        else
        {
            await data.WriteAsync(sheet, cancellationToken);
            await data.FlushAsync(cancellationToken);
        }

        return Done;
    }

    private sealed record Arguments(string Language, string? Out, IReadOnlyList<string> Configuration)
    {
        // datasheet [--lang de|en] [--out file]; options with a ":" in their name (and --environment) are
        // configuration, as for the host.
        public static Arguments? Parse(string[] args)
        {
            if (args.Length == 0 || args[0] != Verb)
            {
                return null;
            }

            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            var configuration = new List<string>();
            for (var i = 1; i < args.Length; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    return null;
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
                else if (!(name is "lang" or "out" && options.TryAdd(name, value)))
                {
                    return null;
                }
            }

            var language = options.GetValueOrDefault("lang", "de");
            return language is "de" or "en" && (!options.TryGetValue("out", out var file) || !string.IsNullOrWhiteSpace(file))
                ? new Arguments(language, options.GetValueOrDefault("out"), configuration)
                : null;
        }
    }
}
