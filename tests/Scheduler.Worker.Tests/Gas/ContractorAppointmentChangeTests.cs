using System.Globalization;
using MimeKit;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// The contractor is told when a gas order's appointment changes after its notice went (branch <c>rebook26</c>): a visit
/// rebooked after no access, or booked after the notice was sent, gives one changed-appointment notice (a
/// <c>contractor-order</c> row, key <c>order/{reference}/appointment/{id}</c>) with the new day, slot and hours, the
/// appointment it replaces, and the same calendar UID at a higher SEQUENCE; a booking made while the notice still waits
/// gives none (the notice carries it); a report made twice or a second night writes nothing more; a later cancellation
/// carries a SEQUENCE above the change's. Real apply, booking, completion recorder, PostgreSQL, dispatcher and SMTP
/// server; the calendar files parsed with Ical.Net. The twelve gas homes of the notice tests (north: one engineer, AM
/// 08:00-12:00 and PM without hours), clock Monday 1 March 2027.
/// </summary>
public sealed class ContractorAppointmentChangeTests : OutboxTestBase
{
    private const string Engineer = "jobs@warmfix.example";

    private const string Changes = "kind = 'contractor-order' AND idempotency_key LIKE 'order/%/appointment/%'";

    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>The configuration every step uses: the notice tests' (warmfix on per-order dispatch) unless a test changes it.</summary>
    private EstateConfiguration _config = ContractorAppointmentNoticeTests.GasConfig();

    private GasAppointmentBooking Booking(bool bulk = false) =>
        new(Database.DataSource, _config, TestEstate.Calendar, Clock) { BulkFrom = bulk ? 1 : GasBookingWriter.BulkBookings };

    private async Task ApplyGasAsync()
    {
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(Ahead.LetterAheadDispatchTests.GasHomes(), "test", AsOf);
        await ApplyAsync(_config);
    }

    /// <summary>Applies, books the twelve homes and sends their notices (each carrying its appointment).</summary>
    private async Task BookAndSendNoticesAsync()
    {
        await ApplyGasAsync();
        Assert.Equal(12, (await Booking().BookAsync(AsOf)).Booked.Count);
        Assert.Equal(12, (await DispatchToEngineerAsync()).Count);
    }

    private async Task<List<MimeMessage>> DispatchToEngineerAsync()
    {
        await using var server = TestSmtpServer.Start();
        await Dispatcher(_config, Smtp(server.Port)).DispatchDueAsync(500);
        return [.. server.Messages.Where(m => m.To.Mailboxes.Single().Address == Engineer)];
    }

    /// <summary>The live (booked) appointment of each order: reference → (id, day, slot).</summary>
    private async Task<Dictionary<string, (long Id, LocalDate Date, string Slot)>> BookedAsync()
    {
        var rows = await Database.DataSource.RowsAsync(
            "SELECT w.reference, a.id, a.date::text, a.slot FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE a.status = 'booked' ORDER BY a.date, a.slot, w.reference");
        return rows.Select(r => r.Split('|')).ToDictionary(
            c => c[0], c => (long.Parse(c[1], CultureInfo.InvariantCulture), LocalDatePattern.Iso.Parse(c[2]).Value, c[3]), StringComparer.Ordinal);
    }

    private async Task<CompletionResult> ReportNoAccessAsync(string reference, LocalDate on, bool bulk)
    {
        Clock.Reset(on.At(new LocalTime(18, 0)).InZoneLeniently(London).ToInstant());
        var recorder = CompletionEffects.Recorder(Database.DataSource, _config, TestEstate.Calendar, Clock);
        var report = new CompletionReport(reference, null, VisitOutcome.NoAccess, on, CompletionSources.Cli);
        return bulk ? Assert.Single(await recorder.RecordManyAsync([report])) : await recorder.RecordAsync(report);
    }

    private static string Words(LocalDate date, string slot) =>
        $"{date.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)}, {(slot == "AM" ? "morning, between 8am and 12 noon" : "afternoon")}";

