using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>The compliance snapshot: statuses per home and a BS01 figure that equals a count made independently in SQL.</summary>
public class GasComplianceReaderTests : GasTestBase
{
    private static readonly LocalDate AsOfDay = new(2027, 4, 20);

    [Fact]
    public async Task ReadAsync_MixedEstate_Bs01EqualsAnIndependentCount()
    {
        var ds = Database.DataSource;
        await ImportAsync(
            GasEstate(
                Home("N01", "B1", "S1", new LocalDate(2026, 6, 10)),   // booked for 12 April; nothing reported by the 20th: due
                Home("N02", "B1", "S1", new LocalDate(2026, 4, 19)),   // deadline 2027-04-19: overdue on 20 April
                Home("N03", "B1", "S1", new LocalDate(2026, 4, 20)),   // deadline day itself: still in date
                Home("N04", "B1", "S1", null),                         // never checked: without
                Home("N05", "B1", "S1", new LocalDate(2026, 5, 1)),    // due, checked below: deadline moves
                Home("N06", "B1", "S1", new LocalDate(2026, 1, 1), gas: false), // no gas: not counted
                Home("S01", null, null, new LocalDate(2026, 12, 1), area: "south")),
            new LocalDate(2027, 3, 15));
        await ApplyAsync(new LocalDate(2027, 3, 15), GasConfig());
        await Booking().BookAsync(new LocalDate(2027, 3, 15));
        await ReportAsync("N05", VisitOutcome.Done, new LocalDate(2027, 4, 1));

        var snapshot = await new GasComplianceReader(ds, GasConfig()).ReadAsync(AsOfDay);

        var independent = await ds.RowsAsync(
            $"""
            SELECT count(*) FILTER (WHERE d >= DATE '2027-04-20')::text || '/' || count(*)::text
            FROM (SELECT COALESCE((SELECT c.next_deadline FROM gas_checks c WHERE c.home_id = h.id ORDER BY c.completed_on DESC, c.id DESC LIMIT 1),
                                  (h.last_gas_check + interval '12 months')::date) AS d
                  FROM homes h WHERE h.active AND h.gas) x
            """);
        Assert.Equal([$"{snapshot.Bs01.WithInDateCheck}/{snapshot.Bs01.Total}"], independent);
        Assert.Equal((4, 6), (snapshot.Bs01.WithInDateCheck, snapshot.Bs01.Total));
        Assert.Equal(["N02", "N04"], snapshot.Bs01.HomesWithout);
        Assert.Equal(66.7m, snapshot.Bs01.Percentage());
        Assert.Equal(
            [
                ("N01", GasComplianceStatus.Due), ("N02", GasComplianceStatus.Overdue), ("N03", GasComplianceStatus.Due),
                ("N04", GasComplianceStatus.Overdue), ("N05", GasComplianceStatus.Compliant), ("S01", GasComplianceStatus.Compliant),
            ],
            snapshot.Homes.Select(h => (h.HomeId, h.Status)));
        Assert.Equal(new LocalDate(2028, 5, 1), snapshot.Homes.Single(h => h.HomeId == "N05").Deadline);
        Assert.Equal(new LocalDate(2027, 4, 12), snapshot.Homes.Single(h => h.HomeId == "N01").Appointment);
    }
    [Fact]
    public async Task StaleOrderOfAnEarlierDeadline_TheNextCheckIsBookedAndIsTheHomesAppointment()
    {
        // H1's deadline was 7 Feb 2027: overdue on 1 Mar, when it gets an urgent order, booked for 8 Mar (attempt 1).
        // That visit is never reported; after its window a second urgent order is made (15 Mar), and the check is done
        // on it that day. The first order's appointment is cancelled by the report, the order itself by the next booking
        // (check-made: CheckMadeElsewhereTests).
        var ds = Database.DataSource;
        await new RegisterImporter(ds, Clock).ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2026, 2, 7))), "test", new LocalDate(2027, 3, 1));
        foreach (var day in new[] { new LocalDate(2027, 3, 1), new LocalDate(2027, 3, 15) })
        {
            await new WorkOrderGeneration(ds, GasConfig(), Calendar, Clock).ApplyAsync(day);
            await Booking().BookAsync(day);
        }

        var newer = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE asset_id = 'H1' ORDER BY id DESC LIMIT 1");
        SetClock(new LocalDate(2027, 3, 15));
        var recorded = await new CompletionRecorder(ds, Clock, TestEstate.Zone, [Effect()]).RecordAsync(
            new CompletionReport(newer, "warmfix", VisitOutcome.Done, new LocalDate(2027, 3, 15), CompletionSources.Csv, null, null));
        Assert.Equal(CompletionStatus.Recorded, recorded.Status);

        // Ten months on, inside the new deadline's two-month early window, the next check is booked.
        var later = new LocalDate(2028, 1, 20);
        await new WorkOrderGeneration(ds, GasConfig(), Calendar, Clock).ApplyAsync(later);
        await Booking().BookAsync(later);
        Assert.Equal("cancelled", await ds.ScalarAsync<string>("SELECT status FROM work_orders WHERE asset_id = 'H1' ORDER BY id LIMIT 1"));
        var appointments = await ds.RowsAsync("SELECT deadline::text || '|' || date::text || '|' || status FROM gas_appointments ORDER BY id");
        Assert.Equal(2, appointments.Count);
        Assert.Equal("2027-02-07|2027-03-08|cancelled", appointments[0]); // cancelled by the check made on the second order
        Assert.EndsWith("|booked", appointments[1], StringComparison.Ordinal);
        var next = NodaTime.Text.LocalDatePattern.Iso.Parse(appointments[1].Split('|')[1]).Value;

        var home = (await new GasComplianceReader(ds, GasConfig()).ReadAsync(later.PlusDays(1))).Homes.Single();

        Assert.Equal(NodaTime.Text.LocalDatePattern.Iso.Parse(appointments[1].Split('|')[0]).Value, home.Deadline);
        Assert.Equal(next, home.Appointment);
        Assert.Equal(GasComplianceStatus.Compliant, home.Status);
    }
    [Fact]
    public async Task StaleOrderOfAnEarlierDeadline_CheckImportedInTheRegister_TheNextCheckIsBooked()
    {
        // H1 overdue on 1 Mar 2027, its urgent order booked for 8 Mar and never reported; the check was made on 10 Mar
        // by someone else and the register imported with it on 20 Mar. Ten months on the next check is booked; the stale
        // order and its visit have been cancelled (check-made: CheckMadeElsewhereTests).
        var ds = Database.DataSource;
        await new RegisterImporter(ds, Clock).ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2026, 2, 7))), "test", new LocalDate(2027, 3, 1));
        await new WorkOrderGeneration(ds, GasConfig(), Calendar, Clock).ApplyAsync(new LocalDate(2027, 3, 1));
        await Booking().BookAsync(new LocalDate(2027, 3, 1));
        await new RegisterImporter(ds, Clock).ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2027, 3, 10))), "test", new LocalDate(2027, 3, 20));

        var later = new LocalDate(2028, 1, 20);
        await new WorkOrderGeneration(ds, GasConfig(), Calendar, Clock).ApplyAsync(later);
        await Booking().BookAsync(later);

        Assert.Equal("cancelled", await ds.ScalarAsync<string>("SELECT status FROM work_orders WHERE asset_id = 'H1' ORDER BY id LIMIT 1"));
        var booked = await ds.RowsAsync("SELECT deadline::text FROM gas_appointments WHERE status = 'booked' ORDER BY date");
        Assert.Equal(["2028-03-10"], booked);
        var home = (await new GasComplianceReader(ds, GasConfig()).ReadAsync(later.PlusDays(1))).Homes.Single();
        Assert.Equal(new LocalDate(2028, 3, 10), home.Deadline);
        Assert.Equal(GasComplianceStatus.Compliant, home.Status);
    }
}
