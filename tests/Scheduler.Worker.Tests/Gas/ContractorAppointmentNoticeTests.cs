using System.Globalization;
using MimeKit;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// A gas order booked with its tenant before its contractor notice goes: the notice (text and HTML) says the day, the
/// slot and the slot's hours, and its calendar entry is on that day (timed when the slot has hours); an appointment
/// no longer booked (cancelled, attended) is not shown. Real apply, booking, PostgreSQL, dispatcher and SMTP server.
/// Twelve gas homes in north (one engineer, AM 08:00-12:00 and PM without hours), clock Monday 1 March 2027.
/// </summary>
public sealed class ContractorAppointmentNoticeTests : OutboxTestBase
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static readonly AppointmentPolicy Policy = new(["AM", "PM"], Period.FromDays(14), 3)
    {
        Engineers = new Dictionary<string, int> { ["north"] = 1 },
        Hours = new Dictionary<string, SlotHours> { ["AM"] = new(new LocalTime(8, 0), new LocalTime(12, 0)) },
    };

    internal static EstateConfiguration GasConfig() =>
        TestEstate.Config([TestEstate.GasSafety() with { Appointment = Policy }], [TestEstate.Cleaner(), TestEstate.GasEngineer()], "v1", horizonWeeks: 20);

    private async Task BookAsync()
    {
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(Ahead.LetterAheadDispatchTests.GasHomes(), "test", AsOf);
        await ApplyAsync(GasConfig());
        var booked = await new GasAppointmentBooking(Database.DataSource, GasConfig(), TestEstate.Calendar, Clock).BookAsync(AsOf);
        Assert.Equal(12, booked.Booked.Count);
    }

    /// <summary>Each gas order's reference → its appointment (date, slot, status) as stored.</summary>
    private async Task<Dictionary<string, (LocalDate Date, string Slot, string Status)>> AppointmentsAsync()
    {
        var rows = await Database.DataSource.RowsAsync(
            "SELECT w.reference, a.date::text, a.slot, a.status FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id ORDER BY a.id");
        return rows.Select(r => r.Split('|')).ToDictionary(
            c => c[0], c => (LocalDate.FromDateTime(DateTime.Parse(c[1], CultureInfo.InvariantCulture)), c[2], c[3]), StringComparer.Ordinal);
    }

    private async Task<List<MimeMessage>> DispatchNoticesAsync(TemplateRenderer? renderer = null)
    {
        await using var server = TestSmtpServer.Start();
        await Dispatcher(GasConfig(), Smtp(server.Port), renderer: renderer).DispatchDueAsync(500);
        var notices = server.Messages.Where(m => m.To.Mailboxes.Single().Address == "jobs@warmfix.example").ToList();
        Assert.Equal(12, notices.Count);
        return notices;
    }

    private static string ReferenceOf(MimeMessage notice) =>
        Assert.Single(Ical.Net.Calendar.Load(IcsOf(notice))!.Events)!.Uid!.Split('@')[0];

    [Fact]
    public async Task Dispatch_GasOrderBookedBeforeItsNotice_NoticeSaysTheDaySlotAndHours_CalendarEntryIsOnThatDay()
    {
        await BookAsync();
        var appointments = await AppointmentsAsync();
        var notices = await DispatchNoticesAsync();

        var slots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notice in notices)
        {
            var reference = ReferenceOf(notice);
            var (date, slot, _) = appointments[reference];
            slots.Add(slot);
            var words = slot == "AM" ? "morning, between 8am and 12 noon" : "afternoon";
            var day = date.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
            Assert.Contains($"Appointment:  {day}, {words} (booked with the tenant; keep to it or tell us)", notice.TextBody, StringComparison.Ordinal);
            Assert.Contains("Please do this work at the appointment below", notice.TextBody, StringComparison.Ordinal);
            Assert.Contains($"Appointment</th><td><strong>{day}, {words}</strong>", notice.HtmlBody, StringComparison.Ordinal);

            var ev = Assert.Single(Ical.Net.Calendar.Load(IcsOf(notice))!.Events)!;
            Assert.Equal($"{reference}@estate-scheduler", ev.Uid);
            Assert.Contains($"Appointment: {day}, {words}", ev.Description, StringComparison.Ordinal);
            if (slot == "AM")
            {
                // Timed, in UTC: 08:00-12:00 London on the day (GMT or BST as the day falls).
                Assert.True(ev.DtStart!.HasTime);
                Assert.Equal(date.At(new LocalTime(8, 0)).InZoneStrictly(London).ToDateTimeUtc(), ev.DtStart.AsUtc);
                Assert.Equal(date.At(new LocalTime(12, 0)).InZoneStrictly(London).ToDateTimeUtc(), ev.DtEnd!.AsUtc);
                Assert.Equal("OPAQUE", ev.Transparency);
            }
            else
            {
                // A slot without hours: all day on the appointment's day (the end is exclusive).
                Assert.False(ev.DtStart!.HasTime);
                Assert.Equal(date, LocalDate.FromDateTime(ev.DtStart.Value));
                Assert.Equal(date.PlusDays(1), LocalDate.FromDateTime(ev.DtEnd!.Value));
                Assert.Equal("TRANSPARENT", ev.Transparency);
            }
        }

        Assert.Equal(["AM", "PM"], slots.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Dispatch_AppointmentCancelledOrAttendedBeforeTheNotice_NoticeReadsAsOneWithoutAnAppointment()
    {
        await BookAsync();
        await Database.DataSource.ScalarAsync<long>(
            """
            WITH first AS (SELECT id FROM gas_appointments ORDER BY id LIMIT 2),
                 c AS (UPDATE gas_appointments SET status = CASE WHEN id = (SELECT min(id) FROM first) THEN 'cancelled' ELSE 'attended' END,
                              outcome_on = CASE WHEN id = (SELECT min(id) FROM first) THEN NULL ELSE date END,
                              outcome_at = CASE WHEN id = (SELECT min(id) FROM first) THEN NULL ELSE now() END
                       WHERE id IN (SELECT id FROM first) RETURNING 1)
            SELECT count(*) FROM c
            """);
        var appointments = await AppointmentsAsync();
        var windows = (await Database.DataSource.RowsAsync("SELECT reference, window_start::text, window_end::text FROM work_orders"))
            .Select(r => r.Split('|')).ToDictionary(c => c[0], c => c, StringComparer.Ordinal);
        var notices = await DispatchNoticesAsync();

        var unbooked = notices.Where(n => appointments[ReferenceOf(n)].Status != "booked").ToList();
        Assert.Equal(2, unbooked.Count);
        Assert.Equal(10, notices.Count(n => n.TextBody!.Contains("Appointment:", StringComparison.Ordinal)));
        foreach (var notice in unbooked)
        {
            var reference = ReferenceOf(notice);
            Assert.DoesNotContain("Appointment", notice.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Appointment", notice.HtmlBody, StringComparison.Ordinal);
            Assert.Contains("Please do this work within the window below. We have aimed it at the target date.", notice.TextBody, StringComparison.Ordinal);
            var ics = IcsOf(notice);
            Assert.DoesNotContain("Appointment", ics, StringComparison.Ordinal);
            Assert.Contains($"DTSTART;VALUE=DATE:{windows[reference][1].Replace("-", string.Empty, StringComparison.Ordinal)}\r\n", ics, StringComparison.Ordinal);
            Assert.Contains("TRANSP:TRANSPARENT\r\n", ics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dispatch_SlotPartialEdited_TextAndCalendarEntrySayTheSlotTheNewWay()
    {
        // An estates manager words the slot differently in the one partial: the email and the .ics both follow it.
        using var folder = new TemplateFolder();
        folder.Write("_order-slot.txt.sbn", "{{- $1.slot }} slot{{ if $1.slot_from }} ({{ $1.slot_from.iso }} to {{ $1.slot_to.iso }}){{ end -}}");
        await BookAsync();
        var appointments = await AppointmentsAsync();

        var notices = await DispatchNoticesAsync(folder.Renderer());

        foreach (var notice in notices)
        {
            var (date, slot, _) = appointments[ReferenceOf(notice)];
            var words = $"{date.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)}, {(slot == "AM" ? "AM slot (08:00 to 12:00)" : "PM slot")}";
            Assert.Contains($"Appointment:  {words} (booked with the tenant; keep to it or tell us)", notice.TextBody, StringComparison.Ordinal);
            var ev = Assert.Single(Ical.Net.Calendar.Load(IcsOf(notice))!.Events)!;
            Assert.Contains($"Appointment: {words} (booked with the tenant; keep to it or tell us)", ev.Description, StringComparison.Ordinal);
            Assert.DoesNotContain("morning", ev.Description, StringComparison.Ordinal);
        }

        Assert.Equal(["AM", "PM"], notices.Select(n => appointments[ReferenceOf(n)].Slot).Distinct().Order(StringComparer.Ordinal));
    }
}
