using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scheduler.Worker.Hosting.Reload;

namespace Scheduler.Worker.Hosting.Health;

/// <summary>
/// Healthy while the config folder as it is now is in force; degraded after a change was rejected (the last good
/// configuration still runs) until the folder is fixed.
/// </summary>
internal sealed class ConfigurationHealthCheck(LiveConfiguration configuration) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var version = configuration.Configuration.Version;
        var problems = configuration.Problems;
        var data = new Dictionary<string, object> { ["version"] = version, ["problems"] = problems.Count };
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"configuration {version} is in force", data)
            : HealthCheckResult.Degraded(
                $"the config folder has {problems.Count} problem(s) (the first: {problems[0]}); configuration {version} stays in force until it is fixed",
                data: data));
    }
}
