using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Planning;
using Scheduler.Domain.Sla;
using Scheduler.Persistence.Entities;
using Scheduler.Worker.Hosting.Digest;

namespace Scheduler.Worker.Tests.Reports;

/// <summary>
/// The digest's overdue line of a repair with a timed target (hours): hours under two days, days after; a window-ended
/// order and a day-based target count whole days by date. The seeded year (a database of this class's own) plus an emergency repair and a planned order added
/// here, read at the times an injected clock gives.
/// </summary>
public class OverdueHoursTests(SeededYear year) : IClassFixture<SeededYear>, IAsyncLifetime
{
    // Awaab's Law emergency: 24 hours from the report, 00:00 BST on Tue 4 May 2027 -> due 00:00 BST on Wed 5 May.
    private static readonly Instant Reported = YearOfOrders.At(2027, 5, 4, 0, 0);

    private const string Emergency = "WO-T-H00001";

    private const string Sweep = "WO-T-H00002";

    // Across the clocks going forward (01:00 GMT on Sun 28 March 2027) and back (02:00 BST on Sun 31 October 2027).
    private const string SpringSweep = "WO-T-H00003";

    private const string SpringRepair = "WO-T-H00004";

    private const string AutumnSweep = "WO-T-H00005";

    public async Task InitializeAsync()
    {
        await using var db = year.Database.CreateContext();
        if (await db.WorkOrders.AnyAsync(w => w.Reference == Emergency))
        {
            return;
        }

        var due = SlaCatalog.Defaults[SlaIds.AwaabEmergencyMakeSafe].Due(Reported, YearOfOrders.London, Persistence.Tests.TestEstate.Calendar);
        Assert.Equal(YearOfOrders.At(2027, 5, 5, 0, 0), due);
        var repair = Row(Emergency, "repairs", "repairs", "H4", new LocalDate(2027, 5, 4), new LocalDate(2027, 5, 4));
        repair.SlaCategory = SlaIds.AwaabEmergencyMakeSafe;
        repair.ReportedAt = Reported;
        repair.SlaDueAt = due;
        var dayBased = Row(SpringRepair, "repairs", "repairs", "H5", new LocalDate(2027, 2, 26), new LocalDate(2027, 2, 26));
        dayBased.SlaCategory = SlaIds.RepairsExternal; // 30 days: due by the end of Sat 27 March
        dayBased.ReportedAt = YearOfOrders.At(2027, 2, 26, 9, 0);
        dayBased.SlaDueAt = YearOfOrders.At(2027, 3, 28, 0, 0);
        db.WorkOrders.AddRange(
            repair,
            dayBased,
            Row(Sweep, "path-sweep", "path-sweep", "S2", new LocalDate(2027, 4, 28), new LocalDate(2027, 5, 4)),
            Row(SpringSweep, "path-sweep", "path-sweep", "S1", new LocalDate(2027, 3, 21), new LocalDate(2027, 3, 27)),
            Row(AutumnSweep, "path-sweep", "path-sweep", "S1", new LocalDate(2027, 10, 24), new LocalDate(2027, 10, 30)));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(2027, 5, 5, 7, 0, "7 hours overdue")]
    [InlineData(2027, 5, 5, 0, 40, "less than an hour overdue")]
    [InlineData(2027, 5, 5, 1, 59, "1 hour overdue")]
    [InlineData(2027, 5, 6, 7, 0, "31 hours overdue")]
    [InlineData(2027, 5, 6, 23, 59, "47 hours overdue")]
    [InlineData(2027, 5, 7, 0, 0, "2 days overdue")]
    [InlineData(2027, 5, 7, 23, 59, "2 days overdue")]
    [InlineData(2027, 5, 12, 7, 0, "7 days overdue")]
    public async Task Section_TimedTarget_SaysHoursUnderTwoDaysThenDays(int y, int mo, int d, int h, int mi, string late)
    {
        var now = YearOfOrders.At(y, mo, d, h, mi);
        var section = new OverdueSection(year.Database.DataSource, OverdueTests.Live(), new FakeClock(now));

        var built = await section.BuildAsync(now.InZone(YearOfOrders.London).Date, CancellationToken.None);

        Assert.NotNull(built);
        var line = Assert.Single(built.Lines, l => l.Reference == Emergency);
        Assert.Equal($"repairs at H4: {SlaIds.AwaabEmergencyMakeSafe} target passed 2027-05-05 00:00, {late} (issued)", line.Text);
    }

