using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using Scheduler.Worker.Hosting.Logging;

namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>
/// Puts the recurring triggers (<see cref="CronSchedule"/>) in the job store as a node starts, before the scheduler
/// runs. A stored trigger that already has the same schedule is KEPT as it is, with its next fire time: if that time
/// passed while every node was down, the scheduler sees a misfire and applies the trigger's policy (generate and the
/// digest fire once, not once per missed night). Quartz's own start-up declaration would replace the trigger and
/// count its next firing from now, forgetting the missed ones. A stored trigger with another schedule (the setting
/// changed) is replaced.
/// </summary>
internal sealed class CronScheduleKeeper(ISchedulerFactory schedulers, IEnumerable<CronSchedule> schedules, ILogger<CronScheduleKeeper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        foreach (var schedule in schedules)
        {
            var stored = await scheduler.GetTrigger(schedule.Trigger, cancellationToken).ConfigureAwait(false);
            if (schedule.Matches(stored))
            {
                logger.TriggerKept(schedule.Trigger.ToString(), schedule.Cron, stored!.NextFireTimeUtc);
                continue;
            }

            await scheduler.ScheduleJob(schedule.Build(), ScheduleJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
            logger.TriggerStored(schedule.Trigger.ToString(), schedule.Cron, stored is null ? "new" : "schedule changed");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
