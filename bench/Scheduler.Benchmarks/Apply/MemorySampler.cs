namespace Scheduler.Benchmarks.Apply;

/// <summary>
/// Samples the process's working set and the managed heap every few milliseconds on a background thread and keeps
/// the highest of each per named span (<see cref="Enter"/>), so the benchmark can say which apply holds the peak and
/// how much of it is the managed heap (live objects and garbage not yet collected) rather than the runtime and code.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private readonly List<(string Span, long WorkingSet, long Heap)> _peaks = [];
    private volatile bool _stopped;
    private int _current = -1;

    public MemorySampler()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "memory sampler" };
        _thread.Start();
    }

    /// <summary>Starts a new span: samples from now on count towards it.</summary>
    public void Enter(string span)
    {
        lock (_gate)
        {
            _peaks.Add((span, 0, 0));
            _current = _peaks.Count - 1;
        }
    }

    /// <summary>Each span's highest working set and managed heap, in MB.</summary>
    public string Report() => string.Join("; ", Peaks().Select(p => $"{p.Span} {p.WorkingSet / 1048576.0:N0} / {p.Heap / 1048576.0:N0}"));

    private List<(string Span, long WorkingSet, long Heap)> Peaks()
    {
        lock (_gate)
        {
            return [.. _peaks];
        }
    }

    private void Run()
    {
        while (!_stopped)
        {
            var workingSet = Environment.WorkingSet;
            var heap = GC.GetTotalMemory(forceFullCollection: false);
            lock (_gate)
            {
                if (_current >= 0)
                {
                    var (span, ws, h) = _peaks[_current];
                    _peaks[_current] = (span, Math.Max(ws, workingSet), Math.Max(h, heap));
                }
            }

            Thread.Sleep(25);
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }
}
