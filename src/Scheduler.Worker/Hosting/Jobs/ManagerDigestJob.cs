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
/// Writes the daily manager digest when <c>organisation.digestEmail</c> is set: <see cref="ManagerDigest.WriteAsync"/> over
/// every registered <see cref="IDigestSection"/> for today (the date of the injected clock in the organisation's zone):
/// ONE outbox message when at least one section has something (key <c>manager-digest:{date}</c>, so a second run the same
/// day changes nothing). The dispatch job sends it. A section that fails is logged and left out; the others still go.
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
        try
        {
            var write = await ManagerDigest.WriteAsync(
                asked, today, dataSource, clock.GetCurrentInstant(), (section, e) => logger.DigestSectionFailed(e, section.GetType().Name, date), cancellationToken).ConfigureAwait(false);
            if (write.Sections == 0)
            {
                logger.DigestEmpty(jobKey, context.FireInstanceId, date, asked.Count);
            }
            else if (write.Written)
            {
                logger.DigestWritten(jobKey, context.FireInstanceId, date, write.Sections, write.Key);
            }
            else
            {
                logger.DigestAlreadyWritten(jobKey, context.FireInstanceId, date, write.Key);
            }
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            logger.DigestFailed(e, jobKey, context.FireInstanceId, date);
        }
    }
}
