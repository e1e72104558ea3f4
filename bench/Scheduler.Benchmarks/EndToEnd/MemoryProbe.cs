using System.Diagnostics;
using System.Globalization;

namespace Scheduler.Benchmarks.EndToEnd;

/// <summary>
/// Samples the process every 100 ms and keeps, per named phase (<see cref="Mark"/>), the highest working set and managed
/// heap seen; with <c>--memory</c> the end-to-end benchmark prints a line per phase, so what holds the memory shows by
/// step (import, apply, each day's generate / dispatch / complete). Sampling only: it never forces a collection.
/// </summary>
internal sealed class MemoryProbe : IAsyncDisposable
{
    private readonly TextWriter? _out;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private readonly Lock _gate = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private string _phase = "start";
    private long _phaseWorkingSet;
    private long _phaseHeap;
    private TimeSpan _phaseStart;
    private long _peakWorkingSet;

    /// <summary>The highest working set sampled so far, in bytes.</summary>
    public long PeakWorkingSet
    {
        get
        {
            lock (_gate)
            {
                return _peakWorkingSet;
            }
        }
    }

    /// <summary>Starts sampling; <paramref name="output"/> null keeps only the peaks (no per-phase lines).</summary>
    public MemoryProbe(TextWriter? output)
    {
        _out = output;
        _sampler = Task.Run(SampleAsync);
    }

    /// <summary>Ends the current phase (printing its peaks) and starts <paramref name="phase"/>.</summary>
    public void Mark(string phase)
    {
        Sample();
        lock (_gate)
        {
            if (_out is not null)
            {
                var info = GC.GetGCMemoryInfo();
                _out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  memory {_phase,-22} {(_watch.Elapsed - _phaseStart).TotalSeconds,7:F1} s  peak WS {Mb(_phaseWorkingSet),6:N0} MB  peak heap {Mb(_phaseHeap),6:N0} MB  | after last GC: heap {Mb(info.HeapSizeBytes),5:N0} MB, committed {Mb(info.TotalCommittedBytes),5:N0} MB, gen2 {Mb(info.GenerationInfo[2].SizeAfterBytes),5:N0}, LOH {Mb(info.GenerationInfo[3].SizeAfterBytes),5:N0}; GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}; load {BenchEnvironment.LoadAverage(1)}"));
            }

            _phase = phase;
            _phaseWorkingSet = 0;
            _phaseHeap = 0;
            _phaseStart = _watch.Elapsed;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(100, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Sample()
    {
        using var self = Process.GetCurrentProcess();
        var workingSet = self.WorkingSet64;
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        lock (_gate)
        {
            _phaseWorkingSet = Math.Max(_phaseWorkingSet, workingSet);
            _peakWorkingSet = Math.Max(_peakWorkingSet, workingSet);
            _phaseHeap = Math.Max(_phaseHeap, heap);
        }
    }
}
