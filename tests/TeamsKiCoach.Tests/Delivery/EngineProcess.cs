using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace TeamsKiCoach.Tests.Delivery;

/// <summary>
/// The delivery engine in a process of its own (the benchmark program's "dispatch" mode), so that a test can
/// kill it the way an operating system or a deployment does: without warning, mid-send.
/// </summary>
public sealed class EngineProcess : IAsyncDisposable
{
    private static readonly SemaphoreSlim BuildOnce = new(1, 1);
    private static bool built;

    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly ConcurrentDictionary<string, bool> firstWords = new(StringComparer.Ordinal);

    private EngineProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    /// <summary>Whether the process has printed a line that starts so, at any time.</summary>
    public bool Printed(string start) => firstWords.ContainsKey(FirstWords(start));

    public int ExitCode => process.ExitCode;

    /// <summary>The last lines the engine printed, for a failure message.</summary>
    public string Output => string.Join(Environment.NewLine, lines);

    public static Task<EngineProcess> StartAsync(string sqliteFile, params string[] options) =>
        StartProgramAsync(["dispatch", "--db", sqliteFile, .. options]);

    /// <summary>Builds the program now (it is built once per test run), so that starting it takes only its own start-up.</summary>
    public static Task PrepareAsync() => ProgramAsync();

    /// <summary>Starts the program in any of its modes, for example the whole host ("host").</summary>
    public static async Task<EngineProcess> StartProgramAsync(IEnumerable<string> arguments)
    {
        var program = await ProgramAsync();
        var start = new ProcessStartInfo(DotnetHost(), [program, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return new EngineProcess(Process.Start(start) ?? throw new InvalidOperationException("the engine process did not start"));
    }

    /// <summary>Ends the process at once, as SIGKILL does: no shutdown, no finishing of sends under way.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        firstWords.TryAdd(FirstWords(line), true);
        lines.Enqueue(line);
        while (lines.Count > 40 && lines.TryDequeue(out _))
        {
        }
    }

    private static string FirstWords(string line) => string.Join(' ', line.Split(' ', 3).Take(2));

    // The program is built in the test's configuration, next to the test project, so it runs today's engine.
    private static async Task<string> ProgramAsync()
    {
        var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(testOutput);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput)!);
        var tests = Path.GetFullPath(Path.Combine(testOutput, "..", "..", ".."));
        var project = Path.GetFullPath(Path.Combine(tests, "..", "TeamsKiCoach.Benchmarks"));
        var program = Path.Combine(project, "bin", configuration, framework, "TeamsKiCoach.Benchmarks.dll");

        await BuildOnce.WaitAsync();
        try
        {
            if (!built)
            {
                // The referenced projects were built with the tests; build only the program itself.
                var build = Process.Start(new ProcessStartInfo(DotnetHost(),
                    ["build", Path.Combine(project, "TeamsKiCoach.Benchmarks.csproj"), "-c", configuration, "--no-dependencies", "-nologo", "-v", "q"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                })!;
                var output = build.StandardOutput.ReadToEndAsync();
                var errors = build.StandardError.ReadToEndAsync();
                await build.WaitForExitAsync();
                if (build.ExitCode != 0)
                {
                    throw new InvalidOperationException($"building the engine program failed ({build.ExitCode}):{Environment.NewLine}{await output}{await errors}");
                }

                built = true;
            }
        }
        finally
        {
            BuildOnce.Release();
        }

        return File.Exists(program) ? program : throw new FileNotFoundException("the engine program was not built", program);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"engine process {process.Id}");
}
