using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Hosting.Settings;
using Scheduler.Worker.Outbox;

namespace Scheduler.Worker.Hosting.Health;

/// <summary>
/// The outbox part of readiness. Unhealthy when more than <c>Health:MaxOutboxBacklog</c> messages have waited longer
/// than <c>Health:OutboxBacklogAge</c> (mail is not going out; a message written ahead of its time waits from its
/// release, and until then is scheduled, not backlog: the description gives the first release); Degraded when more than <c>Health:MaxDeadLetters</c>
/// messages are dead (a person must look); otherwise Healthy. The description gives the counts; an unreachable
/// database is the <c>database</c> check's business, so here it only says the counts are unknown (Degraded). While this
/// node's dispatcher finds the mail server unreachable (<see cref="OutageBackoff"/>), the description says so and since
/// when, whatever the status: the backlog alone does not say why mail is not going out.
/// </summary>
internal sealed class OutboxHealthCheck(NpgsqlDataSource dataSource, IClock clock, IOptions<HealthOptions> options, OutageBackoff? outage = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.DatabaseTimeout);
        OutboxAttention outbox;
        try
        {
            var now = clock.GetCurrentInstant();
            outbox = await OutboxAttention.ReadAsync(dataSource, now, now - Duration.FromTimeSpan(settings.OutboxBacklogAge), 0, timeout.Token).ConfigureAwait(false);
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
        if (outbox.NextRelease is { } next)
        {
            data["nextRelease"] = InstantPattern.General.Format(next);
        }

        var counts = string.Create(
            CultureInfo.InvariantCulture,
            $"{outbox.Backlog} waiting, {outbox.StaleBacklog} of them longer than {settings.OutboxBacklogAge:c} (most allowed {settings.MaxOutboxBacklog}); {outbox.Dead} dead (most allowed {settings.MaxDeadLetters}){(outbox.NextRelease is { } first ? $"; messages scheduled for later are not backlog (the first due {InstantPattern.General.Format(first)})" : string.Empty)}");
        if (outage?.UnreachableSince is { } since)
        {
            data["mailServerUnreachableSince"] = InstantPattern.General.Format(since);
            counts = string.Create(
                CultureInfo.InvariantCulture,
                $"the mail server has not taken mail since {InstantPattern.General.Format(since)} ({(outage.Reason is { } reason ? $"{reason.TrimEnd('.')}; " : string.Empty)}the dispatcher tries it again at least every {outage.MaxDelay.TotalMinutes:0} minutes and sends the backlog once it does; 'estate-scheduler outbox list --status pending' shows the error); {counts}");
        }

        if (outbox.StaleBacklog > settings.MaxOutboxBacklog)
        {
            return HealthCheckResult.Unhealthy($"mail is not going out: {counts}", data: data);
        }

        return outbox.Dead > settings.MaxDeadLetters
            ? HealthCheckResult.Degraded($"dead messages need a person ('estate-scheduler outbox list --status dead'): {counts}", data: data)
            : HealthCheckResult.Healthy(counts, data);
    }
}
