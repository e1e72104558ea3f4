using Microsoft.Extensions.Logging;

namespace Scheduler.Drills.SmtpDown;

/// <summary>
/// Keeps what the worker's jobs log at Warning or above, so the drill can report a firing that failed; the dispatch job's
/// event 4025 (a firing found the mail server unreachable: the outage the drill makes) is counted apart, in <see cref="Outages"/>.
/// </summary>
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

    /// <summary>How many times the job logged that a firing found the mail server unreachable (event 4025).</summary>
    public int Outages { get; private set; }

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
            if (eventId.Id == 4025)
            {
                Outages++;
                return;
            }

            _problems.Add($"{logLevel} {eventId.Id}: {formatter(state, exception)}{(exception is null ? string.Empty : " (" + exception.GetType().Name + ": " + exception.Message + ")")}");
        }
    }
}
