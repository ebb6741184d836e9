using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Infra;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (PackageDownload in the test project).</summary>
public static class BicepCli
{
    public static readonly string InfraFolder = System.IO.Path.Combine(RepositoryRoot.Path, "infra");

    private static readonly Lazy<string> Executable = new(Locate);
    private static readonly Lazy<JsonNode> MainTemplate = new(() => Compile(System.IO.Path.Combine(InfraFolder, "main.bicep")));

    public static string Path => Executable.Value;

    /// <summary>main.bicep compiled to ARM JSON, modules inlined as nested deployments.</summary>
    public static JsonNode CompiledMain() => MainTemplate.Value.DeepClone();

    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = InfraFolder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within two minutes.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static JsonNode Compile(string bicepFile)
    {
        var outDir = Directory.CreateTempSubdirectory("coach-bicep-").FullName;
        try
        {
            var (exitCode, output) = Run("build", bicepFile, "--outdir", outDir);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"bicep build {bicepFile} failed: {output}");
            }

            var json = System.IO.Path.Combine(outDir, System.IO.Path.GetFileNameWithoutExtension(bicepFile) + ".json");
            return JsonNode.Parse(File.ReadAllText(json))!;
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static string Locate()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is not at '{path}': restore tests/TeamsKiCoach.Integration.Tests (PackageDownload Azure.Bicep.CommandLine.linux-x64).");
        }

        // NuGet extracts package files without the execute bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        return path;
    }
}
