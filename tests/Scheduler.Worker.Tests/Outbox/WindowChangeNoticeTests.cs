using System.Text.Json;
using MimeKit;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Outbox;

/// <summary>
/// The contractor is told when an order it was already sent has its window moved in place (branch <c>prod34</c>): today
/// the one such change is a path sweep whose grass cut is reported done after the sweep's window ended
/// (<c>FollowUpAfterVisitEffect</c>: the sweep is aimed a working day after the cut and its window stays open to then).
/// One changed-window notice per change (a <c>contractor-order</c> row, key <c>order/{reference}/window/{new end}</c>,
/// written in the report's transaction), at a SEQUENCE above the order's earlier messages on the same UID, saying what
/// changed; none for a sweep whose notice has not gone (it goes with the new window) or whose target moved inside the
/// window it was sent with; the same report twice writes nothing more; a weekly contractor whose programme carried the
/// sweep gets it as a message of its own; a sweep reported before its change went makes the change superseded. Real apply,
/// completion recorder, PostgreSQL, dispatcher and SMTP server; the calendar parsed with Ical.Net. S1's cuts: 1 April
/// (window 1-15 April, its sweep 2-16 April aimed at 2 April) and 16 April (16-30 April, its sweep 19 April - 4 May).
/// </summary>
public sealed class WindowChangeNoticeTests : OutboxTestBase
{
    private const string Grounds = "jobs@greenscape.example";

    private const string WindowChanges = "kind = 'contractor-order' AND idempotency_key LIKE 'order/%/window/%'";

    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static readonly LocalDate April20 = new(2027, 4, 20);

