using System.Net;
using System.Net.Sockets;
using MimeKit;
using NodaTime;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Commands;
using Scheduler.Worker.Email;
using Scheduler.Worker.Outbox;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Outbox;

public sealed class OutboxDispatcherTests : OutboxTestBase
{
    [Fact]
    public async Task Dispatch_AppliedOrders_EveryMessageArrivesOnceWithItsMessageIdIcsAndCsv()
    {
        var (apply, _) = await ApplyAsync(PerOrderConfig());
        await using var server = TestSmtpServer.Start();

        var summary = await Dispatcher(PerOrderConfig(), Smtp(server.Port)).DispatchDueAsync(500);

        var rows = await OutboxRowsAsync("message_id, idempotency_key");
        Assert.Equal(apply.CreatedReferences.Count, rows.Count);
        Assert.Equal(rows.Count, summary.Sent);
        Assert.Equal(1, server.Connections);
        var received = server.Messages.ToList();
        Assert.Equal(rows.Select(r => r.Split('|')[0]).Order(StringComparer.Ordinal), received.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        foreach (var message in received)
        {
            var reference = message.MessageId!.Split('/')[1];
            Assert.Equal($"order/{reference}/0@estate-scheduler", message.MessageId);
            var ics = IcsOf(message);
            Assert.Contains("METHOD:REQUEST", ics, StringComparison.Ordinal);
            Assert.Contains($"UID:{reference}@estate-scheduler", ics, StringComparison.Ordinal);
            Assert.Contains("SEQUENCE:0", ics, StringComparison.Ordinal);
            var csv = CsvOf(message).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, csv.Length);
            Assert.StartsWith(reference + ",", csv[1], StringComparison.Ordinal);
            Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        }

        Assert.Equal(0, await CountAsync("status <> 'sent' OR sent_at IS NULL OR attempts <> 1 OR lease_until IS NOT NULL"));
        Assert.Equal(rows.Count, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE status = 'issued'"));
        Assert.Equal(rows.Count, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_order_events WHERE kind = 'issued' AND from_status = 'planned'"));
    }

    /// <summary>
    /// A run that issues a tenth of <c>work_order_events</c> or more (a landlord's first, which writes them all) analyzes
    /// it, so the statements that read it next do not plan blind: the <c>first-run</c> drill found night 2's dispatch
    /// reading the defect notes from an events table never analyzed (docs/reliability.md). A run that issues nothing, or
    /// less than a tenth, leaves it to autovacuum. <c>analyze_count</c> counts manual ANALYZEs only (autovacuum's are
    /// <c>autoanalyze_count</c>).
    /// </summary>
    [Fact]
    public async Task Dispatch_FirstRunIssuesTheEvents_AnalyzesThem_SmallerRunsDoNot()
    {
        await ApplyAsync(PerOrderConfig());
        await using var server = TestSmtpServer.Start();
        const string Analyzed = "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'work_order_events'";
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>(Analyzed));
        var dispatcher = Dispatcher(PerOrderConfig(), Smtp(server.Port));

        var first = await dispatcher.DispatchDueAsync(500);

        var events = await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_order_events");
        Assert.True(first.Sent > 0);
        Assert.Equal(first.Sent, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_order_events WHERE kind = 'issued'"));
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>(Analyzed));
        Assert.Equal(events, await Database.DataSource.ScalarAsync<long>("SELECT reltuples::bigint FROM pg_class WHERE relname = 'work_order_events'"));

        Assert.Equal(0, (await dispatcher.DispatchDueAsync(500)).Sent);
        var store = new Scheduler.Persistence.Outbox.OutboxStore(Database.DataSource);
        Assert.False(await store.AnalyzeEventsIfEnoughAsync(events / 10 - 1));
        Assert.Equal(1, await Database.DataSource.ScalarAsync<long>(Analyzed));
        Assert.True(await store.AnalyzeEventsIfEnoughAsync(events / 5));
        Assert.Equal(2, await Database.DataSource.ScalarAsync<long>(Analyzed));
    }

    [Fact]
    public async Task Dispatch_Twice_SendsNothingTheSecondTime()
    {
        await ApplyAsync(PerOrderConfig());
        await using var server = TestSmtpServer.Start();
        var dispatcher = Dispatcher(PerOrderConfig(), Smtp(server.Port));
        var first = await dispatcher.DispatchDueAsync(500);

        var second = await dispatcher.DispatchDueAsync(500);

        Assert.True(first.Sent > 0);
        Assert.Equal(DispatchSummaryOf(0), second);
        Assert.Equal(first.Sent, server.Messages.Count);
    }

    [Fact]
    public async Task Dispatch_TwoDispatchersAtOnce_ClaimDisjointBatchesAndSendEachMessageOnce()
    {
        await ApplyAsync(PerOrderConfig());
        await using var server = TestSmtpServer.Start();
        var total = await CountAsync("true");

        var both = await Task.WhenAll(
            Task.Run(() => Dispatcher(PerOrderConfig(), Smtp(server.Port), seed: 1).DispatchDueAsync(3)),
            Task.Run(() => Dispatcher(PerOrderConfig(), Smtp(server.Port), seed: 2).DispatchDueAsync(3)));

        Assert.Equal(total, both.Sum(s => s.Claimed));
        Assert.Equal(total, both.Sum(s => s.Sent));
        Assert.Equal(total, server.Messages.Count);
        Assert.Equal(total, server.Messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(total, await CountAsync("status = 'sent' AND attempts = 1"));
    }

    [Fact]
    public async Task Dispatch_Server451_RetriedLaterWithGrowingBackoffThenSent()
    {
        await ApplyAsync(PerOrderConfig(gasEmail: TestSmtpServer.Deferred));
        await using var server = TestSmtpServer.Start();
        var dispatcher = Dispatcher(PerOrderConfig(), Smtp(server.Port));
        var deferred = await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE contractor_id = 'warmfix'");
        Assert.True(deferred > 0);
        var start = Clock.GetCurrentInstant();

        var first = await dispatcher.DispatchDueAsync(500);
        var notYet = await dispatcher.DispatchDueAsync(500);
        Clock.Advance(Duration.FromSeconds(61));
        var second = await dispatcher.DispatchDueAsync(500);

        Assert.Equal(deferred, first.Retried);
        Assert.Equal(0, notYet.Claimed);
        Assert.Equal(deferred, second.Retried);
        var waits = await OutboxRowsAsync(
            "attempts, extract(epoch FROM next_attempt_at - @start)::int >= 61 + 60 AND extract(epoch FROM next_attempt_at - @start) <= 61 + 120, last_error LIKE '451 %'".Replace("@start", $"'{start}'::timestamptz", StringComparison.Ordinal),
            "recipient_id = 'warmfix'");
        Assert.All(waits, w => Assert.Equal("2|True|True", w));

        await Database.DataSource.ExecuteAsync("UPDATE contractors SET email = 'jobs@warmfix.example' WHERE id = 'warmfix'");
        Clock.Advance(Duration.FromMinutes(2));
        var third = await dispatcher.DispatchDueAsync(500);

        Assert.Equal(deferred, third.Sent);
        Assert.Equal(deferred, await CountAsync("recipient_id = 'warmfix' AND status = 'sent' AND attempts = 3"));
        Assert.Equal(server.Messages.Count, server.Messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Dispatch_Server550_DeadWithTheReply_AndOutboxRetryRevivesIt()
    {
        await ApplyAsync(PerOrderConfig(gasEmail: TestSmtpServer.Rejected));
        await using var server = TestSmtpServer.Start();
        var dispatcher = Dispatcher(PerOrderConfig(), Smtp(server.Port));

        var first = await dispatcher.DispatchDueAsync(500);

        var dead = await OutboxRowsAsync("id, attempts, last_error LIKE '550 %'", "status = 'dead'");
        Assert.Equal(first.Dead, dead.Count);
        Assert.NotEmpty(dead);
        Assert.All(dead, d => Assert.EndsWith("|1|True", d, StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync("status = 'dead' AND recipient_id <> 'warmfix'"));

        await Database.DataSource.ExecuteAsync("UPDATE contractors SET email = 'jobs@warmfix.example' WHERE id = 'warmfix'");
        var id = dead[0].Split('|')[0];
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await OutboxCommand.RunAsync(new OutboxCommand.Options("retry", long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), null, 0), Database.ConnectionString, Clock, output, error, default);
        var again = await dispatcher.DispatchDueAsync(500);

        Assert.Equal(0, exit);
        Assert.Equal($"Message {id} is pending again; the next dispatch sends it.{Environment.NewLine}", output.ToString());
        Assert.Equal(1, again.Sent);
        Assert.Equal(["sent|1"], await OutboxRowsAsync("status, attempts", $"id = {id}"));
        Assert.Contains(server.Messages, m => m.To.Mailboxes.Single().Address == "jobs@warmfix.example");
    }

    [Fact]
    public async Task Dispatch_ServerDown_EveryMessageBackUntriedNoAttemptCountedNothingLost_ThenAllSent()
    {
        await ApplyAsync(PerOrderConfig());
        var total = await CountAsync("true");
        var down = await Dispatcher(PerOrderConfig(), Smtp(UnusedPort())).DispatchDueAsync(500);

        Assert.Equal(total, down.Retried);
        var errors = await OutboxRowsAsync("status, attempts, last_error LIKE 'Cannot connect to the SMTP server 127.0.0.1:%'");
        Assert.Equal(["pending|0|True"], errors.Distinct());

        await using var server = TestSmtpServer.Start();
        Clock.Advance(Duration.FromMinutes(1));
        var up = await Dispatcher(PerOrderConfig(), Smtp(server.Port)).DispatchDueAsync(500);

        Assert.Equal(total, up.Sent);
        Assert.Equal(total, server.Messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(total, await CountAsync("status = 'sent' AND attempts = 1"));
    }

    [Fact]
    public async Task Dispatch_NoSmtpHost_WritesEachMessageToThePickupFolder()
    {
        await ApplyAsync(PerOrderConfig());
        var folder = Path.Combine(Path.GetTempPath(), "estate-pickup-" + Guid.NewGuid().ToString("N"));
        try
        {
            var summary = await Dispatcher(PerOrderConfig(), Pickup(folder)).DispatchDueAsync(500);

            var files = Directory.GetFiles(folder, "*.eml");
            Assert.Equal(await CountAsync("true"), files.Length);
            Assert.Equal(files.Length, summary.Sent);
            var ids = files.Select(f => MimeMessage.Load(f).MessageId).Order(StringComparer.Ordinal);
            Assert.Equal((await OutboxRowsAsync("message_id")).Order(StringComparer.Ordinal), ids);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Dispatch_CancelledAfterSending_CancellationCarriesMethodCancelSameUidHigherSequence()
    {
        await ApplyAsync(PerOrderConfig());
        await using var server = TestSmtpServer.Start();
        await Dispatcher(PerOrderConfig(), Smtp(server.Port)).DispatchDueAsync(500);
        var requests = server.Messages.ToDictionary(m => m.MessageId!.Split('/')[1]);

        var withoutFortnightly = PerOrderConfig("v2", [TestEstate.CleanWeekly(), TestEstate.GrassCut(), TestEstate.GasSafety()]);
        var (apply, _) = await ApplyAsync(withoutFortnightly);
        var before = server.Messages.Count;
        var summary = await Dispatcher(withoutFortnightly, Smtp(server.Port)).DispatchDueAsync(500);

        Assert.NotEmpty(apply.CancelledReferences);
        Assert.Equal(apply.CancelledReferences.Count, await CountAsync("kind = 'contractor-cancellation'"));
        Assert.Equal(apply.CancelledReferences.Count, summary.Sent);
        var cancellations = server.Messages.Skip(before).ToList();
        Assert.Equal(apply.CancelledReferences.Order(StringComparer.Ordinal), cancellations.Select(m => m.MessageId!.Split('/')[1]).Order(StringComparer.Ordinal));
        foreach (var message in cancellations)
        {
            var reference = message.MessageId!.Split('/')[1];
            Assert.Equal($"cancel/{reference}/1@estate-scheduler", message.MessageId);
            var ics = IcsOf(message);
            var original = IcsOf(requests[reference]);
            Assert.Contains("METHOD:CANCEL", ics, StringComparison.Ordinal);
            Assert.Contains("STATUS:CANCELLED", ics, StringComparison.Ordinal);
            Assert.Equal(Line(original, "UID:"), Line(ics, "UID:"));
            Assert.True(int.Parse(Line(ics, "SEQUENCE:")[9..], System.Globalization.CultureInfo.InvariantCulture) > int.Parse(Line(original, "SEQUENCE:")[9..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("CANCEL", message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MediaSubtype == "calendar").ContentType.Parameters["method"]);
        }
    }

    [Fact]
    public async Task Dispatch_WeeklyContractorsOnTheirProgrammeDay_OneProgrammePerContractorAndWeek()
    {
        var config = TestEstate.Config();   // cleaner and grounds weekly (programme day Thursday), gas per-order
        await ApplyAsync(config);
        Clock.Reset(Instant.FromUtc(2027, 3, 4, 9, 0));   // Thursday 4 March
        await using var server = TestSmtpServer.Start();
        var dispatcher = Dispatcher(config, Smtp(server.Port));

        await dispatcher.DispatchDueAsync(500);
        Clock.Advance(Duration.FromDays(1));                  // Friday: the same week's programme is not built again
        await dispatcher.DispatchDueAsync(500);

        var expected = await Database.DataSource.RowsAsync(
            """
            SELECT contractor_id, string_agg(id::text, ' ' ORDER BY target_date, reference) FROM work_orders
            WHERE contractor_id IN ('sparkle', 'greenscape') AND target_date BETWEEN '2027-03-08' AND '2027-03-14'
            GROUP BY contractor_id ORDER BY contractor_id
            """);
        Assert.NotEmpty(expected);
        Assert.Equal(
            expected.Select(e => $"programme/{e.Split('|')[0]}/2027-03-08|{e.Split('|')[0]}|{e.Split('|')[1]}|2027-03-08|sent"),
            await OutboxRowsAsync("idempotency_key, recipient_id, array_to_string(work_order_ids, ' '), week_start::text, status", "kind = 'contractor-programme'"));
        foreach (var programme in server.Messages.Where(m => m.MessageId!.StartsWith("programme/", StringComparison.Ordinal)))
        {
            var count = expected.Single(e => programme.MessageId!.StartsWith($"programme/{e.Split('|')[0]}/", StringComparison.Ordinal)).Split('|')[1].Split(' ').Length;
            Assert.Equal(count, IcsOf(programme).Split("BEGIN:VEVENT").Length - 1);
            Assert.Equal(count + 1, CsvOf(programme).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        }

        // Orders of this week that no programme could carry went out as notices of their own; nothing twice.
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>(
            """
            SELECT count(*) FROM work_orders w WHERE w.contractor_id IN ('sparkle', 'greenscape') AND w.target_date <= '2027-03-14'
              AND w.window_end >= '2027-03-04'
              AND (SELECT count(*) FROM outbox_messages o WHERE o.work_order_ids @> ARRAY[w.id]) <> 1
            """));
        Assert.Equal(server.Messages.Count, server.Messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Dispatch_OnlyTheProgrammesDue_TheRunThatWritesThemSendsThem()
    {
        // The weekly programmes are written while the run's first batch is claimed: when nothing else is due, that first
        // claim finds nothing, and the programmes must still go out in the same run, not wait for the next.
        var config = TestEstate.Config();   // cleaner and grounds weekly (programme day Thursday), gas per-order
        await ApplyAsync(config);
        Clock.Reset(Instant.FromUtc(2027, 3, 3, 9, 0));   // Wednesday 3 March: everything due by then is sent
        await using var server = TestSmtpServer.Start();
        var dispatcher = Dispatcher(config, Smtp(server.Port));
        await dispatcher.DispatchDueAsync(500);
        Clock.Advance(Duration.FromDays(1));                  // Thursday 4 March, the programme day
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>(
            $"SELECT count(*) FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= '{Clock.GetCurrentInstant()}'"));
        var before = server.Messages.Count;

        var summary = await dispatcher.DispatchDueAsync(500);

        var programmes = await OutboxRowsAsync("idempotency_key, status", "kind = 'contractor-programme'");
        Assert.NotEmpty(programmes);
        Assert.All(programmes, p => Assert.EndsWith("/2027-03-08|sent", p, StringComparison.Ordinal));
        Assert.True(summary.Enqueued >= programmes.Count, $"the run wrote {summary.Enqueued} messages");
        Assert.Equal(summary.Enqueued, summary.Sent);
        Assert.Equal(summary.Sent, server.Messages.Count - before);
        Assert.Equal(programmes.Count, server.Messages.Skip(before).Count(m => m.MessageId!.StartsWith("programme/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Dispatch_CrashBetweenSendingAndMarkingSent_ResentOnceWithTheSameMessageIdAfterTheLease()
    {
        await ApplyAsync(PerOrderConfig());
        await using var server = TestSmtpServer.Start();
        var total = await CountAsync("true");
        var crashing = Dispatcher(PerOrderConfig(), Smtp(server.Port), new CrashAfterSendingTransport(Smtp(server.Port).CreateTransport()));

        await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.DispatchOnceAsync(500));
        var survivor = Dispatcher(PerOrderConfig(), Smtp(server.Port));
        var whileLeased = await survivor.DispatchDueAsync(500);
        Clock.Advance(DispatchOptions.Default.Lease + Duration.FromSeconds(1));
        var afterLease = await survivor.DispatchDueAsync(500);
        var afterwards = await survivor.DispatchDueAsync(500);

        Assert.Equal(0, whileLeased.Claimed);
        Assert.Equal(total, afterLease.Sent);
        Assert.Equal(0, afterwards.Claimed);
        Assert.Equal(2 * total, server.Messages.Count);
        Assert.All(server.Messages.GroupBy(m => m.MessageId), g => Assert.Equal(2, g.Count()));
        Assert.Equal(total, await CountAsync("status = 'sent'"));
    }

    private static Worker.Outbox.DispatchSummary DispatchSummaryOf(int claimed) => new(claimed, 0, 0, 0, 0, 0);

    private static string Line(string ics, string prefix) =>
        ics.Split("\r\n").Single(l => l.StartsWith(prefix, StringComparison.Ordinal));

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
