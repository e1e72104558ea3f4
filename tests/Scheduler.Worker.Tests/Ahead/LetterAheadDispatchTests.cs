using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Ahead;

/// <summary>
/// An appointment's <c>letterAhead</c> end to end: a real apply and booking (which still books the whole window), a real
/// dispatcher and SMTP server, the clock driven. Twelve gas homes in north (one engineer, AM and PM, 14 days' notice,
/// letters 3 weeks ahead), each with a tenant by email, deadlines 10 April to 4 June 2027; clock Monday 1 March 2027.
/// </summary>
public sealed partial class LetterAheadDispatchTests : OutboxTestBase
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static readonly AppointmentPolicy Policy = new(["AM", "PM"], Period.FromDays(14), 3)
    {
        Engineers = new Dictionary<string, int> { ["north"] = 1 },
        LetterAhead = Period.FromWeeks(3),
    };

    private static EstateConfiguration GasConfig(string version = "v1", bool gas = true) =>
        TestEstate.Config(gas ? [TestEstate.GasSafety() with { Appointment = Policy }] : [TestEstate.CleanWeekly()], [TestEstate.Cleaner(), TestEstate.GasEngineer()], version, horizonWeeks: 20);

    /// <summary>Twelve gas homes in north with a tenant each, deadlines 10 April to 4 June 2027 (also used by the contractor notice tests).</summary>
    internal static EstateRegister GasHomes()
    {
        var homes = Enumerable.Range(0, 12)
            .Select(i => TestEstate.Home(string.Create(CultureInfo.InvariantCulture, $"G{i:00}"), null, null, new LocalDate(2026, 4, 10).PlusDays(5 * i)))
            .ToList();
        return new EstateRegister(
            [new Area("north", "North patch"), new Area("south", "South patch")],
            [TestEstate.Site("S1")],
            [TestEstate.Block("B1", "S1", "weekly")],
            homes,
            [.. homes.Select(h => TestEstate.Tenant($"T-{h.Id}", h.Id))]);
    }

    private GasAppointmentBooking Booking(EstateConfiguration config) => new(Database.DataSource, config, TestEstate.Calendar, Clock);

    private async Task BookAsync()
    {
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(GasHomes(), "test", AsOf);
        await ApplyAsync(GasConfig());
        var booked = await Booking(GasConfig()).BookAsync(AsOf);
        Assert.Equal(12, booked.Booked.Count);
    }

    [Fact]
    public async Task Book_LetterAhead_LetterOnIsTheVisitLessLetterAheadOrToday_TheLetterGoesThenAndNotBefore()
    {
        await BookAsync();
        var now = Clock.GetCurrentInstant();

        // Each letter's day: the visit less 3 weeks, or today when that has passed; never less than the notice before the visit.
        var rows = await Database.DataSource.RowsAsync(
            """
            SELECT a.date::text, a.letter_on::text, o.next_attempt_at, o.release_at
            FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
            JOIN outbox_messages o ON o.idempotency_key = 'letter/' || w.reference || '/' || a.attempt || '/' || a.id
            ORDER BY a.id
            """);
        Assert.Equal(12, rows.Count);
        foreach (var row in rows)
        {
            var cells = row.Split('|');
            var (date, letterOn) = (Date(cells[0]), Date(cells[1]));
            var expected = date.PlusDays(-21) > AsOf ? date.PlusDays(-21) : AsOf;
            Assert.Equal(expected, letterOn);
            Assert.True(Period.Between(letterOn, date, PeriodUnits.Days).Days >= 14, row);
            var release = letterOn.AtStartOfDayInZone(London).ToInstant();
            Assert.Equal(letterOn > AsOf ? (Format(release), Format(release)) : (Format(now), "∅"), (cells[2], cells[3]));
        }

        var today = await CountAsync("kind = 'tenant-letter' AND release_at IS NULL");
        Assert.InRange(today, 1, 11);
        await using var server = TestSmtpServer.Start();
        var dispatcher = Dispatcher(GasConfig(), Smtp(server.Port));
        await dispatcher.DispatchDueAsync(500);
        Assert.Equal(today, server.Messages.Count(m => m.To.Mailboxes.Single().Address.EndsWith("@tenant.example", StringComparison.Ordinal)));

        var first = await Database.DataSource.ScalarAsync<Instant>("SELECT min(release_at) FROM outbox_messages WHERE kind = 'tenant-letter'");
        var due = await CountAsync($"kind = 'tenant-letter' AND release_at = '{InstantPattern.General.Format(first)}'");
        Clock.Reset(first - Duration.FromSeconds(1));
        Assert.Equal(0, (await dispatcher.DispatchDueAsync(500)).Sent);

        Clock.Reset(first);
        var before = server.Messages.Count;
        Assert.Equal(due, (await dispatcher.DispatchDueAsync(500)).Sent);
        Assert.All(server.Messages.Skip(before), m => Assert.Equal(first.ToDateTimeOffset(), m.Date));

        // The letter went on its letter_on, the day the notice and the attempt evidence count from.
        Assert.Equal(0L, await Database.DataSource.ScalarAsync<long>(
            """
            SELECT count(*) FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
            JOIN outbox_messages o ON o.idempotency_key = 'letter/' || w.reference || '/' || a.attempt || '/' || a.id
            WHERE o.status = 'sent' AND (o.sent_at AT TIME ZONE 'Europe/London')::date <> a.letter_on
            """));
        Assert.Equal(today + due, await CountAsync("kind = 'tenant-letter' AND status = 'sent'"));
    }

    [Fact]
    public async Task Apply_OrderCancelledBeforeItsLetterGoes_TheLetterIsSupersededAndNeverSent()
    {
        await BookAsync();
        var waiting = await OutboxRowsAsync("idempotency_key", "kind = 'tenant-letter' AND release_at IS NOT NULL");
        Assert.NotEmpty(waiting);

        // The gas schedule is dropped: every gas order is cancelled, and the letters still waiting with it.
        var (apply, _) = await ApplyAsync(GasConfig("v2", gas: false));
        Assert.NotEmpty(apply.CancelledReferences);
        Assert.Equal(
            waiting.Select(k => $"{k}|superseded|not sent: its work order was cancelled first"),
            await OutboxRowsAsync("idempotency_key, status, last_error", "kind = 'tenant-letter' AND release_at IS NOT NULL"));

        await using var server = TestSmtpServer.Start();
        Clock.Reset(Instant.FromUtc(2027, 8, 1, 9, 0));
        await Dispatcher(GasConfig("v2", gas: false), Smtp(server.Port)).DispatchDueAsync(500);
        Assert.DoesNotContain(server.Messages, m => waiting.Any(k => m.MessageId == k + "@estate-scheduler"));
    }

    [Fact]
    public async Task Book_AppointmentCancelledByAnotherWriterBeforeItsLetterGoes_TheNextBookingSupersedesTheLetter()
    {
        await BookAsync();
        var key = (await OutboxRowsAsync("idempotency_key", "kind = 'tenant-letter' AND release_at IS NOT NULL"))[^1];
        var reference = key.Split('/')[1];

        // Cancelled by hand (not by an apply, which would have superseded the letter itself).
        await Database.DataSource.ScalarAsync<long>(
            $"WITH c AS (UPDATE work_orders SET status = 'cancelled', cancelled_reason = 'by hand' WHERE reference = '{reference}' RETURNING 1) SELECT count(*) FROM c");
        await Booking(GasConfig()).BookAsync(AsOf.PlusDays(1));

        Assert.Equal(
            [$"{key}|superseded|not sent: its appointment was cancelled or changed before the letter went"],
            await OutboxRowsAsync("idempotency_key, status, last_error", $"idempotency_key = '{key}'"));
        Assert.Equal("cancelled", await Database.DataSource.ScalarAsync<string>(
            $"SELECT a.status FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.reference = '{reference}'"));
        await using var server = TestSmtpServer.Start();
        Clock.Reset(Instant.FromUtc(2027, 8, 1, 9, 0));
        await Dispatcher(GasConfig(), Smtp(server.Port)).DispatchDueAsync(500);
        Assert.DoesNotContain(server.Messages, m => m.MessageId == key + "@estate-scheduler");
    }

    [Theory]
    [InlineData(VisitOutcome.Done, false)]
    [InlineData(VisitOutcome.Done, true)]
    [InlineData(VisitOutcome.NoAccess, false)]
    [InlineData(VisitOutcome.NoAccess, true)]
    public async Task Report_VisitReportedBeforeItsLetterGoes_TheLetterIsSupersededAndNeverSent(VisitOutcome outcome, bool many)
    {
        // Sixty homes due the same day for one engineer: the last of them are booked weeks into the window, so their
        // letters' day comes after the window opens.
        var homes = Enumerable.Range(0, 60)
            .Select(i => TestEstate.Home(string.Create(CultureInfo.InvariantCulture, $"H{i:00}"), null, null, new LocalDate(2026, 6, 4)))
            .ToList();
        var register = new EstateRegister(
            [new Area("north", "North patch"), new Area("south", "South patch")], [TestEstate.Site("S1")], [TestEstate.Block("B1", "S1", "weekly")], homes,
            [.. homes.Select(h => TestEstate.Tenant($"T-{h.Id}", h.Id))]);
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(register, "test", AsOf);
        await ApplyAsync(GasConfig());
        Assert.Equal(60, (await Booking(GasConfig()).BookAsync(AsOf)).Booked.Count);

        // A letter whose day comes after its order's window opens: the engineer can call (and report) before it goes.
        var early = await Database.DataSource.RowsAsync(
            """
            SELECT o.idempotency_key, w.reference, w.window_start::text
            FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
            JOIN outbox_messages o ON o.idempotency_key = 'letter/' || w.reference || '/' || a.attempt || '/' || a.id
            WHERE o.release_at IS NOT NULL AND a.letter_on > w.window_start
            ORDER BY a.letter_on - w.window_start DESC, a.id
            LIMIT 1
            """);
        var (key, reference, windowStart) = (early[0].Split('|')[0], early[0].Split('|')[1], Date(early[0].Split('|')[2]));

        // The engineer called on the window's first day (or found nobody in) and reported it, before the letter went.
        Clock.Reset(windowStart.At(new LocalTime(18, 0)).InZoneLeniently(London).ToInstant());
        var recorder = new CompletionRecorder(Database.DataSource, Clock, TestEstate.Zone, [new GasCompletionEffect(GasConfig(), TestEstate.Calendar, Clock)]);
        var report = new CompletionReport(reference, "warmfix", outcome, windowStart, CompletionSources.Csv);
        if (many)
        {
            var results = await recorder.RecordManyAsync([report]);
            Assert.Equal(CompletionStatus.Recorded, Assert.Single(results).Status);
        }
        else
        {
            var result = await recorder.RecordAsync(report);
            Assert.True(result.Status == CompletionStatus.Recorded, result.ToString());
        }

        Assert.Equal(outcome == VisitOutcome.Done ? "attended" : "no-access", await Database.DataSource.ScalarAsync<string>(
            $"SELECT a.status FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.reference = '{reference}' AND a.attempt = 1"));
        Assert.Equal(
            [$"{key}|superseded|not sent: its appointment was cancelled or changed before the letter went"],
            await OutboxRowsAsync("idempotency_key, status, last_error", $"idempotency_key = '{key}'"));
        await using var server = TestSmtpServer.Start();
        Clock.Reset(Instant.FromUtc(2027, 8, 1, 9, 0));
        await Dispatcher(GasConfig(), Smtp(server.Port)).DispatchDueAsync(500);
        Assert.DoesNotContain(server.Messages, m => m.MessageId == key + "@estate-scheduler");
        Assert.NotEmpty(server.Messages);
    }

    private static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).Value;

    private static string Format(Instant instant) => InstantPattern.General.Format(instant);
}
