using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// An urgent gas order is projected on the day the booking can book its visit (docs/gas-safety.md, The urgent visit's day):
/// applied and booked on Friday 30 April 2027, before the Early May bank holiday (Monday 3 May), the homes overdue (deadline
/// 1 April 2027) or with no check known get the target the booking then books — Monday 10 May emailed (5 working days), Thursday
/// 13 May by post (8) — and the next check's order, projected from that day, holds the legal deadline the check made on it
/// gives: the report moves nothing (gas37's repair, docs/gas-safety.md, A stale deadline on a projected order, is not
/// needed). Until this change the target was the window's first working day, 30 April, the visit could not be before 10 May,
/// and every such next order was moved at the report. Real PostgreSQL: import, apply, booking, completion effect.
/// </summary>
public class UrgentVisitDayTests : GasTestBase
{
    private static readonly LocalDate Friday = new(2027, 4, 30);

    private static EstateConfiguration Config60() =>
        Config([GasSafety() with { Appointment = Policy }], [GasEngineer()], horizonWeeks: 60);

    /// <summary>E emailed and P by post (overdue since 2 April 2027), N emailed with no check known, and with <paramref name="due"/> D, due today (30 April 2027).</summary>
    private static EstateRegister Homes(bool due = false) => new(
        [new Area("north", "North patch"), new Area("south", "South patch")],
        [Site("S1")],
        [Block("B1", "S1", "weekly")],
        [
            Home("E", "B1", "S1", new LocalDate(2026, 4, 1)),
            Home("P", "B1", "S1", new LocalDate(2026, 4, 1)),
            Home("N", "B1", "S1", null),
            .. due ? [Home("D", "B1", "S1", new LocalDate(2026, 4, 30))] : Array.Empty<Home>(),
        ],
        [Tenant("T-E", "E"), Tenant("T-P", "P", ContactChannel.Post), Tenant("T-N", "N"), .. due ? [Tenant("T-D", "D")] : Array.Empty<Tenant>()]);

    private Task<List<string>> UrgentOrdersAsync(string home) =>
        Database.DataSource.RowsAsync(
            $"SELECT coalesce(deadline::text, 'none') || '|' || window_start::text || '|' || window_end::text || '|' || target_date::text FROM work_orders WHERE asset_id = '{home}' AND status <> 'cancelled' ORDER BY window_start");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OverdueOnAFridayBeforeABankHoliday_TargetIsTheBookedDay_TheNextOrderHoldsTheLegalDeadline(bool many)
    {
        var config = Config60();
        var ds = Database.DataSource;
        await ImportAsync(Homes(), Friday);
        await Generation(config).GenerateAsync(Friday);

        // The urgent orders (window 30 April - 13 May) aimed at the day the booking can book, and the next check's order
        // projected 12 months on from it.
        Assert.Equal(["2027-04-01|2027-04-30|2027-05-13|2027-05-10", "2028-05-10|2028-03-11|2028-05-09|2028-03-13"], await UrgentOrdersAsync("E"));
        Assert.Equal(["2027-04-01|2027-04-30|2027-05-13|2027-05-13", "2028-05-13|2028-03-14|2028-05-12|2028-03-14"], await UrgentOrdersAsync("P"));
        Assert.Equal(["none|2027-04-30|2027-05-13|2027-05-10", "2028-05-10|2028-03-11|2028-05-09|2028-03-13"], await UrgentOrdersAsync("N"));

        // The booking books each on its order's target (one engineer, two slots a day: N first, no check known, then E).
        SetClock(Friday);
        var booked = await Booking(config).BookAsync(Friday);
        var urgent = booked.Booked.Where(b => b.Date < new LocalDate(2028, 1, 1)).OrderBy(b => b.HomeId, StringComparer.Ordinal)
            .Select(b => $"{b.HomeId}|{b.Date:uuuu-MM-dd}|{b.Slot}");
        Assert.Equal(["E|2027-05-10|PM", "N|2027-05-10|AM", "P|2027-05-13|AM"], urgent);
        Assert.Equal(
            0,
            await ds.ScalarAsync<long>(
                "SELECT count(*) FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.window_start = '2027-04-30' AND a.date <> w.target_date"));

        // Each visit made on its booked day: the checks count from those days, which the next orders already hold.
        await ReportAsync("N", VisitOutcome.Done, new LocalDate(2027, 5, 10), config, many: many);
        await ReportAsync("E", VisitOutcome.Done, new LocalDate(2027, 5, 10), config, many: many);
        await ReportAsync("P", VisitOutcome.Done, new LocalDate(2027, 5, 13), config, many: many);
        Assert.Equal(
            ["E|2028-05-10", "N|2028-05-10", "P|2028-05-13"],
            await ds.RowsAsync("SELECT home_id || '|' || next_deadline::text FROM gas_checks ORDER BY home_id"));
        Assert.Equal(0, await ds.ScalarAsync<long>("SELECT count(*) FROM work_order_events WHERE kind = 'rescheduled'"));
        Assert.Equal(["2028-05-10|2028-03-11|2028-05-09|2028-03-13"], (await UrgentOrdersAsync("E")).Skip(1));
        Assert.Equal(["2028-05-13|2028-03-14|2028-05-12|2028-03-14"], (await UrgentOrdersAsync("P")).Skip(1));

        // The nights after want nothing: incremental, then a full compare of the same day.
        var night = await Generation(config).GenerateAsync(new LocalDate(2027, 5, 14));
        Assert.Empty(night.CreatedReferences);
        Assert.Empty(night.CancelledReferences);
        var full = await Generation(config).PlanAsync(new LocalDate(2027, 5, 14));
        Assert.Empty(full.Plan.Create);
        Assert.Empty(full.Plan.Cancel);
    }

