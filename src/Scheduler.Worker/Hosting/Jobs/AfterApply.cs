namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>What the generate job (and the demo's <see cref="Demo.YearSimulation"/>) does between the apply and the gas booking.</summary>
internal static class AfterApply
{
    /// <summary>
    /// One blocking, compacting collection of every generation, once a night: the apply has just dropped its plan, which
    /// holds every stored order (835,000 at 300,000 homes, most of a gigabyte with its strings, old enough to sit in
    /// generation 2). Left alone, the collector keeps that garbage until its generation-2 budget runs out, and the booking
    /// (211,673 appointments on the first night at 300,000 homes) runs on top of it: measured, the booking step peaked at
    /// 1,695 MB with 299 MB left after its last collection. The collection costs well under a second a night.
    /// </summary>
    public static void ReturnMemory() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
