using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Hosting.Settings;
using Scheduler.Worker.Letters;
using Scheduler.Worker.Outbox;

namespace Scheduler.Worker.Hosting.Health;

/// <summary>
/// The outbox part of readiness. Unhealthy when more than <c>Health:MaxOutboxBacklog</c> messages have waited longer
/// than <c>Health:OutboxBacklogAge</c> (mail is not going out; a message written ahead of its time waits from its
/// release, and until then is scheduled, not backlog: the description gives the first release); Degraded when more than <c>Health:MaxDeadLetters</c>
/// messages are dead (a person must look); otherwise Healthy. The description gives the counts; an unreachable
/// database is the <c>database</c> check's business, so here it only says the counts are unknown (Degraded). While this
/// node's dispatcher finds the mail server unreachable (<see cref="OutageBackoff"/>), the description says so and since
/// when, whatever the status: the backlog alone does not say why mail is not going out. Likewise while its dispatcher
/// finds the letter batch folder unwritable (the keyed <see cref="OutboxDispatcher.LetterOutage"/>): the folder and its
/// reason, since when, and how many letters to post wait for it; those letters are not backlog (they are due again at
/// the pause's end), so an outage of the folder longer than <c>Health:OutboxBacklogAge</c> is Degraded of itself (the
/// mail goes on; a person must mend the folder). Before session 29 readiness said nothing of the letter folder.
/// </summary>
internal sealed class OutboxHealthCheck(
    NpgsqlDataSource dataSource,
    IClock clock,
    IOptions<HealthOptions> options,
    OutageBackoff? outage = null,
    [FromKeyedServices(OutboxDispatcher.LetterOutageKey)] OutageBackoff? letterOutage = null) : IHealthCheck
{
    /// <summary>
    /// How the readiness description names a mail server outage, followed by when it began: what an operator's alerting,
    /// and the <c>smtp-down</c> drill, look for.
    /// </summary>
    public const string MailOutagePhrase = "the mail server has not taken mail since";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.DatabaseTimeout);
        OutboxAttention outbox;
        var now = clock.GetCurrentInstant();
        var lettersSince = letterOutage?.UnreachableSince;
        long lettersWaiting = 0;
        try
        {
            outbox = await OutboxAttention.ReadAsync(dataSource, now, now - Duration.FromTimeSpan(settings.OutboxBacklogAge), 0, timeout.Token).ConfigureAwait(false);
            if (lettersSince is not null)
            {
                // A letter put back for the folder is due again at most one pause (MaxDelay) after it was put back.
                lettersWaiting = await new OutboxStore(dataSource).CountLettersWaitingAsync(LetterBatchWriter.FolderMarker, now + letterOutage!.MaxDelay, timeout.Token).ConfigureAwait(false);
            }
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

        // Each outage found goes before the counts: the mail server's first (prefixed last), then the letter folder's.
        if (lettersSince is { } folderSince)
        {
            data["letterFolderUnwritableSince"] = InstantPattern.General.Format(folderSince);
            data["lettersWaiting"] = lettersWaiting;
            counts = string.Create(
                CultureInfo.InvariantCulture,
                $"the letters to post have not been written since {InstantPattern.General.Format(folderSince)} ({(letterOutage!.Reason is { } reason ? $"{reason.TrimEnd('.')}; " : string.Empty)}{lettersWaiting} letter(s) wait for the folder, no attempt counted; the dispatcher tries it again at least every {letterOutage.MaxDelay.TotalMinutes:0} minutes and writes them once it can); {counts}");
        }

        if (outage?.UnreachableSince is { } since)
        {
            data["mailServerUnreachableSince"] = InstantPattern.General.Format(since);
            counts = string.Create(
                CultureInfo.InvariantCulture,
                $"{MailOutagePhrase} {InstantPattern.General.Format(since)} ({(outage.Reason is { } reason ? $"{reason.TrimEnd('.')}; " : string.Empty)}the dispatcher tries it again at least every {outage.MaxDelay.TotalMinutes:0} minutes and sends the backlog once it does; 'estate-scheduler outbox list --status pending' shows the error); {counts}");
        }

        if (outbox.StaleBacklog > settings.MaxOutboxBacklog)
        {
            return HealthCheckResult.Unhealthy($"mail is not going out: {counts}", data: data);
        }

        if (outbox.Dead > settings.MaxDeadLetters)
        {
            return HealthCheckResult.Degraded($"dead messages need a person ('estate-scheduler outbox list --status dead'): {counts}", data: data);
        }

        return lettersSince is { } unwritableSince && now - unwritableSince > Duration.FromTimeSpan(settings.OutboxBacklogAge)
            ? HealthCheckResult.Degraded($"letters to post are not going out (fix Mail:LetterBatchDirectory): {counts}", data: data)
            : HealthCheckResult.Healthy(counts, data);
    }
}
