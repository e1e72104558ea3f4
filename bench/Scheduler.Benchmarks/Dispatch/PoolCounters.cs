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
        // getrusage(RUSAGE_SELF) counts every thread the process ever had, ended ones included; summing
        // /proc/self/task/*/status (before session 22) lost a pool thread's switches when it ended during a run, and the
        // difference could print negative.
        if (NativeMethods.getrusage(NativeMethods.RusageSelf, out var usage) != 0)
        {
            throw new InvalidOperationException("getrusage failed");
        }

        return new PoolCounters(
            ThreadPool.CompletedWorkItemCount, ThreadPool.ThreadCount, usage.VoluntarySwitches, usage.InvoluntarySwitches, GC.GetTotalAllocatedBytes(),
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

/// <summary>Linux's <c>getrusage</c> (x86-64 and arm64 layout: two timevals, then fourteen longs).</summary>
internal static class NativeMethods
{
    public const int RusageSelf = 0;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
#pragma warning disable SA1300, IDE1006 // the C function's own name
    public static extern int getrusage(int who, out Rusage usage);
#pragma warning restore SA1300, IDE1006

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    internal struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxResidentKilobytes;
        public long SharedMemory;
        public long UnsharedData;
        public long UnsharedStack;
        public long MinorFaults;
        public long MajorFaults;
        public long Swaps;
        public long BlocksIn;
        public long BlocksOut;
        public long MessagesSent;
        public long MessagesReceived;
        public long Signals;
        public long VoluntarySwitches;
        public long InvoluntarySwitches;
    }
}
