using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Scheduler.Persistence;
using Scheduler.Worker.Hosting.Jobs;
using Scheduler.Worker.Hosting.Settings;

namespace Scheduler.Worker.Hosting;

/// <summary>All of the worker's Quartz wiring, in one place.</summary>
internal static class QuartzRegistration
{
    /// <summary>
    /// Adds the scheduler, its job store, the jobs and their triggers, and the hosted service that starts it and, on
    /// stop, waits for running jobs (bounded by the host's <c>ShutdownTimeout</c>).
    /// <list type="bullet">
    /// <item><c>Postgres</c>: the ADO job store in the estate database (tables <c>qrtz_*</c>, created by the
    /// <c>QuartzSchema</c> migration and validated at start), clustered: every node uses <c>Scheduler:InstanceName</c>
    /// with a generated instance id, and each firing runs on exactly one node. Job data are stored as strings (JSON
    /// serializer), so put only ids in them.</item>
    /// <item><c>Memory</c>: the in-memory store, one node only.</item>
    /// </list>
    /// Jobs (all <c>[DisallowConcurrentExecution]</c>, in group <c>estate</c>; see docs/operations.md):
    /// <list type="bullet">
    /// <item><see cref="GenerateWorkOrdersJob"/>: nightly (<c>Scheduler:GenerateCron</c>, catches up once after downtime),
    /// at start, after a config change, retries. Requests recovery: if its node dies mid-run, another node runs it again.</item>
    /// <item><see cref="DispatchOutboxJob"/>: <c>Scheduler:DispatchCron</c> (every minute); a missed firing is skipped, the
    /// next drains. A node without mail settings skips its firings.</item>
    /// <item><see cref="ManagerDigestJob"/>: daily at <c>Scheduler:DigestCron</c> (07:00 London), once after downtime.</item>
    /// <item><see cref="RegisterWatchJob"/>: <c>Scheduler:RegisterCheckCron</c> (every 5 minutes); runs generate when the
    /// register changed since the last apply. A missed firing is skipped.</item>
    /// </list>
    /// </summary>
    public static IServiceCollection AddEstateQuartz(this IServiceCollection services, SchedulerOptions options, string connectionString, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = options.InstanceName;
                s.DefaultTimeZone = GenerateSchedule.London;
            });
            if (time is not null)
            {
                q.UseTimeProvider(time);
            }

            if (options.JobStore == JobStoreKind.Postgres)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = options.CheckinInterval;
                        c.CheckinMisfireThreshold = options.CheckinMisfireThreshold;
                    });
                    store.UseSystemTextJsonSerializer();
                    store.ConfigureStore(o =>
                    {
                        o.TablePrefix = QuartzSchema.TablePrefix;
                        o.StoreJobDataAsStrings = true;
                        o.SchemaProvisioning = SchemaProvisioning.Validate;
                    });
                });
            }
            else
            {
                q.UseInMemoryStore();
            }

            q.AddJob<GenerateWorkOrdersJob>(j => j.WithIdentity(GenerateWorkOrdersJob.Key).StoreDurably().RequestRecovery().WithDescription("Generate work orders over the horizon"));
            q.AddJob<DispatchOutboxJob>(j => j.WithIdentity(DispatchOutboxJob.Key).StoreDurably().WithDescription("Send the outbox"));
            q.AddJob<ManagerDigestJob>(j => j.WithIdentity(ManagerDigestJob.Key).StoreDurably().RequestRecovery().WithDescription("Write the daily manager digest"));
            q.AddJob<RegisterWatchJob>(j => j.WithIdentity(RegisterWatchJob.Key).StoreDurably().WithDescription("Run generate after a register import"));
            if (options.GenerateAtStartup)
            {
                q.AddTrigger(t => t.ForJob(GenerateWorkOrdersJob.Key).WithIdentity(GenerateSchedule.AtStartup)
                    .WithDescription("Generate work orders once as this node starts")
                    .StartNow().WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)));
            }
        });

        // The recurring triggers are stored by CronScheduleKeeper (before the scheduler starts), not declared above:
        // a declared trigger replaces the stored one at every start and forgets the firings missed while down.
        services.AddSingleton(new CronSchedule(
            GenerateSchedule.Nightly, GenerateWorkOrdersJob.Key, options.GenerateCron, CronTriggerMisfireInstruction.FireAndProceed, "Generate work orders over the horizon, nightly"));
        services.AddSingleton(new CronSchedule(
            DispatchOutboxJob.Trigger, DispatchOutboxJob.Key, options.DispatchCron, CronTriggerMisfireInstruction.DoNothing, "Send the outbox, every minute"));
        services.AddSingleton(new CronSchedule(
            ManagerDigestJob.Trigger, ManagerDigestJob.Key, options.DigestCron, CronTriggerMisfireInstruction.FireAndProceed, "Write the manager digest, daily"));
        services.AddSingleton(new CronSchedule(
            RegisterWatchJob.Trigger, RegisterWatchJob.Key, options.RegisterCheckCron, CronTriggerMisfireInstruction.DoNothing, "Run generate after a register import"));
        services.AddHostedService<CronScheduleKeeper>();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