    private async Task<List<MimeMessage>> DispatchToGroundsAsync(EstateConfiguration config)
    {
        await using var server = TestSmtpServer.Start();
        await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);
        return [.. server.Messages.Where(m => m.To.Mailboxes.Single().Address == Grounds)];
    }

    /// <summary>The cuts aimed at 1 and 16 April, and their sweeps.</summary>
    private async Task<(string Cut1, string Sweep1, string Cut2, string Sweep2)> AprilOrdersAsync()
    {
        var rows = await Database.DataSource.RowsAsync("""
            SELECT p.reference, f.reference FROM work_orders p JOIN work_orders f ON f.parent_id = p.id AND f.status <> 'cancelled'
            WHERE p.service = 'grass-cut' AND p.status <> 'cancelled' AND p.target_date IN ('2027-04-01', '2027-04-16') ORDER BY p.target_date
            """);
        Assert.Equal(2, rows.Count);
        var first = rows[0].Split('|');
        var second = rows[1].Split('|');
        return (first[0], first[1], second[0], second[1]);
    }

    /// <summary>Both April cuts reported done on Tuesday 20 April (the first after its window, the second inside its own).</summary>
    private async Task<IReadOnlyList<CompletionResult>> ReportCutsDoneAsync(EstateConfiguration config, string cut1, string cut2, bool bulk = true)
    {
        Clock.Reset(April20.At(new LocalTime(17, 0)).InZoneStrictly(London).ToInstant());
        var recorder = CompletionEffects.Recorder(Database.DataSource, config, TestEstate.Calendar, Clock);
        var reports = new[]
        {
            new CompletionReport(cut1, "greenscape", VisitOutcome.Done, April20, CompletionSources.Csv),
            new CompletionReport(cut2, "greenscape", VisitOutcome.Done, April20, CompletionSources.Csv),
        };
        if (bulk)
        {
            return await recorder.RecordManyAsync(reports);
        }

        return [await recorder.RecordAsync(reports[0]), await recorder.RecordAsync(reports[1])];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CutReportedAfterItsSweepsWindow_OneChangedWindowNoticeOnTheSameUidAtAHigherSequence(bool bulk)
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        var (cut1, sweep1, cut2, sweep2) = await AprilOrdersAsync();
        var first = await DispatchToGroundsAsync(config);
        Assert.Contains(first, m => m.Subject!.StartsWith($"Work order {sweep1}: ", StringComparison.Ordinal));

        var results = await ReportCutsDoneAsync(config, cut1, cut2, bulk);
        Assert.All(results, r => Assert.Equal(CompletionStatus.Recorded, r.Status));

        // One row: the sweep whose window's end moved (16 -> 21 April). The second sweep's target moved inside the window it
        // was sent with (19 -> 21 April, window to 4 May): nothing to tell.
        var key = OutboxKeys.WindowChange(sweep1, new LocalDate(2027, 4, 21));
        Assert.Equal($"order/{sweep1}/window/2027-04-21", key);
        Assert.Equal(
            [$"{key}|{key}@estate-scheduler|contractor|greenscape|1|pending"],
            await OutboxRowsAsync("idempotency_key, message_id, recipient_kind, recipient_id, sequence, status", WindowChanges));
        var payload = WindowChangePayload.FromJson(Assert.Single(await OutboxRowsAsync("payload::text", WindowChanges)));
        Assert.Equal(new WindowChangePayload("window", new LocalDate(2027, 4, 21), new LocalDate(2027, 4, 16), new LocalDate(2027, 4, 2)), payload);
        Assert.Equal(0, await CountAsync($"idempotency_key LIKE 'order/{sweep2}/%' AND idempotency_key <> 'order/{sweep2}/0'"));

        var sent = Assert.Single(await DispatchToGroundsAsync(config));
        Assert.Equal($"<{key}@estate-scheduler>", $"<{sent.MessageId}>");
        Assert.StartsWith($"New window for work order {sweep1}: ", sent.Subject, StringComparison.Ordinal);
        Assert.Contains(
            "The window for this work order has changed: it now ends on Wednesday 21 April 2027, not Friday 16 April 2027 as we sent before, and we have aimed it at Wednesday 21 April 2027.",
            sent.TextBody,
            StringComparison.Ordinal);
        Assert.Contains("Window:       Friday 2 April 2027 to Wednesday 21 April 2027 (both days included)", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("Target date:  Wednesday 21 April 2027", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains(
            "<strong>The window for this work order has changed:</strong> it now ends on <strong>Wednesday 21 April 2027</strong>, not Friday 16 April 2027 as we sent before",
            sent.HtmlBody,
            StringComparison.Ordinal);

        var calendar = Ical.Net.Calendar.Load(IcsOf(sent))!;
        Assert.Equal("REQUEST", calendar.Method);
        var ev = Assert.Single(calendar.Events)!;
        Assert.Equal($"{sweep1}@estate-scheduler", ev.Uid);
        Assert.Equal(1, ev.Sequence);
        Assert.Equal(new LocalDate(2027, 4, 2), LocalDate.FromDateTime(ev.DtStart!.Value));
        Assert.Equal(new LocalDate(2027, 4, 22), LocalDate.FromDateTime(ev.DtEnd!.Value)); // exclusive: the 21st included

        var row = CsvOf(sent).Split("\r\n")[1].Split(',');
        Assert.Equal(sweep1, row[0]);
        Assert.Contains("2027-04-02", row);
        Assert.Equal("2027-04-21", row[6]);
        Assert.Equal("2027-04-21", row[7]);
        Assert.Equal("changed", row[8]);
        Assert.Equal("1", row[9]);

        // The same reports again move nothing and write nothing; the next dispatch sends nothing more.
        var again = await ReportCutsDoneAsync(config, cut1, cut2, bulk);
        Assert.All(again, r => Assert.Equal(CompletionStatus.AlreadyRecorded, r.Status));
        Assert.Equal(1, await CountAsync(WindowChanges));
        Assert.Empty(await DispatchToGroundsAsync(config));
    }

    [Fact]
    public async Task SweepsNoticeNotSentYet_NoChangeIsWrittenAndTheNoticeGoesWithTheNewWindow()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        var (cut1, sweep1, cut2, _) = await AprilOrdersAsync();

        Assert.All(await ReportCutsDoneAsync(config, cut1, cut2), r => Assert.Equal(CompletionStatus.Recorded, r.Status));
        Assert.Equal(0, await CountAsync(WindowChanges));

        var notice = Assert.Single(await DispatchToGroundsAsync(config), m => m.Subject!.Contains(sweep1, StringComparison.Ordinal));
        Assert.StartsWith($"Work order {sweep1}: ", notice.Subject, StringComparison.Ordinal);
        Assert.Contains("Window:       Friday 2 April 2027 to Wednesday 21 April 2027 (both days included)", notice.TextBody, StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single(Ical.Net.Calendar.Load(IcsOf(notice))!.Events)!.Sequence);
    }

    [Fact]
    public async Task SweepReportedBeforeItsChangeWent_TheChangeIsSuperseded()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        var (cut1, sweep1, cut2, _) = await AprilOrdersAsync();
        await DispatchToGroundsAsync(config);
        await ReportCutsDoneAsync(config, cut1, cut2);
        Assert.Equal(1, await CountAsync(WindowChanges));

        var recorder = CompletionEffects.Recorder(Database.DataSource, config, TestEstate.Calendar, Clock);
        Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(new CompletionReport(sweep1, "greenscape", VisitOutcome.Done, April20, CompletionSources.Link))).Status);

        Assert.Empty(await DispatchToGroundsAsync(config));
        Assert.Equal(
            ["superseded|not sent: the order was reported before the change went"],
            await OutboxRowsAsync("status, last_error", WindowChanges));
    }

    [Fact]
    public async Task WeeklyContractorWhoseProgrammeCarriedTheSweep_GetsTheChangeAsAMessageOfItsOwn()
    {
        var config = TestEstate.Config(); // greenscape on weekly dispatch, programmes on Thursday
        await ApplyAsync(config);
        var (cut1, sweep1, cut2, _) = await AprilOrdersAsync();

        // Thursday 25 March: the programme of 29 March - 4 April lists the 1 April cut and its sweep (aimed at 2 April).
        Clock.Reset(new LocalDate(2027, 3, 25).At(new LocalTime(9, 0)).InZoneStrictly(London).ToInstant());
        var programme = Assert.Single(await DispatchToGroundsAsync(config), m => m.TextBody!.Contains(sweep1, StringComparison.Ordinal));
        Assert.StartsWith("Your programme for Monday 29 March 2027", programme.Subject, StringComparison.Ordinal);

        await ReportCutsDoneAsync(config, cut1, cut2);
        var key = OutboxKeys.WindowChange(sweep1, new LocalDate(2027, 4, 21));
        Assert.Equal([$"{key}|1"], await OutboxRowsAsync("idempotency_key, sequence", WindowChanges));

        var sent = (await DispatchToGroundsAsync(config)).Where(m => m.TextBody!.Contains(sweep1, StringComparison.Ordinal)).ToList();
        var change = Assert.Single(sent);
        Assert.StartsWith($"New window for work order {sweep1}: ", change.Subject, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(Ical.Net.Calendar.Load(IcsOf(change))!.Events)!.Sequence);
    }

    /// <summary>
    /// Another contractor is not a change in place: the planner cancels each order of the old one (<c>contractor-changed</c>)
    /// and creates it again for the new one, so the old contractor gets a cancellation of every order it was sent and the
    /// new one a notice of each new order (already what happens: this pins it beside the in-place change above).
    /// </summary>
    [Fact]
    public async Task ContractorChanged_TheOldContractorGetsACancellationOfEachOrderAndTheNewOneANotice()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        var sentBefore = await DispatchToGroundsAsync(config);
        var grounds = await Database.DataSource.RowsAsync("SELECT reference FROM work_orders WHERE contractor_id = 'greenscape' ORDER BY reference");
        Assert.Equal(grounds.Count, sentBefore.Count);

        var mowright = TestEstate.Config(
            null,
            [
                TestEstate.Cleaner() with { Dispatch = DispatchMode.PerOrder },
                TestEstate.Grounds("mowright") with { Dispatch = DispatchMode.PerOrder },
                TestEstate.GasEngineer(),
            ],
            "v2");
        await ApplyAsync(mowright);

        Assert.Equal(
            grounds.Select(r => $"cancel/{r}/1|greenscape|1|contractor-changed"),
            await Database.DataSource.RowsAsync("""
                SELECT o.idempotency_key, o.recipient_id, o.sequence, split_part(w.cancelled_reason, ':', 1)
                FROM outbox_messages o JOIN work_orders w ON w.id = ANY(o.work_order_ids)
                WHERE o.kind = 'contractor-cancellation' ORDER BY w.reference
                """));
        var created = await Database.DataSource.RowsAsync("SELECT reference FROM work_orders WHERE contractor_id = 'mowright' AND status = 'planned' ORDER BY reference");
        Assert.Equal(grounds.Count, created.Count);
        Assert.Equal(
            created.Select(r => $"order/{r}/0|mowright|0"),
            await Database.DataSource.RowsAsync("""
                SELECT o.idempotency_key, o.recipient_id, o.sequence FROM outbox_messages o JOIN work_orders w ON w.id = ANY(o.work_order_ids)
                WHERE o.kind = 'contractor-order' AND o.recipient_id = 'mowright' ORDER BY w.reference
                """));

        await using var server = TestSmtpServer.Start();
        await Dispatcher(mowright, Smtp(server.Port)).DispatchDueAsync(500);
        var cancellations = server.Messages.Where(m => m.To.Mailboxes.Single().Address == Grounds).ToList();
        Assert.Equal(grounds.Count, cancellations.Count);
        Assert.All(cancellations, m => Assert.Equal("CANCEL", Ical.Net.Calendar.Load(IcsOf(m))!.Method));
        Assert.Equal(created.Count, server.Messages.Count(m => m.To.Mailboxes.Single().Address == "jobs@mowright.example"));
    }

    [Fact]
    public void Payload_RoundTripsAndIsToldApartFromAChangedAppointment()
    {
        var payload = new WindowChangePayload("window", new LocalDate(2027, 4, 21), new LocalDate(2027, 4, 16), new LocalDate(2027, 4, 2));
        var json = payload.ToJson();
        Assert.Equal("""{"change":"window","windowEnd":"2027-04-21","previousWindowEnd":"2027-04-16","previousTarget":"2027-04-02"}""", json);
        Assert.True(WindowChangePayload.Is(json));
        Assert.Equal(payload, WindowChangePayload.FromJson(json));
        Assert.False(WindowChangePayload.Is(new AppointmentChangePayload(26, new LocalDate(2027, 1, 21), "AM").ToJson()));
        Assert.Throws<JsonException>(() => WindowChangePayload.FromJson("""{"change":"window"}"""));
    }
}
