namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>What the generate job (and the demo's <see cref="Demo.YearSimulation"/>) does between the apply and the gas booking.</summary>
internal static class AfterApply
{
    /// <summary>
    /// How far the managed heap may have grown since the last collection <see cref="ReturnMemoryAsync"/> made before the
    /// next call makes one again: 96 MiB.
    /// </summary>
    public const long GrowthLimit = 96L * 1024 * 1024;

    /// <summary>The managed heap in use right after this process's last collection here; -1 before the first.</summary>
    private static long s_leftLast = -1;

    /// <summary>
    /// One blocking, compacting collection of every generation, when the heap has grown by <see cref="GrowthLimit"/> or
    /// more since the last one made here (or none was made yet), or the next night compares in full: the apply has just dropped its plan, which after a full
    /// compare holds every stored order (835,000 at 300,000 homes, ~430 MB allocated, old enough to sit in generation 2).
    /// Left alone, the collector keeps that garbage until its generation-2 budget runs out, and the booking (211,673
    /// appointments on the first night at 300,000 homes) runs on top of it. The week's dispatches, bookings and reports
    /// leave garbage in generation 2 too (at 300,000 homes ~500 MB after six nights when nothing collected it, and the
    /// weekly full compare ran on top of it: 915 MB peak; docs/benchmarks-history.md, end to end): the growth counts
    /// that as well, so at most <see cref="GrowthLimit"/> of it is ever carried into the next night.
    /// A night that allocated little after a quiet day (an incremental night using the register kept between nights)
    /// leaves the heap within the limit and is not collected: that collection only traced the kept register and history
    /// again (~170–250 MB live at 300,000 homes, ~0.13 s of CPU a night) to return a few megabytes.
    /// It first yields to the thread pool: the caller's continuation may run on the stack of the apply's last I/O
    /// completion, whose frames still hold the apply's state (a collection there finds all of it alive and only promotes it).
    /// </summary>
    /// <param name="fullCompareNext">
    /// True when the next night is due to compare in full (<see cref="Scheduler.Persistence.Orders.GenerationResult.FullDueOn"/>
    /// is the next day): it then collects whatever the growth, so the weekly full compare, the night's largest, never
    /// runs on top of garbage carried over from nights that were not collected (only the last day's, as before).
    /// </param>
    /// <returns>Whether it collected.</returns>
    public static async Task<bool> ReturnMemoryAsync(bool fullCompareNext = false)
    {
        await Task.Yield();
        if (!Needed(GC.GetTotalMemory(forceFullCollection: false), Interlocked.Read(ref s_leftLast), fullCompareNext))
        {
            return false;
        }

        // TEMPORARY (gc28 measurement; not to be merged): ESTATE_GC28_MODE picks the collection, ESTATE_GC28_TRACE prints each call.
        var mode = Environment.GetEnvironmentVariable("ESTATE_GC28_MODE") ?? "aggressive";
        var trace = Environment.GetEnvironmentVariable("ESTATE_GC28_TRACE") is not null;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var committedBefore = GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes;
        var pauseBefore = GC.GetTotalPauseDuration();
        using var self = trace ? System.Diagnostics.Process.GetCurrentProcess() : null;
        var cpuBefore = self?.TotalProcessorTime ?? TimeSpan.Zero;
        var wsBefore = self?.WorkingSet64 ?? 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        switch (mode)
        {
            case "forced":
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                break;
            case "forced-loh":
                System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                break;
            case "sweep":
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
                break;
            default:
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                break;
        }

        var wall = watch.Elapsed;
        Interlocked.Exchange(ref s_leftLast, GC.GetTotalMemory(forceFullCollection: false));
        if (self is not null)
        {
            self.Refresh();
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            Console.WriteLine(System.FormattableString.Invariant(
                $"  gc28 {mode}: full={fullCompareNext} heap {heapBefore / 1048576.0:F0} -> {GC.GetTotalMemory(false) / 1048576.0:F0} MB, committed {committedBefore / 1048576.0:F0} -> {info.TotalCommittedBytes / 1048576.0:F0} MB, WS {wsBefore / 1048576.0:F0} -> {self.WorkingSet64 / 1048576.0:F0} MB, gen{info.Generation} {(info.Compacted ? "compacting" : "sweeping")}, promoted {info.PromotedBytes / 1048576.0:F0} MB, pause {(GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds:F3} s, wall {wall.TotalSeconds:F3} s, process cpu {(self.TotalProcessorTime - cpuBefore).TotalSeconds:F3} s"));
        }

        return true;
    }

    /// <summary>
    /// Whether a heap of <paramref name="inUse"/> bytes is to be collected when the last collection here left
    /// <paramref name="leftLast"/> (negative: none made yet); always before a full compare (<paramref name="fullCompareNext"/>).
    /// </summary>
    internal static bool Needed(long inUse, long leftLast, bool fullCompareNext) =>
        fullCompareNext || leftLast < 0 || inUse - leftLast >= GrowthLimit;
}
