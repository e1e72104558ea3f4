using Microsoft.Extensions.Logging;

namespace Scheduler.Worker.Hosting.Logging;

/// <summary>
/// The worker's log events (source-generated). They carry ids only — job and trigger keys, fire instance ids,
/// work-order references, config versions, file positions — never tenant names, addresses or message bodies.
/// Event ids 4000–4099 belong to the host; keep them stable (Seq queries and alerts filter on them).
/// </summary>
internal static partial class HostLog
{
    [LoggerMessage(4000, LogLevel.Information, "Worker started: scheduler {InstanceName} ({JobStore} job store), health on {HealthUrls}, config {ConfigVersion}")]
    public static partial void WorkerStarted(this ILogger logger, string instanceName, string jobStore, string healthUrls, string configVersion);

    [LoggerMessage(4001, LogLevel.Information, "Job {JobKey} fired by {TriggerKey} ({FireInstanceId}) on node {SchedulerInstanceId}, scheduled for {ScheduledFireTime:O}: generating work orders as of {AsOf} with config {ConfigVersion}")]
    public static partial void GenerationStarted(this ILogger logger, string jobKey, string triggerKey, string fireInstanceId, string schedulerInstanceId, DateTimeOffset? scheduledFireTime, string asOf, string configVersion);

    [LoggerMessage(4002, LogLevel.Information, "Job {JobKey} ({FireInstanceId}) applied the plan as of {AsOf}: {Created} created, {Cancelled} cancelled, {Unchanged} unchanged (config {ConfigVersion}, {ElapsedMs} ms; {Scope} compare, {ScopeReason}: {AssetsReplanned} assets whole, {NewDays} new days)")]
    public static partial void GenerationApplied(
        this ILogger logger, string jobKey, string fireInstanceId, string asOf, int created, int cancelled, int unchanged, string configVersion, long elapsedMs,
        string scope, string scopeReason, int assetsReplanned, int newDays);

    [LoggerMessage(4003, LogLevel.Debug, "Work order {WorkOrderRef} cancelled by job {JobKey} ({FireInstanceId})")]
    public static partial void OrderCancelled(this ILogger logger, string workOrderRef, string jobKey, string fireInstanceId);

    [LoggerMessage(4004, LogLevel.Warning, "Job {JobKey} ({FireInstanceId}) failed (attempt {Attempt}); nothing was applied; retrying at {RetryAt} with trigger {RetryTriggerKey}")]
    public static partial void GenerationFailed(this ILogger logger, Exception exception, string jobKey, string fireInstanceId, int attempt, DateTimeOffset retryAt, string retryTriggerKey);

    [LoggerMessage(4005, LogLevel.Warning, "Job {JobKey} ({FireInstanceId}) was cancelled (the worker is stopping); its transaction rolled back, nothing was applied")]
    public static partial void GenerationCancelled(this ILogger logger, string jobKey, string fireInstanceId);

    [LoggerMessage(4006, LogLevel.Warning, "Job {JobKey} fired by {TriggerKey} ({FireInstanceId}) on node {SchedulerInstanceId} is a recovery: the node that was running it stopped (killed, or declared dead by the cluster); nothing of that run was applied")]
    public static partial void GenerationRecovering(this ILogger logger, string jobKey, string triggerKey, string fireInstanceId, string schedulerInstanceId);

    [LoggerMessage(4007, LogLevel.Debug, "Trigger {TriggerKey} ({Cron}) kept as stored; next firing {NextFireTime:O} (a time already past is a misfire, made up once)")]
    public static partial void TriggerKept(this ILogger logger, string triggerKey, string cron, DateTimeOffset? nextFireTime);

    [LoggerMessage(4008, LogLevel.Information, "Trigger {TriggerKey} ({Cron}) stored: {Why}")]
    public static partial void TriggerStored(this ILogger logger, string triggerKey, string cron, string why);

    [LoggerMessage(4009, LogLevel.Information, "Register changed since the last apply (register version {Current}, the last apply read {Applied}): generate triggered by {TriggerKey}")]
    public static partial void RegisterChanged(this ILogger logger, long current, long applied, string triggerKey);

    [LoggerMessage(4016, LogLevel.Warning, "Job {JobKey} ({FireInstanceId}) could not read the register version; it looks again at its next firing")]
    public static partial void RegisterWatchFailed(this ILogger logger, Exception exception, string jobKey, string fireInstanceId);

    [LoggerMessage(4010, LogLevel.Information, "Configuration changed from {OldVersion} to {NewVersion}: now in force; generate triggered by {TriggerKey}")]
    public static partial void ConfigReloaded(this ILogger logger, string oldVersion, string newVersion, string triggerKey);

    [LoggerMessage(4011, LogLevel.Information, "Configuration folder changed; configuration {ConfigVersion} is valid and unchanged for planning (templates or formatting only)")]
    public static partial void ConfigUnchanged(this ILogger logger, string configVersion);

    [LoggerMessage(4012, LogLevel.Error, "Configuration change rejected: {ProblemCount} problem(s); configuration {ConfigVersion} stays in force and readiness reports degraded until the folder is fixed")]
    public static partial void ConfigRejected(this ILogger logger, int problemCount, string configVersion);

    [LoggerMessage(4013, LogLevel.Error, "Configuration problem at {File}:{Line}:{Column}: {Problem}")]
    public static partial void ConfigProblem(this ILogger logger, string file, int line, int column, string problem);

    [LoggerMessage(4014, LogLevel.Error, "Reading the configuration folder failed; the configuration in force stays")]
    public static partial void ConfigReadFailed(this ILogger logger, Exception exception);

