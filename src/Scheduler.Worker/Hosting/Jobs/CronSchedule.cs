using Quartz;

namespace Scheduler.Worker.Hosting.Jobs;

/// <summary>
/// A job's recurring trigger as the settings define it: a Quartz cron expression read in Europe/London, and what a
/// misfire does (a firing the scheduler could not make on time, e.g. because every node was down).
/// </summary>
/// <param name="Trigger">The trigger's fixed name.</param>
/// <param name="Job">The job it fires.</param>
/// <param name="Cron">The cron expression (seconds first).</param>
/// <param name="Misfire"><c>FireAndProceed</c>: fire once when back, however many were missed; <c>DoNothing</c>: skip to the next.</param>
/// <param name="Description">What it is for, shown in <c>qrtz_triggers</c>.</param>
internal sealed record CronSchedule(TriggerKey Trigger, JobKey Job, string Cron, CronTriggerMisfireInstruction Misfire, string Description)
{
    /// <summary>The trigger to store.</summary>
    public ITrigger Build() => TriggerBuilder.Create()
        .ForJob(Job)
        .WithIdentity(Trigger)
        .WithDescription(Description)
        .WithCronSchedule(Cron, c => c.InTimeZone(GenerateSchedule.London).WithMisfireInstruction(Misfire))
        .Build();

    /// <summary>True when <paramref name="stored"/> is this schedule (same job, expression, zone and misfire policy).</summary>
    public bool Matches(ITrigger? stored) =>
        stored is ICronTrigger cron
        && cron.JobKey.Equals(Job)
        && string.Equals(cron.CronExpressionString, Cron, StringComparison.Ordinal)
        && string.Equals(cron.TimeZone.Id, GenerateSchedule.London.Id, StringComparison.Ordinal)
        && cron.MisfireInstruction == Misfire;
}
