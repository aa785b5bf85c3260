using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AutoReply.Service.Tests.Harness;

/// Keeps the service's log lines of warning level and above, so tests can check what an operator would see.
public static class TestLog
{
    public static readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> Lines = new();

    public sealed class Provider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName);
        public void Dispose() { }
    }

    // TESTLOG=1 also prints each warning and error to stderr, to see what a failing service test logged.
    sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
                if (IsEnabled(logLevel) && Environment.GetEnvironmentVariable("TESTLOG") == "1") Console.Error.WriteLine($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            if (IsEnabled(logLevel)) Lines.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]")));
        }
    }
}
