using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace TeamsKiCoach.Tests.Support;

/// <summary>
/// A program of the repository in a process of its own, so that a test can start it, read what it prints, and
/// kill it the way an operating system or a deployment does: without warning.
/// </summary>
public class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();

    protected ChildProcess(ProcessStartInfo start, string what)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        process = Process.Start(start) ?? throw new InvalidOperationException($"{what} did not start");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The last lines the process printed, for assertions and failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, lines.TakeLast(60));

    /// <summary>Whether the process has printed a line that starts so, at any time.</summary>
    public bool Printed(string start) => lines.Any(l => l.StartsWith(start, StringComparison.Ordinal));

    /// <summary>Waits until the process prints a line containing <paramref name="text"/>; false when it ends or the time is up first.</summary>
    public async Task<bool> WaitForAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && !process.HasExited && !lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            await Task.Delay(100);
        }

        return lines.Any(l => l.Contains(text, StringComparison.Ordinal));
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

    /// <summary>Ends the process at once, as SIGKILL does: no shutdown, nothing finished that was under way.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
        GC.SuppressFinalize(this);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"process {process.Id}");

    protected static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
