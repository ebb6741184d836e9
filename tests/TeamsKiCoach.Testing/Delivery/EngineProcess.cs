using System.Diagnostics;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Delivery;

/// <summary>
/// The benchmark program in a process of its own: the delivery engine alone ("dispatch", the process the kill
/// test kills mid-send) or the whole host on an accelerated clock ("host", the processes of the scale-out test).
/// </summary>
public sealed class EngineProcess : ChildProcess
{
    private static readonly SemaphoreSlim BuildOnce = new(1, 1);
    private static bool built;

    private EngineProcess(ProcessStartInfo start)
        : base(start, "the engine process")
    {
    }

    public static Task<EngineProcess> StartAsync(string sqliteFile, params string[] options) =>
        StartProgramAsync(["dispatch", "--db", sqliteFile, .. options]);

    /// <summary>Builds the program now (it is built once per test run), so that starting it takes only its own start-up.</summary>
    public static Task PrepareAsync() => ProgramAsync();

    /// <summary>Starts the program in any of its modes, for example the whole host ("host").</summary>
    public static async Task<EngineProcess> StartProgramAsync(IEnumerable<string> arguments) =>
        new(new ProcessStartInfo(DotnetHost(), [await ProgramAsync(), .. arguments]));

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
}
