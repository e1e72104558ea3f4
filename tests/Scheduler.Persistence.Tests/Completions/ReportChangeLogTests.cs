using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Sla;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Completions;

/// <summary>
/// The change logs a report leaves for the nightly generation (<c>planning_changes</c>) and the gas booking
/// (<c>gas_booking_changes</c>): <see cref="CompletionRecorder.RecordManyAsync"/> writes its orders' rows itself, set-based,
/// where <see cref="CompletionRecorder.RecordAsync"/> (and every other writer) leaves them to the row triggers. Both routes
/// on two databases with the same estate, orders and bookings, reporting every kind of order the recorder changes —
/// cleaning (block), grass cutting (site), gas safety (home) planned, issued and appointed, done, no access (rebooked)
/// and with a defect (a repair raised), then the raised repairs (an SLA category: no planning change) and the rebooked
/// visits on their new appointment, a report sent again, and a defect found on visits already reported done — must leave
/// the same rows in both logs.
/// </summary>
public class ReportChangeLogTests : Orders.GenerationTestBase
{
    private static readonly LocalDate BookOn = new(2027, 3, 15);
    private static readonly LocalDate FirstDay = new(2027, 4, 20);

    private static readonly AppointmentPolicy Appointments = new(["AM", "PM"], Period.FromDays(14), 3)
    {
        Engineers = new Dictionary<string, int> { ["north"] = 3 },
    };

    private static EstateConfiguration LogConfig() =>
        Config(
            [CleanWeekly(), CleanFortnightly(), GrassCut(), GasSafety() with { Appointment = Appointments }],
            [
                Cleaner(), Grounds(),
                new Contractor("warmfix", "Warmfix Heating", "jobs@warmfix.example", ["gas-safety", "gas-repair"], ["north", "south"], DispatchMode.PerOrder),
                new Contractor("fixit", "Fixit Repairs", "jobs@fixit.example", ["repairs"], ["north", "south"], DispatchMode.PerOrder),
            ],
            horizonWeeks: 20);

