using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TeamsKiCoach.HostBench;

/// <summary>A host under test in a process of its own, so that its memory is its own.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly Dictionary<string, long> compilerTicks = [];
    private long endedCompilerTicks;

    private HostProcess(Process process, Uri baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseUrl { get; }

    /// <summary>The last lines the process wrote (warnings and errors: the host logs at Warning).</summary>
    public IReadOnlyList<string> LastOutput => output.ToArray();

    public int Id => process.Id;

    public static async Task<HostProcess> StartAsync(string dll, string[] arguments, IReadOnlyDictionary<string, string> environment, HttpClient client)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(DotnetHost(), [dll, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var host = new HostProcess(Process.Start(start) ?? throw new InvalidOperationException($"{dll} did not start"), new Uri($"http://127.0.0.1:{port}/"));
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (host.process.HasExited)
            {
                throw new InvalidOperationException($"{dll} exited with {host.process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, host.output)}");
            }

            try
            {
                if ((await client.GetAsync(new Uri(host.BaseUrl, "health"))).IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{dll} did not answer /health within 60 s");
    }

    /// <summary>Resident memory now, and the most the process has held since it started (VmRSS, VmHWM).</summary>
    public (double CurrentMb, double PeakMb) Memory()
    {
        double Read(string field)
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            var kb = long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return kb / 1024.0;
        }

        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>The CPU time the process has used so far (user and system), from /proc/&lt;pid&gt;/stat.</summary>
    public TimeSpan CpuTime()
    {
        return TimeSpan.FromMilliseconds(Ticks(File.ReadAllText($"/proc/{process.Id}/stat")) * 10);
    }

    // The fields after the command name (which is in parentheses and may hold spaces); utime and stime are the
    // 14th and 15th fields of the line, in clock ticks of 1/100 s. A thread's stat has the same layout.
    private static long Ticks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The CPU time of the runtime's tiered compilation thread so far (".NET Tiered Com" in /proc/&lt;pid&gt;/task):
    /// while it works, the process is still replacing quickly compiled and instrumented code with optimized code.
    /// The thread ends when it has been idle for a while and a new one starts when there is work again, so each
    /// thread's last reading is kept: what a thread used after it was last read and before it ended is missed.
    /// </summary>
    public TimeSpan JitTime()
    {
        foreach (var task in Directory.EnumerateDirectories($"/proc/{process.Id}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                {
                    // Less than last time: the id now belongs to a newer thread, and the older one's time stays counted.
                    var id = Path.GetFileName(task);
                    var ticks = Ticks(File.ReadAllText(Path.Combine(task, "stat")));
                    if (compilerTicks.TryGetValue(id, out var last) && ticks < last)
                    {
                        endedCompilerTicks += last;
                    }

                    compilerTicks[id] = ticks;
                }
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return TimeSpan.FromMilliseconds((endedCompilerTicks + compilerTicks.Values.Sum()) * 10);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 50 && output.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