    [Fact]
    public async Task DeadlineNearerThanTheEarliestBookableDay_TargetAndReportAsBefore()
    {
        // D's deadline is today: still in date, so no urgent booking; the 14 days' notice leaves no day before the deadline.
        var config = Config60();
        await ImportAsync(Homes(due: true), Friday);
        await Generation(config).GenerateAsync(Friday);
        Assert.Equal(["2027-04-30|2027-04-30|2027-05-13|2027-04-30", "2028-04-30|2028-03-01|2028-04-29|2028-03-01"], await UrgentOrdersAsync("D"));

        SetClock(Friday);
        var result = await Booking(config).BookAsync(Friday);
        var problem = Assert.Single(result.Unbooked, p => p.HomeId == "D");
        Assert.Equal(BookingProblemKind.TooLate, problem.Kind);
    }

    [Fact]
    public async Task AnOrderStoredWithTheOldTarget_IsKeptTheSameDayAndAfter_NoChurn()
    {
        // E's urgent order as a version before this change stored it (aimed at the window's first working day, 30 April), and
        // its next order projected from that day: the same day's full compare, and the next nights', keep both.
        var config = Config60();
        var ds = Database.DataSource;
        await ImportAsync(Homes(), Friday);
        await Generation(config).GenerateAsync(Friday);
        await ds.ScalarAsync<int>(
            """
            WITH u AS (
                UPDATE work_orders SET target_date = '2027-04-30' WHERE asset_id = 'E' AND window_start = '2027-04-30'
                RETURNING 1)
            SELECT count(*)::int FROM u
            """);

        var same = await Generation(config).PlanAsync(Friday);
        Assert.Empty(same.Plan.Create);
        Assert.Empty(same.Plan.Cancel);
        foreach (var day in new[] { Friday.PlusDays(1), Friday.PlusDays(4), Friday.PlusDays(7) })
        {
            var night = await Generation(config).GenerateAsync(day);
            Assert.Empty(night.CreatedReferences);
            Assert.Empty(night.CancelledReferences);
        }

        var full = await Generation(config).PlanAsync(Friday.PlusDays(7));
        Assert.Empty(full.Plan.Create);
        Assert.Empty(full.Plan.Cancel);
    }

    /// <summary>
    /// A tenant's letter channel changed by hand in SQL (no import) reaches the register a long-running worker keeps
    /// between nights (<see cref="Scheduler.Persistence.Orders.PlanningRegisterCache"/>): the statement raises
    /// <c>register_version</c> (migration <c>TenantsRegisterVersion</c>, branch ops39), the next generation reads the
    /// register again, and E's urgent visit, now written to by post, is aimed at 13 May (8 working days), not 10 May as the
    /// kept register's emailed E would have it. The first night's gas schedule matches no home, so E's urgent order is made
    /// the second night (a config change: a full compare, with the kept register when the version has not moved).
    /// </summary>
    [Fact]
    public async Task TenantChannelChangedBySql_ReachesTheKeptRegister_TheUrgentVisitIsAimedByPost()
    {
        var kept = new Scheduler.Persistence.Orders.PlanningRegisterCache();
        var ds = Database.DataSource;
        var noGasHomes = Config([GasSafety() with { Appointment = Policy, Where = new Dictionary<string, string> { ["gas"] = "none" } }], [GasEngineer()], version: "v0", horizonWeeks: 60);
        await ImportAsync(Homes(), Friday.PlusDays(-1));
        await new Scheduler.Persistence.Orders.WorkOrderGeneration(ds, noGasHomes, Calendar, Clock, kept).GenerateAsync(Friday.PlusDays(-1));
        Assert.Empty(await UrgentOrdersAsync("E"));

        Assert.Equal(1, await ds.ScalarAsync<int>(
            "WITH u AS (UPDATE tenants SET channel = 'post' WHERE id = 'T-E' RETURNING 1) SELECT count(*)::int FROM u"));
        await new Scheduler.Persistence.Orders.WorkOrderGeneration(ds, Config60(), Calendar, Clock, kept).GenerateAsync(Friday);

        // Without the trigger: 10 May and the next order a year on from it, planned with the kept register (1 miss, 1 hit).
        Assert.Equal(["2027-04-01|2027-04-30|2027-05-13|2027-05-13", "2028-05-13|2028-03-14|2028-05-12|2028-03-14"], await UrgentOrdersAsync("E"));
        Assert.Equal(await UrgentOrdersAsync("P"), await UrgentOrdersAsync("E"));
        Assert.Equal((2L, 0L), (kept.Misses, kept.Hits));
    }
}
