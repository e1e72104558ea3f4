using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Hosting.Settings;

namespace Scheduler.Worker.Hosting.Health;

/// <summary>
/// The outbox part of readiness. Unhealthy when more than <c>Health:MaxOutboxBacklog</c> messages have waited longer
/// than <c>Health:OutboxBacklogAge</c> (mail is not going out); Degraded when more than <c>Health:MaxDeadLetters</c>
/// messages are dead (a person must look); otherwise Healthy. The description gives the counts; an unreachable
/// database is the <c>database</c> check's business, so here it only says the counts are unknown (Degraded).
/// </summary>
internal sealed class OutboxHealthCheck(NpgsqlDataSource dataSource, IClock clock, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.DatabaseTimeout);
        OutboxAttention outbox;
        try
        {
            outbox = await OutboxAttention.ReadAsync(dataSource, clock.GetCurrentInstant() - Duration.FromTimeSpan(settings.OutboxBacklogAge), 0, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Degraded("the outbox could not be counted (see the database check)");
        }

        var data = new Dictionary<string, object>
        {
            ["backlog"] = outbox.Backlog,
            ["staleBacklog"] = outbox.StaleBacklog,
            ["dead"] = outbox.Dead,
        };
        var counts = string.Create(
            CultureInfo.InvariantCulture,
            $"{outbox.Backlog} waiting, {outbox.StaleBacklog} of them longer than {settings.OutboxBacklogAge:c} (most allowed {settings.MaxOutboxBacklog}); {outbox.Dead} dead (most allowed {settings.MaxDeadLetters})");
        if (outbox.StaleBacklog > settings.MaxOutboxBacklog)
        {
            return HealthCheckResult.Unhealthy($"mail is not going out: {counts}", data: data);
        }

        return outbox.Dead > settings.MaxDeadLetters
            ? HealthCheckResult.Degraded($"dead messages need a person ('estate-scheduler outbox list --status dead'): {counts}", data: data)
            : HealthCheckResult.Healthy(counts, data);
    }
}
