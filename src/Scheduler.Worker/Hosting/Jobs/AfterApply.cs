namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>What the generate job (and the demo's <see cref="Demo.YearSimulation"/>) does between the apply and the gas booking.</summary>
internal static class AfterApply
{
    /// <summary>
    /// One blocking, compacting collection of every generation, once a night: the apply has just dropped its plan, which
    /// holds every stored order (835,000 at 300,000 homes, most of a gigabyte with its strings, old enough to sit in
    /// generation 2). Left alone, the collector keeps that garbage until its generation-2 budget runs out, and the booking
    /// (211,673 appointments on the first night at 300,000 homes) runs on top of it. It first yields to the thread pool:
    /// the caller's continuation may run on the stack of the apply's last I/O completion, whose frames still hold the
    /// apply's state (a collection there finds all of it alive and only promotes it). Also after a night that used the
    /// register kept between nights and allocated little itself: the week's dispatches, bookings and reports leave their
    /// garbage in generation 2 too (at 300,000 homes ~500 MB after six such nights, and the weekly full compare ran on
    /// top of it: 915 MB peak when this was skipped on those nights; docs/benchmarks.md, end to end).
    /// </summary>
    public static async Task ReturnMemoryAsync()
    {
        await Task.Yield();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

}
