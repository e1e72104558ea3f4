using NodaTime;
using NodaTime.Text;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// A check is recorded against the home's legal deadline (DOMAIN.md §1: the last effective date + 12 months), not against
/// a stale deadline its order was made for (docs/gas-safety.md, A stale deadline on a projected order): the next check's
/// order is made a horizon ahead from a projection that assumes the overdue home's urgent visit is made on its target day
/// (since branch gasproj38 the day the booking can book it, 5 working days on: docs/gas-safety.md, The urgent visit's day);
/// made a week later (the area full, say), that visit moves the legal deadline a week later, and the order made before
/// keeps the earlier one.
/// </summary>
public class StaleDeadlineTests : GasTestBase
{
    [Theory]
    // Inside the legal window (which opens 16 Oct): the legal anniversary is kept, not the stale deadline a week before it.
    [InlineData("2027-11-15", false, "2027-12-15", "2028-12-15")]
    [InlineData("2027-11-15", true, "2027-12-15", "2028-12-15")]
    // In the order's window (opened 9 Oct) but before the legal window opened: by reg. 36A the check counts from its own
    // day, where the stale deadline made it count two months later than the law allows.
    [InlineData("2027-10-12", false, "2027-10-12", "2028-10-12")]
    [InlineData("2027-10-12", true, "2027-10-12", "2028-10-12")]
    public async Task CheckOnAnOrderMadeBeforeTheUrgentVisit_CountsAgainstTheLegalDeadline(string completed, bool many, string effective, string next)
    {
        var ds = Database.DataSource;
        // Overdue on 1 Dec 2026 (deadline 20 Nov): an urgent order from that day, and, with a horizon past the next
        // deadline, the next check's order, projected from the urgent visit made on its target day (Tue 8 Dec, the first
        // day the booking can book it): 8 Dec 2027.
        await ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2025, 11, 20))), new LocalDate(2026, 12, 1));
        await ApplyAsync(new LocalDate(2026, 12, 1), GasConfig(horizonWeeks: 60));
        Assert.Equal(
            ["2026-11-20", "2027-12-08"],
            await ds.RowsAsync("SELECT deadline::text FROM work_orders WHERE status = 'planned' ORDER BY target_date"));

        // The urgent visit is made a week later (late: effective that day), so the legal deadline is 15 Dec 2027. Since
        // branch gas37 the report brings the next order to it (NextOrderMovedTests); an order stored with the stale
        // deadline (made before that branch, or one whose window had opened when the visit before it was reported, which
        // is not moved) is put back by hand: the next night keeps it (it covers the wanted visit) with its deadline of 8 Dec.
        await ReportAsync("H1", VisitOutcome.Done, new LocalDate(2026, 12, 15), many: many);
        Assert.Equal(["2027-12-15"], await ds.RowsAsync("SELECT deadline::text FROM work_orders WHERE status = 'planned'"));
        Assert.Equal(1, await ds.ScalarAsync<int>(
            """
            WITH s AS (UPDATE work_orders SET deadline = '2027-12-08', window_start = '2027-10-09', window_end = '2027-12-07', target_date = '2027-10-11',
                                              occurrence_key = 'gas-safety/H1/2027-10-09/gas-safety'
                       WHERE status = 'planned' RETURNING 1)
            SELECT count(*)::int FROM s
            """));
        await ApplyAsync(new LocalDate(2026, 12, 16), GasConfig(horizonWeeks: 60));
        Assert.Equal(["2027-12-08"], await ds.RowsAsync("SELECT deadline::text FROM work_orders WHERE status = 'planned'"));

        var on = LocalDatePattern.Iso.Parse(completed).Value;
        await ReportAsync("H1", VisitOutcome.Done, on, many: many);

        Assert.Equal(
            [$"2027-12-15|{completed}|{effective}|{next}"],
            await ds.RowsAsync($"SELECT previous_deadline::text, completed_on::text, effective_on::text, next_deadline::text FROM gas_checks WHERE completed_on = '{completed}'"));
        // The order holds the deadline its check answered, so generation counts from the same date as gas_checks.
        Assert.Equal(["2027-12-15"], await ds.RowsAsync($"SELECT deadline::text FROM work_orders WHERE completed_on = '{completed}'"));
        Assert.Equal(LocalDatePattern.Iso.Parse(effective).Value, await LastDoneAsync("H1"));
        var state = Assert.Single((await new GasComplianceReader(ds, GasConfig()).ReadAsync(on)).Homes);
        Assert.Equal(LocalDatePattern.Iso.Parse(next).Value, state.Deadline);
    }

    [Fact]
    public async Task CheckOnAnOrderWhoseDeadlineIsTheLegalOne_IsRecordedAsBefore()
    {
        var ds = Database.DataSource;
        await ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2025, 11, 20))), new LocalDate(2026, 12, 1));
        await ApplyAsync(new LocalDate(2026, 12, 1), GasConfig(horizonWeeks: 60));

        // The urgent visit made on its target day (8 Dec, the first day the booking can book it): the order made before
        // holds the legal deadline; its check, inside the window (9 Oct - 7 Dec 2027), keeps the anniversary.
        await ReportAsync("H1", VisitOutcome.Done, new LocalDate(2026, 12, 8));
        await ReportAsync("H1", VisitOutcome.Done, new LocalDate(2027, 10, 12));

        Assert.Equal(
            ["2026-11-20|2026-12-08|2026-12-08|2027-12-08", "2027-12-08|2027-10-12|2027-12-08|2028-12-08"],
            await ds.RowsAsync("SELECT previous_deadline::text, completed_on::text, effective_on::text, next_deadline::text FROM gas_checks ORDER BY completed_on"));
    }
}
