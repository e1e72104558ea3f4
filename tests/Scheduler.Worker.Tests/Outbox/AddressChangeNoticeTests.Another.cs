using MimeKit;
using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Outbox;

/// <summary>
/// Another message about the order sent while its changed-address notice waits (branch small38): S1's path sweep of 2
/// April, sent; its grass cut reported done on 20 April, after the sweep's window ended, writes a changed-window notice
/// (SEQUENCE 1); then an import renames S1, which writes the sweep's changed-address notice (SEQUENCE 2) behind it. Every
/// message reads the register when it is composed, so the changed-window notice, sent first, already shows the new
/// address; the changed-address notice follows at the next SEQUENCE and says the address changed. When the mail server
/// goes away after the first, and the name is put back before the second goes, the contractor holds the new name (from
/// the changed-window notice), not the one its address notice's <c>held</c> recorded: it is told the old name again.
/// </summary>
public sealed partial class AddressChangeNoticeTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static Instant April20At(int hour, int minute) => new LocalDate(2027, 4, 20).At(new LocalTime(hour, minute)).InZoneStrictly(London).ToInstant();

    /// <summary>
    /// Sends everything, then (on 20 April) what was released since; reports the 1 April cut done at 17:00 (the sweep's
    /// changed-window notice) and renames S1 at 17:05 (the sweep's changed-address notice). Returns the sweep's reference.
    /// </summary>
    private async Task<string> SweepMovedThenRenamedAsync(Scheduler.Domain.Configuration.EstateConfiguration config)
    {
        await ApplyAsync(config);
        var row = Assert.Single(await Database.DataSource.RowsAsync("""
            SELECT p.reference, f.reference FROM work_orders p JOIN work_orders f ON f.parent_id = p.id AND f.status <> 'cancelled'
            WHERE p.service = 'grass-cut' AND p.status <> 'cancelled' AND p.target_date = '2027-04-01'
            """)).Split('|');
        var (cut, sweep) = (row[0], row[1]);
        await DispatchAsync(config);
        Clock.Reset(April20At(16, 0));
        await DispatchAsync(config);

        Clock.Reset(April20At(17, 0));
        var recorder = CompletionEffects.Recorder(Database.DataSource, config, TestEstate.Calendar, Clock);
        Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(new CompletionReport(cut, "greenscape", VisitOutcome.Done, new LocalDate(2027, 4, 20), CompletionSources.Csv))).Status);
        Clock.Reset(April20At(17, 5));
        var renamed = await ImportAsync(Changed(TestEstate.Estate(), site: s => s.Id == "S1" ? s with { Name = "Riverside Gardens" } : s));
        Assert.Equal(
            [$"order/{sweep}/window/2027-04-21|1|pending", $"order/{sweep}/address/{renamed.ImportRunId}|2|pending"],
            await Database.DataSource.RowsAsync($"""
                SELECT o.idempotency_key, o.sequence, o.status FROM outbox_messages o JOIN work_orders w ON w.id = ANY(o.work_order_ids)
                WHERE w.reference = '{sweep}' AND o.kind = 'contractor-order' AND o.idempotency_key <> 'order/{sweep}/0' ORDER BY o.id
                """));
        Clock.Reset(April20At(17, 10));
        return sweep;
    }

    private static List<MimeMessage> AboutOrder(IEnumerable<MimeMessage> messages, string reference) =>
        [.. messages.Where(m => m.Subject!.Contains($" {reference}: ", StringComparison.Ordinal))];

    [Fact]
    public async Task ChangedWindowSentWhileTheAddressNoticeWaits_ItShowsTheNewAddress_TheAddressNoticeFollowsAtTheNextSequence()
    {
        var config = PerOrderConfig();
        var sweep = await SweepMovedThenRenamedAsync(config);

        var sent = AboutOrder(await DispatchAsync(config), sweep);
        Assert.Equal(2, sent.Count);
        Assert.StartsWith($"New window for work order {sweep}: ", sent[0].Subject, StringComparison.Ordinal);
        Assert.Contains("Where:        Riverside Gardens, AB1 2CD", sent[0].TextBody, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(Ical.Net.Calendar.Load(IcsOf(sent[0]))!.Events)!.Sequence);
        Assert.StartsWith($"New address for work order {sweep}: ", sent[1].Subject, StringComparison.Ordinal);
        Assert.Contains("The address for this work order has changed: it is now Riverside Gardens, AB1 2CD.", sent[1].TextBody, StringComparison.Ordinal);
        Assert.Contains("Window:       Friday 2 April 2027 to Wednesday 21 April 2027", sent[1].TextBody, StringComparison.Ordinal);
        var ev = Assert.Single(Ical.Net.Calendar.Load(IcsOf(sent[1]))!.Events)!;
        Assert.Equal((2, "Riverside Gardens, AB1 2CD"), (ev.Sequence, ev.Location));
    }

    [Fact]
    public async Task ChangedWindowSentWhileTheAddressNoticeWaits_ThenTheNameIsPutBack_TheContractorIsToldTheOldNameAgain()
    {
        var config = PerOrderConfig();
        var sweep = await SweepMovedThenRenamedAsync(config);

        // The mail server takes the changed-window notice (it shows the new name) and goes away; the rest waits.
        List<MimeMessage> first;
        await using (var server = TestSmtpServer.Start())
        {
            server.GoAwayAfter(1);
            await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);
            first = [.. server.Messages];
        }

        var window = Assert.Single(first);
        Assert.StartsWith($"New window for work order {sweep}: ", window.Subject, StringComparison.Ordinal);
        Assert.Contains("Where:        Riverside Gardens, AB1 2CD", window.TextBody, StringComparison.Ordinal);

        // The name put back an hour later, before the address notices went: every other order's contractor still holds
        // "S1 Estate" (nothing since), the sweep's holds "Riverside Gardens" (the changed-window notice).
        Clock.Reset(April20At(18, 10));
        var back = await ImportAsync(TestEstate.Estate());
        Assert.Equal(1, back.AddressNotices);
        Assert.Equal(
            [$"order/{sweep}/address/{back.ImportRunId}|3|pending|{await FingerprintAsync("Riverside Gardens", "AB1 2CD")}"],
            await OutboxRowsAsync("idempotency_key, sequence, status, payload ->> 'held'", $"{AddressChanges} AND status = 'pending'"));
        Assert.Equal(0, await CountAsync($"{AddressChanges} AND status = 'superseded' AND last_error = '{AddressChangeNotices.BackToSent}' AND work_order_ids[1] = (SELECT id FROM work_orders WHERE reference = '{sweep}')"));

        var sent = Assert.Single(AboutOrder(await DispatchAsync(config), sweep));
        Assert.StartsWith($"New address for work order {sweep}: ", sent.Subject, StringComparison.Ordinal);
        Assert.EndsWith(" at S1 Estate", sent.Subject, StringComparison.Ordinal);
        Assert.Contains("The address for this work order has changed: it is now S1 Estate, AB1 2CD.", sent.TextBody, StringComparison.Ordinal);
        var ev = Assert.Single(Ical.Net.Calendar.Load(IcsOf(sent))!.Events)!;
        Assert.Equal((3, "S1 Estate, AB1 2CD"), (ev.Sequence, ev.Location));
    }
}
