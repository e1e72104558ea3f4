namespace Scheduler.Worker.Hosting.Settings;

/// <summary>Where Quartz keeps its jobs and triggers (<c>Scheduler:JobStore</c>).</summary>
internal enum JobStoreKind
{
    /// <summary>Not a valid setting: the zero value, so a missing or mistyped setting cannot pass for a real one.</summary>
    Invalid = 0,

    /// <summary>The estate database, clustered: any number of nodes, each firing runs on exactly one. The default.</summary>
    Postgres,

    /// <summary>In memory: one node only; schedules are rebuilt at every start (fine, since they all live in code).</summary>
    Memory,
}
