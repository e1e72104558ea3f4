using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using Quartz;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Hosting.Logging;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;

namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>
/// Generates work orders: <see cref="WorkOrderGeneration.GenerateAsync"/> (the nightly generation: incremental when it
/// can be sure, else the full apply) for today's date in the organisation's zone (from the
/// injected clock, never the trigger's fire time) with the configuration in force. Thin: the apply is one transaction
/// behind an advisory lock and idempotent, so a repeated or concurrent firing creates nothing twice, and a stop
/// mid-apply leaves nothing half-applied. When the database fails, the run is logged and retried with backoff
/// (<c>Scheduler:RetryDelay</c> doubling up to <c>Scheduler:MaxRetryDelay</c>) by the one-off trigger
/// <c>generate-retry</c> (at most one is pending); the worker stays up.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class GenerateWorkOrdersJob(
    LiveConfiguration configuration,
    NpgsqlDataSource dataSource,
    IClock clock,
    GenerationRuns runs,
    PlanningRegisterCache registerCache,
    GasBookingMemo bookingMemo,
    IOptions<SchedulerOptions> options,
    ILogger<GenerateWorkOrdersJob> logger) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("generate", GenerateSchedule.Group);

    /// <summary>The job-data entry of a retry trigger: which attempt it is (1 for the first retry).</summary>
    public const string AttemptKey = "attempt";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = configuration.Configuration;
        var calendar = configuration.Calendar;
        var asOf = clock.GetCurrentInstant().InZone(config.Organisation.Zone).Date;
        var asOfText = LocalDatePattern.Iso.Format(asOf);
        var jobKey = Key.ToString();
        var trigger = context.Trigger.Key;
        var node = context.Scheduler.SchedulerInstanceId;
        if (context.Recovering)
        {
            logger.GenerationRecovering(jobKey, trigger.ToString(), context.FireInstanceId, node);
        }

        logger.GenerationStarted(jobKey, trigger.ToString(), context.FireInstanceId, node, context.ScheduledFireTimeUtc, asOfText, config.Version);
        var watch = Stopwatch.StartNew();
        try
        {
            var (result, fullDueOn) = await ApplyAsync(config, calendar, asOf, jobKey, context.FireInstanceId, watch, cancellationToken).ConfigureAwait(false);
            await AfterApply.ReturnMemoryAsync(fullCompareNext: fullDueOn <= asOf.PlusDays(1)).ConfigureAwait(false);
            var booking = await new GasAppointmentBooking(dataSource, config, calendar, clock, bookingMemo).BookAsync(asOf, cancellationToken).ConfigureAwait(false);
            logger.GasAppointmentsBooked(jobKey, context.FireInstanceId, asOfText, booking.Booked.Count, booking.Booked.Count(b => b.ShortNotice), booking.Unbooked.Count, booking.Escalated.Count, booking.Closed.Count);
            runs.Record(new GenerationRun(trigger.Name, context.FireInstanceId, node, result, null));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.GenerationCancelled(jobKey, context.FireInstanceId);
            throw;
        }
        catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException { InnerException: DbException })
        {
            var attempt = Attempt(context) + 1;
            var retry = RetryDelay(options.Value, attempt);
            var retryAt = context.FireTimeUtc.Add(retry);
            logger.GenerationFailed(e, jobKey, context.FireInstanceId, attempt, retryAt, GenerateSchedule.Retry.ToString());
            runs.Record(new GenerationRun(trigger.Name, context.FireInstanceId, node, null, e));
            var data = new Dictionary<string, string> { [AttemptKey] = attempt.ToString(CultureInfo.InvariantCulture) };
            await GenerateSchedule.ScheduleOrReplaceAsync(context.Scheduler, GenerateSchedule.Once(GenerateSchedule.Retry, retryAt, data), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The apply and its log lines; only its counts outlive it. A method of its own so that the apply's result (its plan
    /// holds every stored order: 835,000 at 300,000 homes) is garbage before the gas booking runs, not held through it
    /// (locals of an async method live as long as the method).
    /// </summary>
    private async Task<(GenerationCounts Counts, LocalDate? FullDueOn)> ApplyAsync(
        EstateConfiguration config, WorkingDayCalendar calendar, LocalDate asOf, string jobKey, string fireInstanceId, Stopwatch watch, CancellationToken cancellationToken)
    {
        var result = await new WorkOrderGeneration(dataSource, config, calendar, clock, registerCache).GenerateAsync(asOf, cancellationToken).ConfigureAwait(false);
        var asOfText = LocalDatePattern.Iso.Format(asOf);
        var scope = result.Scope;
        logger.GenerationApplied(
            jobKey, fireInstanceId, asOfText, result.CreateCount, result.CancelCount, result.UnchangedCount, config.Version, watch.ElapsedMilliseconds,
            scope.Incremental ? "incremental" : "full", scope.Reason, scope.AssetsReplanned, scope.NewDays);
        foreach (var reference in result.CancelledReferences)
        {
            logger.OrderCancelled(reference, jobKey, fireInstanceId);
        }

        return (GenerationCounts.Of(result), result.FullDueOn);
    }

    /// <summary>The wait before retry number <paramref name="attempt"/> (1-based): the first delay, doubled each time, capped.</summary>
    public static TimeSpan RetryDelay(SchedulerOptions options, int attempt)
    {
        ArgumentNullException.ThrowIfNull(options);
        var delay = options.RetryDelay;
        for (var i = 1; i < attempt && delay < options.MaxRetryDelay; i++)
        {
            delay *= 2;
        }

        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    private static int Attempt(IJobExecutionContext context) =>
        context.MergedJobDataMap.TryGetString(AttemptKey, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
