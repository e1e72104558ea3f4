using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Scheduler.Worker.Hosting.Health;

/// <summary>
/// <c>/health/live</c> (the process answers: restart it when this fails) and <c>/health/ready</c> (database reachable,
/// configuration valid, scheduler running, outbox backlog and dead letters under their thresholds). Both answer JSON: the overall status and each check's status,
/// description and figures (<c>data</c>). HTTP 200 for Healthy and Degraded, 503 for Unhealthy.
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>The tag of the checks that make up readiness; a check joins readiness by carrying it.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The liveness path.</summary>
    public const string LivePath = "/health/live";

    /// <summary>The readiness path.</summary>
    public const string ReadyPath = "/health/ready";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Registers the readiness checks. Returns the builder so a later feature can add its own with <see cref="ReadyTag"/>.</summary>
    public static IHealthChecksBuilder AddEstateHealthChecks(this IServiceCollection services)
    {
        var builder = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<ConfigurationHealthCheck>("configuration", tags: [ReadyTag])
            .AddCheck<OutboxHealthCheck>("outbox", tags: [ReadyTag]);
        builder.AddQuartz(o =>
        {
            o.Name = "scheduler";
            o.Tags.Add(ReadyTag);
        });
        return builder;
    }

    /// <summary>Maps the two endpoints.</summary>
    public static IEndpointRouteBuilder MapEstateHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                // Each check's figures (the outbox's counts, since when the mail server or the letter folder failed, the
                // configuration's version) for monitoring that reads numbers, not sentences; {} when a check has none.
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }
}
