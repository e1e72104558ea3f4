using System.Globalization;
using NodaTime;
using Scheduler.Domain.Sla;
using Scheduler.Worker.Reports;

namespace Scheduler.Worker.Tests.Reports;

/// <summary>The 2027 report of a hand-built year: every CSV figure against an independent count, and the measures.</summary>
public class ReportFiguresTests(SeededYear year) : IClassFixture<SeededYear>
{
    [Fact]
    public void Csv_EveryRow_EqualsTheSeedsOwnCount()
    {
        var csv = ReportCsvWriter.Write(year.Report);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("year,commitment,commitment_name,contractor,contractor_name,area,area_name,planned,delivered,on_time,late,not_delivered", lines[0]);
        var rows = lines.Skip(1).Select(ReportCsv.Parse).ToList();
        var expected = year.ExpectedCounts();
        Assert.Equal(expected.Keys.Order(), rows.Select(r => (r.Commitment, r.Contractor, r.Area)).Order());
        foreach (var row in rows)
        {
            var (planned, delivered, onTime) = expected[(row.Commitment, row.Contractor, row.Area)];
            Assert.True(
                (planned, delivered, onTime, delivered - onTime, planned - delivered) == (row.Planned, row.Delivered, row.OnTime, row.Late, row.NotDelivered),
                $"{row.Commitment}/{row.Contractor}/{row.Area}: expected {planned}/{delivered}/{onTime}, got {row.Planned}/{row.Delivered}/{row.OnTime}/{row.Late}/{row.NotDelivered}");
            Assert.Equal("2027", row.Year);
        }
    }

    [Fact]
    public void Report_HandCountedFigures()
    {
        // Emergencies at 00:30 BST on 31 Oct 2027 are due 03:30 GMT (4 h elapsed); done at 04:00 GMT is late, 03:20 on time.
        Assert.Equal((2, 2, 1), Total(SlaIds.RepairsEmergency));
        Assert.Equal((1, 1, 1), Total(SlaIds.GasHeatingAttend));
        Assert.Equal((3, 3, 2), Total(SlaIds.RepairsRoutine)); // incl. the one reported 20 Dec and done 3 Jan 2028
        Assert.Equal((1, 0, 0), Total(SlaIds.RepairsExternal));
        Assert.Equal((0, 0, 0), Total(SlaIds.RepairsMajor));  // reported in 2026: RP02 only
        Assert.Equal((4, 2, 1), Total("gas-safety"));
        Assert.Equal((4, 3, 2), Total("hedge-cut"));
        Assert.Equal((4, 4, 2), Total("residual-spray"));
        Assert.Equal(53, Total("block-clean-weekly").Planned);      // 52 Tuesdays and the 31 December visit; cancelled and 2028 left out
        Assert.Equal(26, Total("block-clean-fortnightly").Planned);
        Assert.Equal(12, Total("block-clean-monthly").Planned);     // December 2026 and January 2028 left out
        Assert.Equal(28, Total("grass-cut").Planned);
        Assert.Equal(28, Total("path-sweep").Planned);
        Assert.Equal(12, Total("weed-control").Planned);
    }

    [Fact]
    public void Report_CommitmentNames_CarryTheConfiguredTargets()
    {
        var emergency = year.Report.Commitments.Single(c => c.Id == SlaIds.RepairsEmergency);

        Assert.Equal("Attend and make safe within 4 hours", emergency.Promise);
        Assert.Equal("Complete within 17 days", year.Report.Commitments.Single(c => c.Id == SlaIds.RepairsRoutine).Promise);
    }

    [Fact]
    public void Rp02_CountsRepairsCompletedInTheYearAgainstTheirOwnDeadline()
    {
        // Emergency: the October pair (one late) and the heating call-out on the March change day (on time).
        Assert.Equal(new Rp02Measure(3, 2), year.Report.Rp02.Emergency);
        Assert.Equal(66.7m, year.Report.Rp02.Emergency.Percentage);

        // Non-emergency: the two routine repairs of March (one 30 minutes late) and the major works reported in 2026;
        // the routine repair done on 3 Jan 2028 counts next year.
        Assert.Equal(new Rp02Measure(3, 2), year.Report.Rp02.NonEmergency);
    }

    [Fact]
    public void Bs01_AtTheYearEnd_CountsGasHomesWithAnInDateCheck()
    {
        // H1 (early-window check keeps 20 Apr), H2 (late check on 20 Feb moves it), H5 (register 1 Jun 2027) are in date;
        // H3 never checked, H6 no access after 15 Nov 2027, H7's register date is after the year end. H4 has no gas, H8 left.
        Assert.Equal(new LocalDate(2027, 12, 31), year.Report.Bs01Date);
        Assert.Equal(3, year.Report.Bs01.WithInDateCheck);
        Assert.Equal(6, year.Report.Bs01.Total);
        Assert.Equal(["H3", "H6", "H7"], year.Report.Bs01.HomesWithout);
        Assert.Equal(50.0m, year.Report.Bs01.Percentage());
    }

    [Fact]
    public void Seed_EmergencyAcrossTheOctoberChange_IsDueFourElapsedHoursLater()
    {
        var emergency = year.Orders.First(o => o.Commitment == SlaIds.RepairsEmergency).Row;

        Assert.Equal(Instant.FromUtc(2027, 10, 31, 3, 30), emergency.SlaDueAt);
        Assert.Equal("03:30", emergency.SlaDueAt!.Value.InZone(YearOfOrders.London).ToString("HH:mm", CultureInfo.InvariantCulture));
    }

    private (int Planned, int Delivered, int OnTime) Total(string commitment)
    {
        var mine = year.Report.Figures.Where(f => f.Commitment == commitment).ToList();
        return (mine.Sum(f => f.Planned), mine.Sum(f => f.Delivered), mine.Sum(f => f.OnTime));
    }
}