    /// <summary>
    /// Work counted by date (a window, a day-based target) is overdue from 00:00 on the day after its last day: that whole
    /// day the line says "overdue since 00:00 today", then whole days in London (a day is 23 or 25 hours across a clock
    /// change: 23.5 hours after is "1 day", 24.5 hours after still "since 00:00 today"), whatever the time the digest is
    /// built, as the <c>overdue</c> listing counts them (ReportVerbsTests). Until branch ops39 the first day said "1 day
    /// overdue" (seven hours after, at the digest's 07:00), the next "2 days".
    /// </summary>
    [Theory]
    [InlineData(Sweep, 2027, 5, 5, 0, 30, "path-sweep at S2: window ended 2027-05-04, overdue since 00:00 today (issued)")]
    [InlineData(Sweep, 2027, 5, 5, 7, 0, "path-sweep at S2: window ended 2027-05-04, overdue since 00:00 today (issued)")]
    [InlineData(Sweep, 2027, 5, 5, 23, 59, "path-sweep at S2: window ended 2027-05-04, overdue since 00:00 today (issued)")]
    [InlineData(Sweep, 2027, 5, 6, 0, 0, "path-sweep at S2: window ended 2027-05-04, 1 day overdue (issued)")]
    [InlineData(Sweep, 2027, 5, 6, 23, 59, "path-sweep at S2: window ended 2027-05-04, 1 day overdue (issued)")]
    [InlineData(Sweep, 2027, 5, 7, 7, 0, "path-sweep at S2: window ended 2027-05-04, 2 days overdue (issued)")]
    [InlineData(SpringSweep, 2027, 3, 28, 7, 0, "path-sweep at S1: window ended 2027-03-27, overdue since 00:00 today (issued)")]
    [InlineData(SpringSweep, 2027, 3, 29, 0, 30, "path-sweep at S1: window ended 2027-03-27, 1 day overdue (issued)")]
    [InlineData(SpringRepair, 2027, 3, 28, 7, 0, "repairs at H5: repairs-external target passed 2027-03-28 00:00, overdue since 00:00 today (issued)")]
    [InlineData(SpringRepair, 2027, 3, 29, 0, 30, "repairs at H5: repairs-external target passed 2027-03-28 00:00, 1 day overdue (issued)")]
    [InlineData(AutumnSweep, 2027, 10, 31, 23, 30, "path-sweep at S1: window ended 2027-10-30, overdue since 00:00 today (issued)")]
    [InlineData(AutumnSweep, 2027, 11, 1, 7, 0, "path-sweep at S1: window ended 2027-10-30, 1 day overdue (issued)")]
    public async Task Section_CountedByDate_WholeDaysInLondonAtAnyTimeOfDay(string reference, int y, int mo, int d, int h, int mi, string text)
    {
        var now = YearOfOrders.At(y, mo, d, h, mi);
        var section = new OverdueSection(year.Database.DataSource, OverdueTests.Live(), new FakeClock(now));

        var built = await section.BuildAsync(now.InZone(YearOfOrders.London).Date, CancellationToken.None);

        Assert.NotNull(built);
        Assert.Equal(text, Assert.Single(built.Lines, l => l.Reference == reference).Text);
        Assert.All(
            built.Lines.Where(l => l.Text.Contains("window ended", StringComparison.Ordinal)),
            l => Assert.Matches(@", (\d+ days? overdue|overdue since 00:00 today) \(", l.Text));
    }

    private static WorkOrder Row(string reference, string schedule, string service, string asset, LocalDate start, LocalDate end) => new()
    {
        Reference = reference,
        ScheduleId = schedule,
        Service = service,
        AssetId = asset,
        AssetKind = asset.StartsWith('S') ? "site" : "property",
        WindowStart = start,
        WindowEnd = end,
        TargetDate = end,
        ContractorId = asset.StartsWith('S') ? "greenscape" : "fixit",
        OccurrenceKey = $"{schedule}/{asset}/{start:uuuu-MM-dd}/{service}/{reference}",
        ConfigVersion = "test",
        CreatedAt = Instant.FromUtc(2026, 12, 1, 0, 0),
        Status = WorkOrderStatus.Issued,
    };
}
