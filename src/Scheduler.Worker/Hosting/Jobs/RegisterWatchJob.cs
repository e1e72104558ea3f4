using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;
using Scheduler.Persistence.Orders;
using Scheduler.Worker.Hosting.Logging;

namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>
/// Runs generate soon after the register changes instead of at the next night: at each firing
/// (<c>Scheduler:RegisterCheckCron</c>, every 5 minutes) it reads the register version and the version the last apply
/// read (<see cref="RegisterVersions"/>); when they differ (an <c>import</c> committed since, or a change by hand), it
/// schedules the generate job at once with the one-off trigger <c>generate-after-register-change</c> (replacing one not
/// yet fired), whose run compares in full (<c>register-changed</c>): an asset that left the register has its issued
/// orders cancelled and their contractors told, a block whose cleaning changed gets its new orders, a new home is
/// planned and booked, the same day. Nothing is done before the first apply (the start's or the night's run makes it),
/// nor while the versions agree. A firing while generate runs may start one more run after it, which finds the versions
/// equal and compares incrementally (nothing to do). A database that cannot be read is logged and looked at again at
/// the next firing.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RegisterWatchJob(NpgsqlDataSource dataSource, ILogger<RegisterWatchJob> logger) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("register-watch", GenerateSchedule.Group);

    /// <summary>Its cron trigger.</summary>
    public static readonly TriggerKey Trigger = new("register-watch", GenerateSchedule.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        (long Current, long? Applied) versions;
        try
        {
            versions = await RegisterVersions.ReadAsync(dataSource, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            logger.RegisterWatchFailed(e, Key.ToString(), context.FireInstanceId);
            return;
        }

        if (versions.Applied is not { } applied || applied == versions.Current)
        {
            return;
        }

        await GenerateSchedule.ScheduleOrReplaceAsync(
            context.Scheduler, GenerateSchedule.Once(GenerateSchedule.AfterRegisterChange, context.FireTimeUtc), cancellationToken).ConfigureAwait(false);
        logger.RegisterChanged(versions.Current, applied, GenerateSchedule.AfterRegisterChange.ToString());
    }
}
