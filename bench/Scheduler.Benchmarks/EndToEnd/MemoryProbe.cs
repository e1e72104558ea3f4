using System.Diagnostics;
using System.Diagnostics.Tracing;
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
    private string _peakPhase = "start";
    private readonly List<(string Phase, long WorkingSet)> _phasePeaks = [];
    private long _allocatedAtStart;
    private readonly bool _live;
    private long _phaseLive;
    private int _ticks;
    private readonly GcListener? _gcEvents;
    private TimeSpan _pauseAtStart;

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

    /// <summary>
    /// The phase (the name given to <see cref="Mark"/>: a step and its day, e.g. <c>08-13 generate</c>) in which the highest
    /// working set so far was sampled; printed with the peak whether or not the per-phase lines are, so a run without
    /// <c>--memory</c> still says where its peak fell.
    /// </summary>
    public string PeakPhase
    {
        get
        {
            lock (_gate)
            {
                return _peakPhase;
            }
        }
    }

    /// <summary>
    /// The <paramref name="count"/> phases that ended with the highest working sets, highest first, with those peaks in
    /// bytes: where a run's peak fell and how close the next ones came (a phase still running is not counted).
    /// </summary>
    public IReadOnlyList<(string Phase, long WorkingSet)> HighestPhases(int count)
    {
        lock (_gate)
        {
            return [.. _phasePeaks.OrderByDescending(p => p.WorkingSet).ThenBy(p => p.Phase, StringComparer.Ordinal).Take(count)];
        }
    }

    /// <summary>
    /// Starts sampling; <paramref name="output"/> null keeps only the peaks (no per-phase lines). <paramref name="live"/>
    /// (the <c>--probe-live</c> probe, never the benchmark's figures) forces a full blocking collection once a second and
    /// keeps the highest heap after it per phase: the live data, without the garbage not yet collected.
    /// </summary>
    public MemoryProbe(TextWriter? output, bool live = false)
    {
        _out = output;
        _live = live;
        if (output is not null)
        {
            var info = GC.GetGCMemoryInfo();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  memory GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, concurrent {AppContext.GetData("System.GC.Concurrent") ?? "default"}, latency {System.Runtime.GCSettings.LatencyMode}, conserve {AppContext.GetData("System.GC.ConserveMemory") ?? "default"}, gen0size {AppContext.GetData("System.GC.Gen0Size") ?? "default"}, gen0 budget cap in effect {(GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var cap) && cap is long bytes ? $"{Mb(bytes):N0} MB" : "?")}, DATAS {AppContext.GetData("System.GC.DynamicAdaptationMode") ?? "default"}, heap limit {AppContext.GetData("System.GC.HeapHardLimit") ?? "none"} (runtimeconfig); environment: {GcEnvironment()}; memory available to the GC {Mb(info.TotalAvailableMemoryBytes):N0} MB, high-load threshold {Mb(info.HighMemoryLoadThresholdBytes):N0} MB"));
        }

        _allocatedAtStart = GC.GetTotalAllocatedBytes();
        _pauseAtStart = GC.GetTotalPauseDuration();
        _gcEvents = output is null ? null : new GcListener();
        _sampler = Task.Run(SampleAsync);
    }

    /// <summary>Ends the current phase (printing its peaks) and starts <paramref name="phase"/>.</summary>
    public void Mark(string phase)
    {
        Sample();
        lock (_gate)
        {
            var allocated = GC.GetTotalAllocatedBytes();
            if (_out is not null)
            {
                var info = GC.GetGCMemoryInfo();
                var full = GC.GetGCMemoryInfo(GCKind.FullBlocking);
                var background = GC.GetGCMemoryInfo(GCKind.Background);
                _out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  memory {_phase,-22} {(_watch.Elapsed - _phaseStart).TotalSeconds,7:F1} s  peak WS {Mb(_phaseWorkingSet),6:N0} MB  peak heap {Mb(_phaseHeap),6:N0} MB  | after last GC: heap {Mb(info.HeapSizeBytes),5:N0} MB, committed {Mb(info.TotalCommittedBytes),5:N0} MB, gen2 {Mb(info.GenerationInfo[2].SizeAfterBytes),5:N0}, LOH {Mb(info.GenerationInfo[3].SizeAfterBytes),5:N0}; GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}; load {BenchEnvironment.LoadAverage(1)}"));
                _out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"         {string.Empty,-22} {(_live ? string.Create(CultureInfo.InvariantCulture, $"LIVE peak (probe: full GC each second) {Mb(_phaseLive),5:N0} MB; ") : string.Empty)}allocated {Mb(allocated - _allocatedAtStart),7:N0} MB; last GC gen{info.Generation} ({(info.Compacted ? "compacting" : "sweeping")}{(info.Concurrent ? ", background" : string.Empty)}): gen0 before it {Mb(info.GenerationInfo[0].SizeBeforeBytes),5:N0} MB, fragmented {Mb(info.FragmentedBytes),5:N0} MB, promoted {Mb(info.PromotedBytes),5:N0} MB; last full blocking GC: heap {Mb(full.HeapSizeBytes),5:N0} MB; last background GC: heap {Mb(background.HeapSizeBytes),5:N0} MB; GC pause {GC.GetTotalPauseDuration().TotalSeconds:F1} s"));
                var pause = GC.GetTotalPauseDuration();
                if (_gcEvents is { } events)
                {
                    var (byGeneration, promoted0, promoted1) = events.Take();
                    _out.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  gc {_phase,-22} pause {(pause - _pauseAtStart).TotalMilliseconds:F0} ms; collections gen0 {byGeneration[0]}, gen1 {byGeneration[1]}, gen2 {byGeneration[2]}; survived gen0 {promoted0 / 1024.0 / 1024.0:F1} MB, gen1 {promoted1 / 1024.0 / 1024.0:F1} MB"));
                }

                _pauseAtStart = pause;
            }

            _allocatedAtStart = allocated;
            _phasePeaks.Add((_phase, _phaseWorkingSet));

            _phase = phase;
            _phaseWorkingSet = 0;
            _phaseHeap = 0;
            _phaseLive = 0;
            _phaseStart = _watch.Elapsed;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _gcEvents?.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    /// <summary>The GC settings given by environment variable (<c>DOTNET_GC…</c>, <c>DOTNET_gc…</c>), which override the runtimeconfig's.</summary>
    private static string GcEnvironment()
    {
        var set = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_GC", StringComparison.OrdinalIgnoreCase) || k.StartsWith("COMPlus_GC", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}")
            .ToList();
        return set.Count == 0 ? "none" : string.Join(' ', set);
    }

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
        long live = 0;
        if (_live && Interlocked.Increment(ref _ticks) % 10 == 0)
        {
#pragma warning disable S1215 // the probe's purpose: the heap after a full collection is the live data
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
#pragma warning restore S1215
            live = GC.GetGCMemoryInfo().HeapSizeBytes;
        }

        lock (_gate)
        {
            _phaseLive = Math.Max(_phaseLive, live);
            _phaseWorkingSet = Math.Max(_phaseWorkingSet, workingSet);
            if (workingSet > _peakWorkingSet)
            {
                _peakWorkingSet = workingSet;
                _peakPhase = _phase;
            }

            _phaseHeap = Math.Max(_phaseHeap, heap);
        }
    }

    /// <summary>
    /// The runtime's GC events (informational): per collection its depth (<c>GCStart_V2</c>) and what survived it
    /// (<c>GCHeapStats_V2</c>: bytes promoted out of gen0 and out of gen1), summed until <see cref="Take"/>. What a gen0
    /// collection copies is what survived it: the work a collection does, more than how many there are (branch disp30).
    /// Events arrive on the runtime's dispatch thread, a little after the collection; a phase's figures may include a
    /// collection of the phase before it.
    /// </summary>
    private sealed class GcListener : EventListener
    {
        private readonly long[] _byGeneration = new long[3];
        private long _promoted0;
        private long _promoted1;

        public (long[] ByGeneration, long Promoted0, long Promoted1) Take()
        {
            long[] counts = [Interlocked.Exchange(ref _byGeneration[0], 0), Interlocked.Exchange(ref _byGeneration[1], 0), Interlocked.Exchange(ref _byGeneration[2], 0)];
            return (counts, Interlocked.Exchange(ref _promoted0, 0), Interlocked.Exchange(ref _promoted1, 0));
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
            {
                return;
            }

            if (eventData.EventName?.StartsWith("GCStart", StringComparison.Ordinal) == true)
            {
                var depth = Convert.ToInt32(payload[names.IndexOf("Depth")], CultureInfo.InvariantCulture);
                Interlocked.Increment(ref _byGeneration[Math.Clamp(depth, 0, 2)]);
            }
            else if (eventData.EventName?.StartsWith("GCHeapStats", StringComparison.Ordinal) == true)
            {
                Interlocked.Add(ref _promoted0, Convert.ToInt64(payload[names.IndexOf("TotalPromotedSize0")], CultureInfo.InvariantCulture));
                Interlocked.Add(ref _promoted1, Convert.ToInt64(payload[names.IndexOf("TotalPromotedSize1")], CultureInfo.InvariantCulture));
            }
        }
    }
}
