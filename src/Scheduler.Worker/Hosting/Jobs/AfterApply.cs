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
    /// apply's state (a collection there finds all of it alive and only promotes it).
    /// </summary>
    public static async Task ReturnMemoryAsync()
    {
        await Task.Yield();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>
    /// Whether <paramref name="result"/> left garbage worth <see cref="ReturnMemoryAsync"/>: a full compare (its plan held
    /// every stored order) or a night that read the register. A night that used the register kept between nights
    /// (<see cref="Persistence.Orders.PlanningRegisterCache"/>) allocated a few thousand orders' worth; collecting then
    /// would only compact the kept register (~150 MB at 300,000 homes) again, every night.
    /// </summary>
    public static bool Needed(Persistence.Orders.GenerationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return !result.Scope.Incremental || result.ReadRegister;
    }
}
