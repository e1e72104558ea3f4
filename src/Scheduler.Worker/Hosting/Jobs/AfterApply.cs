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
    /// A call costs ~0.2 s of CPU at 300,000 homes whatever the garbage: the trace (and compaction) of what stays live, nearly
    /// all of it the kept register (~1.5 million objects). <see cref="GCCollectionMode.Aggressive"/> rather than
    /// <see cref="GCCollectionMode.Forced"/>: it also gives back the memory it freed; <c>Forced</c> (or a non-compacting
    /// collection) saved at most ~0.02 s a call, kept ~460 MB committed between nights instead of ~190 MB and raised the
    /// later days' peak working set (docs/benchmarks-history.md, end to end, branch <c>gc28</c>).
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

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Interlocked.Exchange(ref s_leftLast, GC.GetTotalMemory(forceFullCollection: false));
        return true;
    }

    /// <summary>
    /// Whether a heap of <paramref name="inUse"/> bytes is to be collected when the last collection here left
    /// <paramref name="leftLast"/> (negative: none made yet); always before a full compare (<paramref name="fullCompareNext"/>).
    /// </summary>
    internal static bool Needed(long inUse, long leftLast, bool fullCompareNext) =>
        fullCompareNext || leftLast < 0 || inUse - leftLast >= GrowthLimit;
}
