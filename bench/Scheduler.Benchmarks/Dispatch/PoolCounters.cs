using System.Globalization;

namespace Scheduler.Benchmarks.Dispatch;

/// <summary>
/// Counters of the process that say how a sender uses its threads, steadier than CPU time on a shared machine:
/// thread-pool work items completed, pool threads, context switches of all the process's threads (voluntary — a thread
/// went to sleep — and involuntary) and bytes allocated. Read before and after a timed run; the difference per message
/// is printed beside the CPU (branch disp19). Since branch hot21 also the garbage collections of each generation and the
/// time the runtime was paused for them, to tell whether a run's extra CPU is the collector's.
/// </summary>
internal readonly record struct PoolCounters(long WorkItems, int Threads, long Voluntary, long Involuntary, long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static PoolCounters Now()
    {
        long voluntary = 0, involuntary = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Join(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        voluntary += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        involuntary += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }

        return new PoolCounters(
            ThreadPool.CompletedWorkItemCount, ThreadPool.ThreadCount, voluntary, involuntary, GC.GetTotalAllocatedBytes(),
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    }

    /// <summary>
    /// Per message since <paramref name="before"/>: work items, context switches (voluntary + involuntary), kB allocated;
    /// pool threads now; in all since then: collections of generations 0/1/2 and the time paused for them.
    /// </summary>
    public string PerMessageSince(PoolCounters before, int messages)
    {
        var now = Now();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{(now.WorkItems - before.WorkItems) / (double)messages:F1} work items, {(now.Voluntary - before.Voluntary) / (double)messages:F1} + {(now.Involuntary - before.Involuntary) / (double)messages:F1} context switches, {(now.Allocated - before.Allocated) / 1024.0 / messages:F1} kB, {now.Threads} pool threads, GC {now.Gen0 - before.Gen0}/{now.Gen1 - before.Gen1}/{now.Gen2 - before.Gen2} paused {(now.Paused - before.Paused).TotalMilliseconds:F0} ms");
    }
}