    private static Ical.Net.CalendarComponents.CalendarEvent EventOf(MimeMessage message, out Ical.Net.Calendar calendar)
    {
        calendar = Ical.Net.Calendar.Load(IcsOf(message))!;
        return Assert.Single(calendar.Events)!;
    }

    /// <summary>The calendar entry is on the appointment: timed 08:00-12:00 London for AM, all day for PM (no hours).</summary>
    private static void AssertOnAppointment(Ical.Net.CalendarComponents.CalendarEvent ev, LocalDate date, string slot)
    {
        if (slot == "AM")
        {
            Assert.True(ev.DtStart!.HasTime);
            Assert.Equal(date.At(new LocalTime(8, 0)).InZoneStrictly(London).ToDateTimeUtc(), ev.DtStart.AsUtc);
            Assert.Equal(date.At(new LocalTime(12, 0)).InZoneStrictly(London).ToDateTimeUtc(), ev.DtEnd!.AsUtc);
        }
        else
        {
            Assert.False(ev.DtStart!.HasTime);
            Assert.Equal(date, LocalDate.FromDateTime(ev.DtStart.Value));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NoAccessRebookedAfterTheNoticeWent_OneChangeWithTheNewDayAndAHigherSequenceOnTheSameUid(bool bulk)
    {
        await BookAndSendNoticesAsync();
        var before = await BookedAsync();
        var (reference, (oldId, oldDate, oldSlot)) = before.First();

        Assert.Equal(CompletionStatus.Recorded, (await ReportNoAccessAsync(reference, oldDate, bulk)).Status);
        var (newId, newDate, newSlot) = (await BookedAsync())[reference];
        Assert.NotEqual(oldId, newId);

        // One row, written with the rebooking: the key of the order and its new appointment, sequence above the notice's.
        var key = OutboxKeys.AppointmentChange(reference, newId);
        Assert.Equal(
            [$"{key}|{key}@estate-scheduler|contractor|warmfix|1|pending"],
            await OutboxRowsAsync("idempotency_key, message_id, recipient_kind, recipient_id, sequence, status", Changes));
        var payload = AppointmentChangePayload.FromJson(Assert.Single(await OutboxRowsAsync("payload::text", Changes)));
        Assert.Equal(new AppointmentChangePayload(newId, oldDate, oldSlot), payload);

        var sent = Assert.Single(await DispatchToEngineerAsync());
        Assert.Equal($"<{key}@estate-scheduler>", $"<{sent.MessageId}>");
        Assert.StartsWith($"New appointment for work order {reference}: ", sent.Subject, StringComparison.Ordinal);
        Assert.Contains($"The appointment for this work order has changed. The tenant now expects you on {Words(newDate, newSlot)}.", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains($"This replaces the earlier appointment, {Words(oldDate, oldSlot)}: please go at the new time instead.", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Appointment:  {Words(newDate, newSlot)} (booked with the tenant; keep to it or tell us)", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains($"The tenant now expects you on <strong>{Words(newDate, newSlot)}</strong>", sent.HtmlBody, StringComparison.Ordinal);

        var ev = EventOf(sent, out var calendar);
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal($"{reference}@estate-scheduler", ev.Uid);
        Assert.Equal(1, ev.Sequence);
        AssertOnAppointment(ev, newDate, newSlot);
        Assert.Contains($"Appointment: {Words(newDate, newSlot)}", ev.Description, StringComparison.Ordinal);
        Assert.Contains($"Replaces the earlier appointment: {Words(oldDate, oldSlot)}", ev.Description, StringComparison.Ordinal);

        // The CSV's row has the new appointment only (the one it replaces is in the text and the calendar entry).
        var row = Reports.ReportCsv.Fields(CsvOf(sent).Split("\r\n")[1]);
        Assert.Equal([reference, LocalDatePattern.Iso.Format(newDate), newSlot, newSlot == "AM" ? "08:00" : string.Empty, newSlot == "AM" ? "12:00" : string.Empty], [row[0], .. row[12..16]]);

        // The second no-access visit is rebooked again: a second change, one higher, replacing the first change's visit.
        Assert.Equal(CompletionStatus.Recorded, (await ReportNoAccessAsync(reference, newDate, bulk)).Status);
        var (thirdId, thirdDate, thirdSlot) = (await BookedAsync())[reference];
        var again = Assert.Single(await DispatchToEngineerAsync());
        Assert.Equal($"{OutboxKeys.AppointmentChange(reference, thirdId)}@estate-scheduler", again.MessageId);
        Assert.Equal(2, EventOf(again, out _).Sequence);
        Assert.Contains($"This replaces the earlier appointment, {Words(newDate, newSlot)}", again.TextBody, StringComparison.Ordinal);
        AssertOnAppointment(EventOf(again, out _), thirdDate, thirdSlot);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BookedAfterTheNoticeWent_ChangeSaysTheAppointment_BookedBeforeItsNoticeWent_NoticeCarriesItAndNoChange(bool bulk)
    {
        await ApplyGasAsync();

        // Six notices are held back (as issueAhead defers them); the other six go before any booking, window only.
        await Database.DataSource.ExecuteAsync(
            """
            UPDATE outbox_messages SET next_attempt_at = '2027-04-01T00:00:00Z', release_at = '2027-04-01T00:00:00Z'
            WHERE id IN (SELECT id FROM outbox_messages WHERE kind = 'contractor-order' ORDER BY id LIMIT 6)
            """);
        var windowOnly = await DispatchToEngineerAsync();
        Assert.Equal(6, windowOnly.Count);
        Assert.All(windowOnly, n => Assert.DoesNotContain("Appointment", n.TextBody, StringComparison.Ordinal));
        var told = windowOnly.Select(n => EventOf(n, out _).Uid!.Split('@')[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(12, (await Booking(bulk).BookAsync(AsOf)).Booked.Count);
        var booked = await BookedAsync();

        // A change for each order whose notice went; none for the six whose notices wait (a bulk write, as the first
        // night's, the same: it skips the notices' probe only while nothing was ever sent).
        Assert.Equal(
            told.Order(StringComparer.Ordinal).Select(r => $"{OutboxKeys.AppointmentChange(r, booked[r].Id)}|1"),
            (await OutboxRowsAsync("idempotency_key, sequence", Changes)).Order(StringComparer.Ordinal));
        var changes = await DispatchToEngineerAsync();
        Assert.Equal(6, changes.Count);
        foreach (var change in changes)
        {
            var ev = EventOf(change, out _);
            var reference = ev.Uid!.Split('@')[0];
            Assert.Contains(reference, told);
            Assert.Equal(1, ev.Sequence);
            var (_, date, slot) = booked[reference];
            AssertOnAppointment(ev, date, slot);
            Assert.Contains($"We have booked an appointment with the tenant for this work order. The tenant expects you on {Words(date, slot)}.", change.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("replaces", change.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Replaces", ev.Description, StringComparison.Ordinal);
        }

        // The held notices go later and carry the appointment themselves (sequence 0); still no change for them.
        await Database.DataSource.ExecuteAsync("UPDATE outbox_messages SET next_attempt_at = '2027-03-01T00:00:00Z', release_at = NULL WHERE status = 'pending'");
        var notices = await DispatchToEngineerAsync();
        Assert.Equal(6, notices.Count);
        foreach (var notice in notices)
        {
            var ev = EventOf(notice, out _);
            var reference = ev.Uid!.Split('@')[0];
            Assert.DoesNotContain(reference, told);
            Assert.Equal(0, ev.Sequence);
            Assert.Contains($"Appointment:  {Words(booked[reference].Date, booked[reference].Slot)}", notice.TextBody, StringComparison.Ordinal);
        }

        Assert.Equal(6L, await CountAsync(Changes));
    }

    [Fact]
    public async Task SameReportTwiceAndAnotherNight_OneChangeMessage()
    {
        await BookAndSendNoticesAsync();
        var (reference, (_, date, _)) = (await BookedAsync()).First();

        Assert.Equal(CompletionStatus.Recorded, (await ReportNoAccessAsync(reference, date, bulk: false)).Status);
        Assert.Equal(CompletionStatus.AlreadyRecorded, (await ReportNoAccessAsync(reference, date, bulk: false)).Status);
        Assert.Equal(CompletionStatus.AlreadyRecorded, (await ReportNoAccessAsync(reference, date, bulk: true)).Status);
        await Booking().BookAsync(date.PlusDays(1));

        Assert.Equal(1L, await CountAsync(Changes));
        var sent = Assert.Single(await DispatchToEngineerAsync());
        Assert.Equal(reference, EventOf(sent, out _).Uid!.Split('@')[0]);
        Assert.Empty(await DispatchToEngineerAsync());
    }

    [Fact]
    public async Task CancelledAfterAChange_CancellationSequenceIsAboveTheChanges()
    {
        await BookAndSendNoticesAsync();
        var (reference, (_, date, _)) = (await BookedAsync()).First();
        Assert.Equal(CompletionStatus.Recorded, (await ReportNoAccessAsync(reference, date, bulk: false)).Status);
        Assert.Equal(1, EventOf(Assert.Single(await DispatchToEngineerAsync()), out _).Sequence);

        // The gas schedule withdrawn: every order cancelled, and the contractor told of each.
        await ApplyAsync(_config with { Schedules = [], Version = "v2" });
        var cancellations = await DispatchToEngineerAsync();
        Assert.Equal(12, cancellations.Count);
        foreach (var cancellation in cancellations)
        {
            var ev = EventOf(cancellation, out var calendar);
            Assert.Equal("CANCEL", calendar.Method);
            Assert.Equal(ev.Uid == $"{reference}@estate-scheduler" ? 2 : 1, ev.Sequence);
        }
    }

    [Fact]
    public async Task WeeklyContractorWhoseProgrammeWent_GetsTheChangeAsAMessageOfItsOwn()
    {
        _config = _config with
        {
            Contractors = [.. _config.Contractors.Select(c => c.Id == "warmfix" ? c with { Dispatch = DispatchMode.Weekly } : c)],
        };
        await ApplyGasAsync();
        Assert.Equal(0L, await CountAsync("kind = 'contractor-order'"));

        // A programme naming six of the orders went (as the dispatcher writes and sends it on the programme day).
        await Database.DataSource.ExecuteAsync(
            """
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, sequence,
                                         week_start, status, attempts, next_attempt_at, created_at, sent_at)
            SELECT 'contractor-programme', 'programme/warmfix/2027-02-22', 'programme/warmfix/2027-02-22@estate-scheduler', 'contractor', 'warmfix',
                   (SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM work_orders WHERE contractor_id = 'warmfix' ORDER BY id LIMIT 6) s),
                   0, '2027-02-22', 'sent', 1, '2027-02-25T07:00:00Z', '2027-02-25T07:00:00Z', '2027-02-25T07:00:00Z'
            """);
        var told = (await Database.DataSource.RowsAsync("SELECT reference FROM work_orders WHERE contractor_id = 'warmfix' ORDER BY id LIMIT 6")).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(12, (await Booking().BookAsync(AsOf)).Booked.Count);
        var booked = await BookedAsync();
        Assert.Equal(
            told.Order(StringComparer.Ordinal).Select(r => $"{OutboxKeys.AppointmentChange(r, booked[r].Id)}|1"),
            (await OutboxRowsAsync("idempotency_key, sequence", Changes)).Order(StringComparer.Ordinal));

        var changes = (await DispatchToEngineerAsync()).Where(m => m.MessageId?.Contains("/appointment/", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(6, changes.Count);
        foreach (var change in changes)
        {
            var ev = EventOf(change, out _);
            var reference = ev.Uid!.Split('@')[0];
            Assert.Contains(reference, told);
            Assert.Equal(1, ev.Sequence);
            Assert.StartsWith($"New appointment for work order {reference}: ", change.Subject, StringComparison.Ordinal);
            AssertOnAppointment(ev, booked[reference].Date, booked[reference].Slot);
        }
    }
}
