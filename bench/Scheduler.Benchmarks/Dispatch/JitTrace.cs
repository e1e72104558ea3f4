using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Scheduler.Benchmarks.Dispatch;

/// <summary>
/// A diagnostic (<c>dispatch --jit-trace FILE</c>): every method the JIT compiles, with its tier, the phase of the run
/// it was compiled in and the time, from the runtime's own events (provider <c>Microsoft-Windows-DotNETRuntime</c>,
/// JIT keyword 0x10, <c>MethodLoadVerbose</c>). Listening costs time of its own, so a run with it says which methods
/// are compiled and when, not how fast anything is.
/// </summary>
internal sealed class JitTrace : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile string _phase = "start";

    /// <summary>The label written beside each method compiled from now on.</summary>
    public string Phase
    {
        get => _phase;
        set
        {
            _phase = value;
            _lines.Enqueue($"# {_clock.Elapsed.TotalMilliseconds:F1} ms: phase {value}");
        }
    }

    /// <summary>Writes what was collected, one method a line: phase, milliseconds, tier, type, method, signature.</summary>
    public void Save(string path) => File.WriteAllLines(path, _lines);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, JitKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // MethodLoadVerbose (V1/V2): MethodFlags bits 7-9 are the optimisation tier (runtime's eventtrace).
        if (eventData.EventName is null || !eventData.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var names = eventData.PayloadNames!;
        string Field(string name) => Convert.ToString(eventData.Payload[names.IndexOf(name)], CultureInfo.InvariantCulture) ?? "";
        var flags = Convert.ToUInt32(eventData.Payload[names.IndexOf("MethodFlags")], CultureInfo.InvariantCulture);
        var tier = ((flags >> 7) & 0x7) switch
        {
            1 => "MinOpt",
            2 => "Optimized",
            3 => "Tier0",
            4 => "Tier1",
            5 => "OSR",
            6 => "Tier0Instr",
            7 => "Tier1Instr",
            _ => "Unknown",
        };
        _lines.Enqueue(string.Join('\t', _phase, _clock.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture), tier,
            (flags & 0x1) != 0 ? "dynamic" : "", Field("MethodNamespace"), Field("MethodName"), Field("MethodSignature")));
    }
}
