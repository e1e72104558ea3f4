using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Scheduler.Worker.Hosting.Settings;

namespace Scheduler.Worker.Hosting.Health;

/// <summary>Ready only when the estate database answers a query within <c>Health:DatabaseTimeout</c>.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DatabaseTimeout);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy("the estate database answers");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the estate database did not answer within {options.Value.DatabaseTimeout:c}");
        }
        catch (NpgsqlException e)
        {
            return HealthCheckResult.Unhealthy($"the estate database cannot be reached: {e.Message}");
        }
    }
}