    [LoggerMessage(4015, LogLevel.Warning, "Template warning: {Where}: {Warning} (the configuration is in force and the message still goes; estate-scheduler validate lists the same)")]
    public static partial void TemplateWarning(this ILogger logger, string where, string warning);

    /// <summary>
    /// Logs each template warning of <paramref name="snapshot"/> once (event 4015: the file, the line where there is one, and
    /// what is missing; no message text), after the start's or a reload's own line.
    /// </summary>
    public static void TemplateWarnings(this ILogger logger, Reload.ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var warning in snapshot.Warnings)
        {
            logger.TemplateWarning(warning.Location.ToString(), warning.Message);
        }
    }

    [LoggerMessage(4020, LogLevel.Information, "Job {JobKey} ({FireInstanceId}) dispatched the outbox: {Claimed} claimed, {Sent} sent, {Retried} to retry, {Dead} dead, {Superseded} superseded; {Enqueued} enqueued for weekly contractors ({ElapsedMs} ms)")]
    public static partial void DispatchRound(this ILogger logger, string jobKey, string fireInstanceId, int claimed, int sent, int retried, int dead, int superseded, int enqueued, long elapsedMs);

    [LoggerMessage(4025, LogLevel.Warning, "Job {JobKey} ({FireInstanceId}): the mail was not taken: {Reason}; {Retried} message(s) went back untried, no attempt counted, and stay queued; the dispatcher tries again within {MaxPauseMinutes} minutes")]
    public static partial void DispatchNotTaken(this ILogger logger, string jobKey, string fireInstanceId, string reason, int retried, double maxPauseMinutes);

    [LoggerMessage(4028, LogLevel.Warning, "Job {JobKey} ({FireInstanceId}): the letters to post were not written: {Reason}; {Waiting} letter(s) went back untried, no attempt counted, and stay queued; the dispatcher tries again within {MaxPauseMinutes} minutes")]
    public static partial void DispatchLettersWaiting(this ILogger logger, string jobKey, string fireInstanceId, string reason, int waiting, double maxPauseMinutes);

    [LoggerMessage(4026, LogLevel.Warning, "The mail settings (Smtp:*, Mail:*) are not valid now, {ProblemCount} problem(s): {Problems}; dispatch keeps the last valid ones until they are fixed")]
    public static partial void MailSettingsRejected(this ILogger logger, int problemCount, string problems);

    [LoggerMessage(4027, LogLevel.Information, "The mail settings changed: from this dispatch firing on, mail goes to {Via}")]
    public static partial void MailSettingsChanged(this ILogger logger, string via);

    [LoggerMessage(4023, LogLevel.Debug, "Job {JobKey} ({FireInstanceId}) skipped: this node has no mail settings")]
    public static partial void DispatchSkipped(this ILogger logger, string jobKey, string fireInstanceId);

    [LoggerMessage(4024, LogLevel.Warning, "Job {JobKey} ({FireInstanceId}) postponed sending: the templates folder has {ProblemCount} problem(s) (see event 4013); messages wait until it is fixed")]
    public static partial void DispatchPostponed(this ILogger logger, string jobKey, string fireInstanceId, int problemCount);

    [LoggerMessage(4021, LogLevel.Warning, "Job {JobKey} ({FireInstanceId}) could not dispatch the outbox; the next firing tries again")]
    public static partial void DispatchFailed(this ILogger logger, Exception exception, string jobKey, string fireInstanceId);

    [LoggerMessage(4022, LogLevel.Warning, "No mail settings (Smtp:Host or Mail:PickupDirectory, with Smtp:From): this node does not send the outbox; readiness reports the backlog once it is older than Health:OutboxBacklogAge")]
    public static partial void DispatchNotConfigured(this ILogger logger);

    [LoggerMessage(4030, LogLevel.Information, "Job {JobKey} ({FireInstanceId}) wrote the manager digest for {Date} with {SectionCount} section(s) (outbox key {IdempotencyKey})")]
    public static partial void DigestWritten(this ILogger logger, string jobKey, string fireInstanceId, string date, int sectionCount, string idempotencyKey);

    [LoggerMessage(4031, LogLevel.Information, "Job {JobKey} ({FireInstanceId}): the manager digest for {Date} was written already (outbox key {IdempotencyKey}); nothing changed")]
    public static partial void DigestAlreadyWritten(this ILogger logger, string jobKey, string fireInstanceId, string date, string idempotencyKey);

    [LoggerMessage(4032, LogLevel.Information, "Job {JobKey} ({FireInstanceId}): no digest section had anything for {Date} ({SectionCount} asked); no digest written")]
    public static partial void DigestEmpty(this ILogger logger, string jobKey, string fireInstanceId, string date, int sectionCount);

    [LoggerMessage(4033, LogLevel.Warning, "Job {JobKey} ({FireInstanceId}): organisation.digestEmail is not set; no manager digest written for {Date}")]
    public static partial void DigestNoAddress(this ILogger logger, string jobKey, string fireInstanceId, string date);

    [LoggerMessage(4034, LogLevel.Error, "Digest section {Section} failed for {Date}; the digest goes without it")]
    public static partial void DigestSectionFailed(this ILogger logger, Exception exception, string section, string date);

    [LoggerMessage(4035, LogLevel.Error, "Job {JobKey} ({FireInstanceId}) could not write the manager digest for {Date}; it runs again at its next firing (or trigger it by hand)")]
    public static partial void DigestFailed(this ILogger logger, Exception exception, string jobKey, string fireInstanceId, string date);
}
