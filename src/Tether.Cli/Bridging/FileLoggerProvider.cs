using Microsoft.Extensions.Logging;

namespace Tether.Cli.Bridging;

/// <summary>Writes every log line to one file (<c>--debug-file</c>); messages are the structured templates, which never carry secrets.</summary>
internal sealed class FileLoggerProvider(string path, TimeProvider timeProvider) : ILoggerProvider
{
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        lock (_lock)
        {
            _writer.WriteLine($"{timeProvider.GetUtcNow():O} {level,-11} {category}: {message}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
    }

    private sealed class FileLogger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Write(category, logLevel, formatter(state, exception), exception);
    }
}
