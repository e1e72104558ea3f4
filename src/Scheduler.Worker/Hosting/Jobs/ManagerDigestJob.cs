using System.Data.Common;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using Quartz;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Email;
using Scheduler.Worker.Hosting.Digest;
using Scheduler.Worker.Hosting.Logging;
using Scheduler.Worker.Hosting.Reload;

namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>
/// Writes the daily manager digest: asks every registered <see cref="IDigestSection"/> for today's section (today is
/// the date of the injected clock in the organisation's zone) and, when at least one has something and
/// <c>organisation.digestEmail</c> is set, writes ONE outbox message (<see cref="ManagerDigestOutbox"/>: key
/// <c>manager-digest:{date}</c>, so a second run the same day changes nothing). The dispatch job sends it. A section
/// that fails is logged and left out; the others still go.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ManagerDigestJob(
    IEnumerable<IDigestSection> sections,
    LiveConfiguration configuration,
    NpgsqlDataSource dataSource,
    IClock clock,
    ILogger<ManagerDigestJob> logger) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("manager-digest", GenerateSchedule.Group);

    /// <summary>Its daily cron trigger.</summary>
    public static readonly TriggerKey Trigger = new("manager-digest-daily", GenerateSchedule.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var today = clock.GetCurrentInstant().InZone(configuration.Configuration.Organisation.Zone).Date;
        var date = LocalDatePattern.Iso.Format(today);
        var jobKey = Key.ToString();
        if (string.IsNullOrWhiteSpace(configuration.Configuration.Organisation.DigestEmail))
        {
            logger.DigestNoAddress(jobKey, context.FireInstanceId, date);
            return;
        }

        var asked = sections.ToList();
        var built = new List<DigestSection>();
        foreach (var section in asked)
        {
            try
            {
                if (await section.BuildAsync(today, cancellationToken).ConfigureAwait(false) is { } part)
                {
                    built.Add(part);
                }
            }
#pragma warning disable CA1031 // One broken section must not stop the others reaching the manager; it is logged.
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                logger.DigestSectionFailed(e, section.GetType().Name, date);
            }
        }

        if (built.Count == 0)
        {
            logger.DigestEmpty(jobKey, context.FireInstanceId, date, asked.Count);
            return;
        }

        var key = ManagerDigestOutbox.Key(today);
        try
        {
            var written = await ManagerDigestOutbox.EnqueueAsync(
                dataSource, today, MessageIds.FromKey(key), DigestPayload.Of(today, built).ToJson(), clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
            if (written)
            {
                logger.DigestWritten(jobKey, context.FireInstanceId, date, built.Count, key);
            }
            else
            {
                logger.DigestAlreadyWritten(jobKey, context.FireInstanceId, date, key);
            }
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            logger.DigestFailed(e, jobKey, context.FireInstanceId, date);
        }
    }
}