    [Fact]
    public async Task RecordManyAsync_EveryKindOfOrder_LeavesTheChangeLogsOfOneAtATime()
    {
        var homes = Enumerable.Range(1, 12).Select(i => Home($"N{i:00}", "B1", "S1", new LocalDate(2026, 6, 10))).ToArray();
        var register = new Domain.Estate.EstateRegister(
            [new Domain.Estate.Area("north", "North patch"), new Domain.Estate.Area("south", "South patch")],
            [Site("S1")],
            [Block("B1", "S1", "weekly"), Block("B2", "S1", "fortnightly")],
            homes,
            [.. homes.Select(h => Tenant($"T-{h.Id}", h.Id))]);
        await using var single = await EstateTestDatabase.CreateAsync();
        var singleClock = TestEstate.Clock();
        await RecordedTwice.ImportApplyBookAsync(register, LogConfig(), BookOn, (Database, Clock), (single, singleClock));
        foreach (var database in new[] { Database, single })
        {
            // A third of the planned orders sent (issued), as the dispatcher leaves them.
            await database.DataSource.ExecuteAsync("UPDATE work_orders SET status = 'issued' WHERE status = 'planned' AND id % 3 = 0");
        }

        // Day 1: every open order due by then (a gas order on its appointment's day), done, no access or with a defect.
        var due = await Database.DataSource.RowsAsync(
            $"""
            SELECT w.reference, coalesce(a.date, w.window_start)::text, w.service, w.status
            FROM work_orders w LEFT JOIN gas_appointments a ON a.work_order_id = w.id AND a.status = 'booked'
            WHERE w.status IN ('planned', 'issued', 'appointed') AND coalesce(a.date, w.window_start) <= '{FirstDay:uuuu-MM-dd}'
            ORDER BY coalesce(a.date, w.window_start), w.reference
            """);
        Assert.Contains(due, r => r.EndsWith("|gas-safety|appointed", StringComparison.Ordinal));
        Assert.Contains(due, r => r.EndsWith("|block-clean|issued", StringComparison.Ordinal));
        Assert.Contains(due, r => r.EndsWith("|block-clean|planned", StringComparison.Ordinal));
        Assert.Contains(due, r => r.Contains("|grass-cut|", StringComparison.Ordinal));
        var first = due.Select((row, i) =>
        {
            var parts = row.Split('|');
            var on = NodaTime.Text.LocalDatePattern.Iso.Parse(parts[1]).Value;
            var gas = parts[2] == "gas-safety";
            return (i % 5) switch
            {
                1 => Report(parts[0], VisitOutcome.NoAccess, on),
                3 => Report(parts[0], VisitOutcome.Defect, on, gas ? SlaIds.GasHeatingAttend : SlaIds.RepairsRoutine),
                _ => Report(parts[0], VisitOutcome.Done, on),
            };
        }).ToList();
        first.Add(first[0] with { Note = "sent again" });
        await RecordBothAsync(single, singleClock, FirstDay, first, "day 1");
        Assert.True(await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE attempt = 2 AND status = 'booked'") > 0, "no visit rebooked");

        // Day 2: the raised repairs and the rebooked visits, on their day, and a day-1 report again.
        var later = await Database.DataSource.RowsAsync(
            """
            SELECT w.reference, coalesce(a.date, w.window_start)::text, w.sla_category IS NOT NULL
            FROM work_orders w LEFT JOIN gas_appointments a ON a.work_order_id = w.id AND a.status = 'booked'
            WHERE w.status IN ('planned', 'issued', 'appointed') AND (w.parent_id IS NOT NULL OR a.attempt >= 2)
            ORDER BY w.reference
            """);
        Assert.Contains(later, r => r.EndsWith("|True", StringComparison.Ordinal));
        Assert.Contains(later, r => r.EndsWith("|False", StringComparison.Ordinal));
        var second = later.Select(row => Report(row.Split('|')[0], VisitOutcome.Done, NodaTime.Text.LocalDatePattern.Iso.Parse(row.Split('|')[1]).Value)).ToList();
        second.Add(first[1]);

        // And a defect found on one visit of each service reported done on day 1, the same visit date (branch defect36):
        // recorded with its repair, the visit and the change logs left as the done report left them.
        second.AddRange(due.Select((row, i) => (Service: row.Split('|')[2], Report: first[i]))
            .Where(d => d.Report.Outcome == VisitOutcome.Done)
            .GroupBy(d => d.Service)
            .Select(g => g.First().Report with { Outcome = VisitOutcome.Defect, DefectCategory = SlaIds.RepairsExternal, Note = "found after it was done" }));
        Assert.True(second.Count(r => r.Outcome == VisitOutcome.Defect) >= 3);
        await RecordBothAsync(single, singleClock, second.Max(r => r.On), second, "day 2");
    }

    /// <summary>
    /// Records <paramref name="reports"/> in bulk on <see cref="Orders.GenerationTestBase.Database"/> and one at a time on
    /// <paramref name="single"/>, the change logs emptied first, at 20:00 on <paramref name="day"/>; the same answers, orders
    /// and change logs.
    /// </summary>
    private async Task RecordBothAsync(EstateTestDatabase single, FakeClock singleClock, LocalDate day, List<CompletionReport> reports, string label)
    {
        var now = day.At(new LocalTime(20, 0)).InZoneLeniently(DateTimeZoneProviders.Tzdb["Europe/London"]).ToInstant();
        var (many, expected) = await RecordedTwice.RecordBothWaysAsync(reports, now, (Database, Clock), (single, singleClock), Recorder);

        Assert.Equal(RecordedTwice.Describe(expected), RecordedTwice.Describe(many));
        Assert.Contains(many, r => r.Status == CompletionStatus.AlreadyRecorded);
        Assert.True(many.Count(r => r.Status == CompletionStatus.Recorded) >= reports.Count - 1, $"{label}: {string.Join("; ", many.Select(r => r.Message))}");
        await RecordedTwice.AssertSameRowsAsync(single, Database, RecordedTwice.OrdersSql, mayBeEmpty: false, $"{label}: work_orders");
        await RecordedTwice.AssertSameChangeLogsAsync(single, Database, label);
    }

    private static CompletionReport Report(string reference, VisitOutcome outcome, LocalDate on, string? category = null) =>
        new(reference, null, outcome, on, CompletionSources.Csv, category, "simulated");

    private static CompletionRecorder Recorder(EstateTestDatabase database, FakeClock clock) =>
        new(database.DataSource, clock, TestEstate.Zone,
        [
            new GasCompletionEffect(LogConfig(), TestEstate.Calendar, clock),
            new RepairFromDefectEffect(LogConfig(), TestEstate.Calendar, clock),
        ]);
}
