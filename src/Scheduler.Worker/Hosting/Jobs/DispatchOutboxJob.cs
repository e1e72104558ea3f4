using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Quartz;
using Scheduler.Worker.Email;
using Scheduler.Worker.Hosting.Logging;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;
using Scheduler.Worker.Outbox;

namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>
/// Sends the outbox: <see cref="OutboxDispatcher.DispatchDueAsync(int, CancellationToken)"/> (weekly programmes due, then rounds of
/// <c>Scheduler:DispatchBatchSize</c> until nothing is due) with the configuration and templates in force and the mail
/// settings in force at the firing (SMTP, or the pickup folder; <see cref="LiveMailSettings"/>: an edited
/// <c>appsettings.json</c> takes effect at the next firing). Fires on <c>Scheduler:DispatchCron</c> (every minute). Thin: claims are
/// <c>FOR UPDATE SKIP LOCKED</c> with a lease, so a second dispatcher anywhere is harmless, and a missed firing is not
/// made up (the next one drains). When the database fails the run is logged and the next firing tries again. A node
/// without mail settings skips the firing (give every node the same settings). While the templates folder has a
/// rejected change (readiness is Degraded), sending waits: templates are read from the folder when a message is
/// rendered, and a half-edited template would make every message it renders dead.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DispatchOutboxJob(
    LiveConfiguration configuration,
    ConfigLocation location,
    NpgsqlDataSource dataSource,
    IClock clock,
    IOptions<SchedulerOptions> options,
    ILogger<DispatchOutboxJob> logger,
    LiveMailSettings? liveMail = null,
    Feedback.FeedbackLinks? feedbackLinks = null,
    OutageBackoff? outage = null,
    [FromKeyedServices(OutboxDispatcher.LetterOutageKey)] OutageBackoff? letterOutage = null) : IJob
{
    /// <summary>The job's key.</summary>
    public static readonly JobKey Key = new("dispatch", GenerateSchedule.Group);

    /// <summary>Its cron trigger.</summary>
    public static readonly TriggerKey Trigger = new("dispatch-every-minute", GenerateSchedule.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var mail = liveMail?.Current(); // as they are now: an edited appsettings.json takes effect at this firing
        if (mail is null)
        {
            logger.DispatchSkipped(Key.ToString(), context.FireInstanceId);
            return;
        }

        var templateProblems = configuration.Problems.Count(p => p.Location.File.StartsWith(location.TemplatesDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        if (templateProblems > 0)
        {
            logger.DispatchPostponed(Key.ToString(), context.FireInstanceId, templateProblems);
            return;
        }

        var watch = Stopwatch.StartNew();
        try
        {
            // Made per firing: it reads the configuration and the templates folder as they are now.
            var dispatcher = new OutboxDispatcher(
                dataSource, configuration.Configuration, new TemplateRenderer(location.TemplatesDirectory), mail, clock,
#pragma warning disable CA5394 // Retry jitter, not security.
                Email.RetryPolicy.Default(new Random()),
#pragma warning restore CA5394
                DispatchOptions.Default,
                feedbackLinks: feedbackLinks,
                outage: outage,
                letterOutage: letterOutage,
                workingDays: configuration.Calendar);
            var summary = await dispatcher.DispatchDueAsync(options.Value.DispatchBatchSize, cancellationToken).ConfigureAwait(false);
            if (summary.Claimed > 0 || summary.Enqueued > 0)
            {
                logger.DispatchRound(
                    Key.ToString(), context.FireInstanceId, summary.Claimed, summary.Sent, summary.Retried, summary.Dead, summary.Superseded, summary.Enqueued, watch.ElapsedMilliseconds);
            }

            // This firing found the mail server unreachable (or busy, or refusing the login) or the pickup folder unwritable:
            // the round's counts alone do not say why. A paused firing claims no mail and says nothing more; it may still put
            // letters to post in the day's batch (claimed and sent, none put back), which is not the outage's news.
            if (summary.Retried > summary.LettersWaiting && dispatcher.Outage.UnreachableSince is not null)
            {
                logger.DispatchNotTaken(
                    Key.ToString(), context.FireInstanceId, dispatcher.Outage.Reason ?? "no reason given", summary.Retried, dispatcher.Outage.MaxDelay.TotalMinutes);
            }

            // This firing put letters to post back because the letter batch folder cannot be written (the mail went on).
            if (summary.LettersWaiting > 0 && dispatcher.LetterOutage.UnreachableSince is not null)
            {
                logger.DispatchLettersWaiting(
                    Key.ToString(), context.FireInstanceId, dispatcher.LetterOutage.Reason ?? "no reason given", summary.LettersWaiting, dispatcher.LetterOutage.MaxDelay.TotalMinutes);
            }
        }
        catch (Exception e) when (e is DbException or TimeoutException or DirectoryNotFoundException or InvalidOperationException { InnerException: DbException })
        {
            logger.DispatchFailed(e, Key.ToString(), context.FireInstanceId);
        }
    }
}
