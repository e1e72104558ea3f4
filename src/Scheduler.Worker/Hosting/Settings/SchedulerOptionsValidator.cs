using Microsoft.Extensions.Options;
using Quartz;

namespace Scheduler.Worker.Hosting.Settings;

/// <summary>Checks <see cref="SchedulerOptions"/> and reports every failure, each by name and value.</summary>
internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Fail(string setting, object? value, string why) => failures.Add(SettingFailure.Of(SchedulerOptions.Section, setting, value, why));

        if (options.JobStore is not (JobStoreKind.Postgres or JobStoreKind.Memory))
        {
            Fail(nameof(options.JobStore), options.JobStore, "use Postgres (clustered, the default) or Memory (one node only)");
        }

        if (string.IsNullOrWhiteSpace(options.InstanceName))
        {
            Fail(nameof(options.InstanceName), options.InstanceName, "give the cluster a name, e.g. estate-scheduler (the same on every node)");
        }

        if (!CronExpression.TryParse(options.GenerateCron, out _))
        {
            Fail(nameof(options.GenerateCron), options.GenerateCron, "not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. 0 30 2 * * ?");
        }

        if (!CronExpression.TryParse(options.DispatchCron, out _))
        {
            Fail(nameof(options.DispatchCron), options.DispatchCron, "not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. 0 * * * * ? (every minute)");
        }

        if (!CronExpression.TryParse(options.RegisterCheckCron, out _))
        {
            Fail(nameof(options.RegisterCheckCron), options.RegisterCheckCron, "not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. 0 */5 * * * ? (every 5 minutes)");
        }

        if (!CronExpression.TryParse(options.DigestCron, out _))
        {
            Fail(nameof(options.DigestCron), options.DigestCron, "not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. 0 0 7 * * ? (07:00 London)");
        }

        if (options.DispatchBatchSize < 1)
        {
            Fail(nameof(options.DispatchBatchSize), options.DispatchBatchSize, "must be 1 or more, e.g. 200");
        }

        Positive(nameof(options.ShutdownTimeout), options.ShutdownTimeout, failures);
        Positive(nameof(options.CheckinInterval), options.CheckinInterval, failures);
        Positive(nameof(options.CheckinMisfireThreshold), options.CheckinMisfireThreshold, failures);
        Positive(nameof(options.ReloadDelay), options.ReloadDelay, failures);
        Positive(nameof(options.RetryDelay), options.RetryDelay, failures);
        Positive(nameof(options.MaxRetryDelay), options.MaxRetryDelay, failures);
        if (options.MaxRetryDelay < options.RetryDelay)
        {
            Fail(nameof(options.MaxRetryDelay), options.MaxRetryDelay, $"must be at least {nameof(options.RetryDelay)} ({options.RetryDelay:c})");
        }

        if (string.IsNullOrWhiteSpace(options.TemplatesDirectory))
        {
            Fail(nameof(options.TemplatesDirectory), options.TemplatesDirectory, "name the email templates folder, e.g. templates");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(string setting, TimeSpan value, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add(SettingFailure.Of(SchedulerOptions.Section, setting, value, "must be longer than zero, written hh:mm:ss, e.g. 00:05:00"));
        }
    }
}
