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
    /// Jobs: <see cref="GenerateWorkOrdersJob"/> (nightly, at start, after a config change, retries). The dispatch and
    /// digest jobs of later issues are added here too (see docs/operations.md).
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

            q.AddJob<GenerateWorkOrdersJob>(j => j.WithIdentity(GenerateWorkOrdersJob.Key).StoreDurably().WithDescription("Generate work orders over the horizon"));
            q.AddTrigger(t => GenerateSchedule.ConfigureNightly(t, options.GenerateCron));
            if (options.GenerateAtStartup)
            {
                q.AddTrigger(t => t.ForJob(GenerateWorkOrdersJob.Key).WithIdentity(GenerateSchedule.AtStartup)
                    .WithDescription("Generate work orders once as this node starts")
                    .StartNow().WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)));
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
