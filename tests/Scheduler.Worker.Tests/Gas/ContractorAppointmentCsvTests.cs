using MimeKit;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;
using Scheduler.Worker.Tests.Reports;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// The <c>.csv</c> a contractor's email carries has the appointment booked with the tenant in its last four columns
/// (<c>appointment_date</c>, <c>appointment_slot</c>, <c>appointment_from</c>, <c>appointment_to</c>), in a per-order
/// notice and in a weekly programme, and leaves them empty for an order without one; the columns before them are where
/// they always were (and the repair's two after them, branch defect29, empty). Real apply, booking, PostgreSQL, dispatcher and SMTP server; the twelve gas homes of the notice
/// tests (north: one engineer, AM 08:00-12:00 and PM without hours), clock Monday 1 March 2027.
/// </summary>
public sealed class ContractorAppointmentCsvTests : OutboxTestBase
{
    private const string Engineer = "jobs@warmfix.example";

    private const string Columns = "reference,service,asset,address,postcode,window_start,window_end,target_date,status,sequence,checklist,follow_ups";

    /// <summary>Applies <paramref name="config"/> to the gas homes and books all twelve, then cancels one booking.</summary>
    private async Task<string> BookAllButOneAsync(EstateConfiguration config)
    {
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(Ahead.LetterAheadDispatchTests.GasHomes(), "test", AsOf);
        await ApplyAsync(config);
        Assert.Equal(12, (await new GasAppointmentBooking(Database.DataSource, config, TestEstate.Calendar, Clock).BookAsync(AsOf)).Booked.Count);
        return await Database.DataSource.ScalarAsync<string>(
            """
            WITH c AS (UPDATE gas_appointments SET status = 'cancelled' WHERE id = (SELECT min(id) FROM gas_appointments) RETURNING work_order_id)
            SELECT reference FROM work_orders WHERE id = (SELECT work_order_id FROM c)
            """);
    }

    /// <summary>Each gas order's reference → its live (booked) appointment's day and slot.</summary>
    private async Task<Dictionary<string, (string Date, string Slot)>> BookedAsync()
    {
        var rows = await Database.DataSource.RowsAsync(
            "SELECT w.reference, a.date::text, a.slot FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE a.status = 'booked'");
        return rows.Select(r => r.Split('|')).ToDictionary(c => c[0], c => (c[1], c[2]), StringComparer.Ordinal);
    }

    private async Task<List<MimeMessage>> DispatchToEngineerAsync(EstateConfiguration config)
    {
        await using var server = TestSmtpServer.Start();
        await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);
        return [.. server.Messages.Where(m => m.To.Mailboxes.Single().Address == Engineer)];
    }

    /// <summary>The rows of a message's CSV (header first), each split into its fields.</summary>
    private static List<List<string>> RowsOf(MimeMessage message)
    {
        var lines = CsvOf(message).Split("\r\n");
        Assert.Equal(string.Empty, lines[^1]);
        return [.. lines[..^1].Select(ReportCsv.Fields)];
    }

    /// <summary>
    /// Every row after the header: the order's booked appointment in the last four columns (AM with its hours, PM
    /// without), or four empty fields when it has none. Returns how many rows had one.
    /// </summary>
    private static int AssertAppointmentColumns(List<List<string>> rows, Dictionary<string, (string Date, string Slot)> booked)
    {
        Assert.Equal($"{Columns},appointment_date,appointment_slot,appointment_from,appointment_to,defect,due", string.Join(',', rows[0]));
        var with = 0;
        foreach (var row in rows.Skip(1))
        {
            Assert.Equal(18, row.Count);
            string[] expected = booked.TryGetValue(row[0], out var appointment)
                ? [appointment.Date, appointment.Slot, appointment.Slot == "AM" ? "08:00" : string.Empty, appointment.Slot == "AM" ? "12:00" : string.Empty]
                : [string.Empty, string.Empty, string.Empty, string.Empty];
            Assert.Equal(expected, row[12..16]);
            Assert.Equal([string.Empty, string.Empty], row[16..]); // no repair: defect and due empty
            with += appointment.Slot is null ? 0 : 1;
        }

        return with;
    }

    [Fact]
    public async Task PerOrderNotice_CsvHasTheBookedAppointment_AnOrderWithoutOneHasTheColumnsEmpty()
    {
        var config = ContractorAppointmentNoticeTests.GasConfig();
        var unbooked = await BookAllButOneAsync(config);
        var booked = await BookedAsync();
        Assert.Equal(11, booked.Count);

        var notices = await DispatchToEngineerAsync(config);

        Assert.Equal(12, notices.Count);
        var rows = notices.Select(RowsOf).ToList();
        Assert.All(rows, r => Assert.Equal(2, r.Count));
        Assert.Equal(11, rows.Sum(r => AssertAppointmentColumns(r, booked)));
        Assert.Equal(["AM", "PM"], booked.Values.Select(b => b.Slot).Distinct().Order(StringComparer.Ordinal));
        var without = Assert.Single(rows, r => r[1][0] == unbooked)[1];
        Assert.Equal(",,,", string.Join(',', without[12..16]));
    }

    [Fact]
    public async Task WeeklyProgramme_CsvHasEachOrdersBookedAppointment_AnOrderWithoutOneHasTheColumnsEmpty()
    {
        var gas = ContractorAppointmentNoticeTests.GasConfig();
        var config = gas with { Contractors = [.. gas.Contractors.Select(c => c.Id == "warmfix" ? c with { Dispatch = DispatchMode.Weekly } : c)] };
        var unbooked = await BookAllButOneAsync(config);
        var booked = await BookedAsync();
        Assert.Equal(11, booked.Count);

        // Each week with warmfix's orders gets its programme on the Thursday before (the default programme day).
        var weeks = (await Database.DataSource.RowsAsync(
                "SELECT DISTINCT date_trunc('week', target_date)::date::text FROM work_orders WHERE contractor_id = 'warmfix' ORDER BY 1"))
            .Select(w => LocalDatePattern.Iso.Parse(w).Value).ToList();
        var programmes = new List<MimeMessage>();
        foreach (var monday in weeks)
        {
            Clock.Reset(monday.PlusDays(-4).At(new LocalTime(9, 0)).InUtc().ToInstant());
            programmes.AddRange(await DispatchToEngineerAsync(config));
        }

        Assert.All(programmes, p => Assert.StartsWith("programme/warmfix/", p.MessageId, StringComparison.Ordinal));
        Assert.Equal(weeks.Count, programmes.Count);
        var rows = programmes.Select(RowsOf).ToList();
        Assert.Contains(rows, r => r.Count > 2);
        Assert.Equal(11, rows.Sum(r => AssertAppointmentColumns(r, booked)));
        var all = rows.SelectMany(r => r.Skip(1)).ToList();
        Assert.Equal(12, all.Count);
        Assert.Equal(",,,", string.Join(',', Assert.Single(all, r => r[0] == unbooked)[12..16]));
    }
}
