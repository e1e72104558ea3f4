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

    [LoggerMessage(4001, LogLevel.Information, "Job {JobKey} fired by {TriggerKey} ({FireInstanceId}): generating work orders as of {AsOf} with config {ConfigVersion}")]
    public static partial void GenerationStarted(this ILogger logger, string jobKey, string triggerKey, string fireInstanceId, string asOf, string configVersion);

    [LoggerMessage(4002, LogLevel.Information, "Job {JobKey} ({FireInstanceId}) applied the plan as of {AsOf}: {Created} created, {Cancelled} cancelled, {Unchanged} unchanged (config {ConfigVersion}, {ElapsedMs} ms)")]
    public static partial void GenerationApplied(this ILogger logger, string jobKey, string fireInstanceId, string asOf, int created, int cancelled, int unchanged, string configVersion, long elapsedMs);

    [LoggerMessage(4003, LogLevel.Debug, "Work order {WorkOrderRef} cancelled by job {JobKey} ({FireInstanceId})")]
    public static partial void OrderCancelled(this ILogger logger, string workOrderRef, string jobKey, string fireInstanceId);

    [LoggerMessage(4004, LogLevel.Warning, "Job {JobKey} ({FireInstanceId}) failed (attempt {Attempt}); nothing was applied; retrying at {RetryAt} with trigger {RetryTriggerKey}")]
    public static partial void GenerationFailed(this ILogger logger, Exception exception, string jobKey, string fireInstanceId, int attempt, DateTimeOffset retryAt, string retryTriggerKey);

    [LoggerMessage(4005, LogLevel.Warning, "Job {JobKey} ({FireInstanceId}) was cancelled (the worker is stopping); its transaction rolled back, nothing was applied")]
    public static partial void GenerationCancelled(this ILogger logger, string jobKey, string fireInstanceId);

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
}
