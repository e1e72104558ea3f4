using System.Collections.Concurrent;
using System.Diagnostics;

namespace Scheduler.Persistence.Tests.Completions;

/// <summary>
/// The SQL statements Npgsql runs against one database while this is alive, from its tracing (the <c>Npgsql</c>
/// activity source): tests count round trips of a kind without a mock. Other tests' databases are left out by name.
/// </summary>
internal sealed class StatementLog : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<string> _statements = new();

    public StatementLog(string database)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("db.namespace"), database) && activity.GetTagItem("db.query.text") is string text)
                {
                    _statements.Enqueue(text);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>How many statements run so far contain <paramref name="fragment"/>.</summary>
    public int Count(string fragment) => _statements.Count(s => s.Contains(fragment, StringComparison.Ordinal));

    public void Dispose() => _listener.Dispose();
}
