using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TeamsKiCoach.Tests.Support;

/// <summary>
/// Keeps what a host logs: the errors, so a test can tell a handled odd activity from a failed turn, and every
/// line, so a test can check what never appears in a log (an anonymous entry's author).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> errors = new();
    private readonly ConcurrentQueue<string> all = new();

    public IReadOnlyCollection<string> Errors => errors.ToArray();

    public IReadOnlyCollection<string> All => all.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{category}: {formatter(state, exception)} {exception}";
            logs.all.Enqueue(line);
            if (logLevel >= LogLevel.Error)
            {
                logs.errors.Enqueue(line);
            }
        }
    }
}
