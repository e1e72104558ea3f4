using System.Diagnostics;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;
using Scheduler.Worker.Outbox;
using static Scheduler.Benchmarks.BenchEnvironment;

namespace Scheduler.Benchmarks.Dispatch;

/// <summary>
/// The dispatcher's composing alone, for the dispatch benchmark's breakdown: the measured rows are put back to pending,
/// then claimed in batches and composed exactly as <see cref="OutboxDispatcher"/> does (orders, contractors, render on
/// every core, <c>.ics</c>, <c>.csv</c>, MIME written to bytes), without sending or recording. Run after the timed
/// runs, so it changes neither.
/// </summary>
internal static class ComposeOnlyPass
{
    public static async Task<(TimeSpan Wall, TimeSpan Cpu, int Composed)> RunAsync(
        NpgsqlDataSource dataSource, EstateConfiguration config, TemplateRenderer renderer, MailSettings mail, Instant now, int batch)
    {
        await using (var reset = dataSource.CreateCommand("UPDATE outbox_messages SET status = 'pending', lease_until = NULL, attempts = 0, sent_at = NULL, next_attempt_at = @now"))
        {
            reset.Parameters.AddWithValue("now", now);
            await reset.ExecuteNonQueryAsync();
        }

        var store = new OutboxStore(dataSource);
        var builder = new MessageBuilder(mail.From);
        var composer = new OutboxComposer(
            renderer,
            builder,
            new OrderCalendar(MessageIds.DefaultDomain, config.Organisation, mail.From.Address, appointment => renderer.SlotWords(appointment)),
            config,
            new TenantLetterComposer(renderer, builder, config, canPrint: false));
        var composed = 0;
        var cpu = ProcessCpu();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var claimed = await store.ClaimAsync(batch, now, Duration.FromMinutes(5));
            if (claimed.Count == 0)
            {
                break;
            }

            var orderIds = claimed.SelectMany(c => c.WorkOrderIds).Distinct().ToList();
            var loaded = await store.LoadOrdersAsync(orderIds);
            var wanted = orderIds.ToHashSet();
            var orders = loaded.Where(o => wanted.Contains(o.Id)).ToDictionary(o => o.Id);
            var followUps = loaded.Where(o => o.ParentId is { } parent && wanted.Contains(parent)).ToLookup(o => o.ParentId!.Value);
            var contractors = await store.LoadContractorsAsync([.. claimed.Select(c => c.RecipientId).Distinct(StringComparer.Ordinal)]);
            var today = now.InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
            var letters = await TenantLetterData.LoadAsync(
                store, claimed, today, Scheduler.Worker.Letters.LetterBatchDocument.PostingDay(today, Scheduler.Domain.WorkingDays.BankHolidayCatalog.Snapshot.Calendar(config.Organisation.BankHolidays)), CancellationToken.None);
            Parallel.For(
                0,
                claimed.Count,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => composer.Compose(claimed[i], orders, followUps, contractors, letters, CancellationToken.None).Message?.Serialize());
            composed += claimed.Count;
        }

        watch.Stop();
        return (watch.Elapsed, ProcessCpu() - cpu, composed);
    }
}
