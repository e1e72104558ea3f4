using Quartz;

namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>
/// When <see cref="GenerateWorkOrdersJob"/> runs: every night (<c>Scheduler:GenerateCron</c>, Europe/London), once as
/// the worker starts, after a configuration change, after a register import (<see cref="RegisterWatchJob"/>), and after a
/// failure (with backoff). Every trigger has a fixed,
/// explicit name so it can be found in <c>qrtz_triggers</c> and in the logs.
/// </summary>
internal static class GenerateSchedule
{
    /// <summary>The group of the worker's jobs and triggers.</summary>
    public const string Group = "estate";

    /// <summary>
    /// The nightly trigger (<c>Scheduler:GenerateCron</c> in Europe/London, <c>FireAndProceed</c> on a misfire, so a
    /// worker that was down over one or more nights runs generate once when it is back; see <see cref="CronScheduleKeeper"/>).
    /// </summary>
    public static readonly TriggerKey Nightly = new("generate-nightly", Group);

    /// <summary>The trigger that runs generate once as a node starts.</summary>
    public static readonly TriggerKey AtStartup = new("generate-at-start", Group);

    /// <summary>The trigger that runs generate after a valid configuration change.</summary>
    public static readonly TriggerKey AfterConfigChange = new("generate-after-config-change", Group);

    /// <summary>The trigger that runs generate after the register changed (an import), started by <see cref="RegisterWatchJob"/>.</summary>
    public static readonly TriggerKey AfterRegisterChange = new("generate-after-register-change", Group);

    /// <summary>The trigger that retries a failed run (its job data says which attempt); one at a time.</summary>
    public static readonly TriggerKey Retry = new("generate-retry", Group);

    /// <summary>
    /// The zone the worker's cron settings (<c>Scheduler:GenerateCron</c>, <c>Scheduler:DigestCron</c>) are read in:
    /// always Europe/London, not <c>organisation.timeZone</c>. The crons are the worker's settings, not the estate's
    /// config; each trigger is stored with its zone in the clustered job store (<c>qrtz_cron_triggers.time_zone_id</c>),
    /// where every node must agree on it, and a config reload does not reschedule it. The zone decides only when a job
    /// fires: the date a job works for is today in the organisation's zone, from the injected clock, never the fire time.
    /// </summary>
    public static TimeZoneInfo London { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>A one-off trigger named <paramref name="key"/> for the generate job, due at <paramref name="at"/>.</summary>
    public static ITrigger Once(TriggerKey key, DateTimeOffset at, IDictionary<string, string>? data = null)
    {
        var builder = TriggerBuilder.Create()
            .ForJob(GenerateWorkOrdersJob.Key)
            .WithIdentity(key)
            .StartAt(at)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow));
        foreach (var (name, value) in data ?? new Dictionary<string, string>())
        {
            builder.UsingJobData(name, value);
        }

        return builder.Build();
    }

    /// <summary>
    /// Schedules <paramref name="trigger"/>, replacing a trigger of the same name that has not fired yet (two config
    /// changes in a row run generate once more, not twice more).
    /// </summary>
    public static async Task ScheduleOrReplaceAsync(IScheduler scheduler, ITrigger trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(trigger);
        await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
    }
}
