using Microsoft.Extensions.Logging;

namespace Scheduler.Drills.SmtpDown;

/// <summary>Keeps what the worker's jobs log at Warning or above, so the drill can report a firing that failed.</summary>
internal sealed class CollectingLogger<T> : ILogger<T>
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        lock (_problems)
        {
            _problems.Add($"{logLevel} {eventId.Id}: {formatter(state, exception)}{(exception is null ? string.Empty : " (" + exception.GetType().Name + ": " + exception.Message + ")")}");
        }
    }
}
