namespace Scheduler.Worker.Hosting.Settings;

/// <summary>The <c>Scheduler</c> section: how the worker schedules and runs its jobs.</summary>
internal sealed class SchedulerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Scheduler";

    /// <summary>Postgres (clustered, the default) or Memory (a single node).</summary>
    public JobStoreKind JobStore { get; set; } = JobStoreKind.Postgres;

    /// <summary>The cluster's name: every node of one deployment uses the same; instance ids are generated (AUTO).</summary>
    public string InstanceName { get; set; } = "estate-scheduler";

    /// <summary>
    /// When the nightly generate job fires: a Quartz cron expression (seconds first) read in Europe/London. The
    /// default, 02:30, stays clear of the 01:00–02:00 hour that the clocks skip in March and repeat in October.
    /// </summary>
    public string GenerateCron { get; set; } = "0 30 2 * * ?";

    /// <summary>
    /// When the dispatch job sends the outbox: a Quartz cron expression (seconds first). Default every minute. A missed
    /// firing is not made up: the next one sends everything due.
    /// </summary>
    public string DispatchCron { get; set; } = "0 * * * * ?";

    /// <summary>
    /// When the worker looks whether the register changed since the last apply (an <c>import</c>, or a change by hand),
    /// and if so runs generate at once instead of waiting for the night: a Quartz cron expression (seconds first), read
    /// in Europe/London. Default every 5 minutes. One cheap read of two one-row tables a firing.
    /// </summary>
    public string RegisterCheckCron { get; set; } = "0 */5 * * * ?";

    /// <summary>How many messages the dispatch job claims per round (it runs rounds until nothing is due).</summary>
    public int DispatchBatchSize { get; set; } = 200;

    /// <summary>
    /// When the daily manager digest is written: a Quartz cron expression read in Europe/London. Default 07:00. After
    /// downtime it fires once when the worker is back; a second run on the same day writes nothing.
    /// </summary>
    public string DigestCron { get; set; } = "0 0 7 * * ?";

    /// <summary>Whether generate also runs once as the worker starts (each start; the apply is idempotent).</summary>
    public bool GenerateAtStartup { get; set; } = true;

    /// <summary>How long a stopping worker waits for running jobs to finish before it exits anyway.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a clustered node records that it is alive.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long past a missed check-in the other nodes wait before treating a node as dead and taking over its jobs.
    /// Keep it above the worst pause a node can have (GC, VM migration, database fail-over).
    /// </summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the config folder must be quiet after a change before it is reloaded (editors save in bursts).</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The wait before the first retry of a generate run that failed (the database was unreachable); doubles each time.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between retries of a failed generate run.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The email templates folder, watched with the YAML; relative paths resolve from the config folder. Default <c>templates</c>.</summary>
    public string TemplatesDirectory { get; set; } = "templates";
}
