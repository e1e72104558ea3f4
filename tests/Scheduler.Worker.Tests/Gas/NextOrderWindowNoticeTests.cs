using MimeKit;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// A home's next gas order brought to the legal window by the check before it (branch <c>gas37</c>; docs/gas-safety.md, A
/// stale deadline on a projected order), told to a contractor already sent it: one changed-window notice on the order's
/// UID, saying the window it now runs in and the one sent before, and the visit the tenant now expects. H9 is overdue on
/// Tuesday 6 April 2027 (deadline 1 March 2027): an urgent order from that day, aimed at the day the booking can book it
/// (Tuesday 13 April, 5 working days on), and the next check's order projected from it (deadline 13 April 2028, window
/// 14 February - 12 April 2028), booked for Tuesday 15 February 2028 and sent. The urgent visit is made a week late
/// (20 April): the legal deadline is 20 April 2028, the legal window 21 February - 19 April.
/// Real apply, completion recorder, PostgreSQL, dispatcher and SMTP server; the calendar parsed with Ical.Net.
/// </summary>
public sealed class NextOrderWindowNoticeTests : OutboxTestBase
{
    private const string Engineer = "jobs@warmfix.example";

    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static readonly LocalDate Day1 = new(2027, 4, 6);

    private static readonly EstateConfiguration Config = TestEstate.Config(
        [TestEstate.GasSafety() with
        {
            Appointment = new AppointmentPolicy(["AM", "PM"], Period.FromDays(14), 3)
            {
                Engineers = new Dictionary<string, int> { ["north"] = 1 },
                Hours = new Dictionary<string, SlotHours> { ["AM"] = new(new LocalTime(8, 0), new LocalTime(12, 0)) },
            },
        }],
        [TestEstate.GasEngineer()],
        "v1",
        horizonWeeks: 60);

    private async Task<List<MimeMessage>> DispatchToEngineerAsync()
    {
        await using var server = TestSmtpServer.Start();
        await Dispatcher(Config, Smtp(server.Port)).DispatchDueAsync(500);
        return [.. server.Messages.Where(m => m.To.Mailboxes.Single().Address == Engineer)];
    }

    [Fact]
    public async Task NextOrderSentAndBookedBeforeTheLegalWindow_OneChangedWindowNoticeWithTheNewWindowAndVisit()
    {
        var ds = Database.DataSource;
        Clock.Reset(Day1.At(new LocalTime(9, 0)).InZoneStrictly(London).ToInstant());
        var home = TestEstate.Home("H9", null, null, new LocalDate(2026, 3, 1));
        await new RegisterImporter(ds, Clock).ImportAsync(
            new EstateRegister(
                [new Area("north", "North patch"), new Area("south", "South patch")], [TestEstate.Site("S1")], [TestEstate.Block("B1", "S1", "weekly")], [home],
                [TestEstate.Tenant("T-H9", "H9")]),
            "test",
            Day1);
        await ApplyAsync(Config, Day1);
        var urgent = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE asset_id = 'H9' AND deadline = '2027-03-01'");
        var next = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE asset_id = 'H9' AND deadline = '2028-04-13'");
        Assert.Equal(["2028-02-14|2028-04-12|2028-02-14"], await ds.RowsAsync($"SELECT window_start::text, window_end::text, target_date::text FROM work_orders WHERE reference = '{next}'"));

        // Booked for 15 February 2028 (as a booking made before the visit before it was reported would be), then sent.
        await BookH9ByHandAsync(ds, next, new LocalDate(2028, 4, 13), new LocalDate(2028, 2, 15), Config.Version, Day1, Clock.GetCurrentInstant(), London);

        var first = await DispatchToEngineerAsync();
        var notice = Assert.Single(first, m => m.Subject!.StartsWith($"Work order {next}: ", StringComparison.Ordinal));
        Assert.Contains("Appointment:  Tuesday 15 February 2028, morning, between 8am and 12 noon", notice.TextBody, StringComparison.Ordinal);

        // The urgent visit, a week late.
        var visited = new LocalDate(2027, 4, 20);
        Clock.Reset(visited.At(new LocalTime(18, 0)).InZoneStrictly(London).ToInstant());
        var recorder = CompletionEffects.Recorder(ds, Config, TestEstate.Calendar, Clock);
        Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(new CompletionReport(urgent, null, VisitOutcome.Done, visited, CompletionSources.Cli))).Status);

        var sent = Assert.Single(await DispatchToEngineerAsync());
        Assert.Equal($"<order/{next}/window/2028-04-19@estate-scheduler>", $"<{sent.MessageId}>");
        Assert.StartsWith($"New window for work order {next}: ", sent.Subject, StringComparison.Ordinal);
        Assert.Contains(
            "The window for this work order has changed: it now runs from Monday 21 February 2028 to Wednesday 19 April 2028, not Monday 14 February 2028 to Wednesday 12 April 2028 as we sent before, and we have aimed it at Monday 21 February 2028.\n"
            + "The tenant expects you on Monday 21 February 2028, morning, between 8am and 12 noon.\n"
            + "Please use these details instead of the ones we sent before.",
            sent.TextBody!.ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
        Assert.Contains("Window:       Monday 21 February 2028 to Wednesday 19 April 2028 (both days included)", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("Appointment:  Monday 21 February 2028, morning, between 8am and 12 noon", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains(
            "<strong>The window for this work order has changed:</strong> it now runs from <strong>Monday 21 February 2028</strong> to <strong>Wednesday 19 April 2028</strong>, not Monday 14 February 2028 to Wednesday 12 April 2028 as we sent before",
            sent.HtmlBody,
            StringComparison.Ordinal);

        var calendar = Ical.Net.Calendar.Load(IcsOf(sent))!;
        var ev = Assert.Single(calendar.Events)!;
        Assert.Equal($"{next}@estate-scheduler", ev.Uid);
        Assert.Equal(1, ev.Sequence);
        Assert.Equal(new LocalDate(2028, 2, 21).At(new LocalTime(8, 0)).InZoneStrictly(London).ToDateTimeUtc(), ev.DtStart!.AsUtc);

        // Nothing more: no changed-appointment notice beside it, and the next night's dispatch sends nothing.
        Assert.Equal(0, await CountAsync($"idempotency_key LIKE 'order/{next}/appointment/%'"));
        Assert.Empty(await DispatchToEngineerAsync());
    }

    /// <summary>
    /// Books H9's order <paramref name="next"/> (deadline <paramref name="deadline"/>) for the morning of
    /// <paramref name="visit"/> with the first letter, as the nightly booking of <paramref name="day1"/> writes it
    /// (<see cref="GasBookingWriter"/>): a booking made before the visit before it was reported.
    /// </summary>
    internal static async Task BookH9ByHandAsync(
        Npgsql.NpgsqlDataSource ds, string next, LocalDate deadline, LocalDate visit, string configVersion, LocalDate day1, Instant now, DateTimeZone zone)
    {
        await using var connection = await ds.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await ds.ScalarAsync<long>($"SELECT id FROM work_orders WHERE reference = '{next}'");
        await GasBookingWriter.WriteAsync(
            connection,
            transaction,
            [(new GasOrder(id, next, "gas-safety", "gas-safety", "H9", "north", "planned", deadline),
              new GasBooking("H9", "north", deadline, new AccessAttempt(1, visit, "AM", LetterKind.First, day1, AccessOutcome.Pending), true) { LetterReaches = day1 })],
            configVersion,
            day1,
            now,
            zone,
            CancellationToken.None);
        await transaction.CommitAsync();
    }
}
