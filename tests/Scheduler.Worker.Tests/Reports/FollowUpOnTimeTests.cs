using NodaTime;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Reports;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Reports;

namespace Scheduler.Worker.Tests.Reports;

/// <summary>
/// A follow-up done before its window's first day (the sweep on the cut's own day, which the recorder allows from the day
/// its visit was done) is on time; any other order done before its window is not.
/// </summary>
public sealed class FollowUpOnTimeTests
{
    private static ReportOrder Order(string reference, string service, LocalDate start, LocalDate end, LocalDate? done, bool followUp) =>
        new(reference, "grass-cut", service, "S1", "site", "north", null, "greenscape", start, end, start,
            done is null ? WorkOrderStatus.Issued : WorkOrderStatus.Completed, done, null, null, null, null, null)
        {
            IsFollowUp = followUp,
        };

    [Fact]
    public void Build_ASweepDoneOnItsCutsDay_BeforeItsWindow_IsOnTime_AndAnOrderThatFollowsNothing_IsNot()
    {
        var cutDay = new LocalDate(2027, 3, 1);
        var sweepOpens = new LocalDate(2027, 3, 2);
        ReportOrder[] orders =
        [
            Order("WO-1", "grass-cut", cutDay, new LocalDate(2027, 3, 31), cutDay, followUp: false),
            Order("WO-2", "path-sweep", sweepOpens, new LocalDate(2027, 4, 1), cutDay, followUp: true),            // early: on time
            Order("WO-3", "path-sweep", sweepOpens, new LocalDate(2027, 4, 1), new LocalDate(2027, 4, 2), followUp: true), // after its window: late
            Order("WO-4", "path-sweep", sweepOpens, new LocalDate(2027, 4, 1), cutDay, followUp: false),           // before its window, no visit it follows
        ];
        var data = new ReportData(orders, new Dictionary<string, string>(), new Dictionary<string, string>(), []);

        var report = PerformanceReportBuilder.Build(data, 2027, YearOfOrders.Config, YearOfOrders.London);

        var sweeps = Assert.Single(report.Figures, f => f.Commitment == CommitmentCatalog.PlannedId("path-sweep", "grass-cut", null, YearOfOrders.Config));
        Assert.Equal((3, 3, 1), (sweeps.Planned, sweeps.Delivered, sweeps.OnTime));
        var cuts = Assert.Single(report.Figures, f => f.Commitment == CommitmentCatalog.PlannedId("grass-cut", "grass-cut", null, YearOfOrders.Config));
        Assert.Equal((1, 1, 1), (cuts.Planned, cuts.Delivered, cuts.OnTime));
    }

    [Fact]
    public async Task ReadAsync_AnOrderWithAParent_IsAFollowUp_AndOnTimeWhenDoneOnItsVisitsDay()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var seeded = await YearOfOrders.SeedAsync(db);
        var cut = seeded.First(o => o.Row.Service == "grass-cut" && o.Row.Status == WorkOrderStatus.Completed);
        var sweep = seeded.First(o => o.Row.Service == "path-sweep" && o.Row.Status == WorkOrderStatus.Completed);

        // The sweep made on its cut's day, before its own window opened.
        await database.DataSource.ExecuteAsync($"""
            UPDATE work_orders SET parent_id = (SELECT id FROM work_orders WHERE reference = '{cut.Reference}'),
                                   completed_on = '{cut.Row.CompletedOn:uuuu-MM-dd}', window_start = '{cut.Row.CompletedOn!.Value.PlusDays(1):uuuu-MM-dd}',
                                   window_end = '{cut.Row.CompletedOn!.Value.PlusDays(3):uuuu-MM-dd}', target_date = '{cut.Row.CompletedOn!.Value.PlusDays(1):uuuu-MM-dd}'
            WHERE reference = '{sweep.Reference}'
            """);
        var data = await ReportQuery.ReadAsync(db, 2027, YearOfOrders.London, ["gas-safety"]);

        var read = Assert.Single(data.Orders, o => o.Reference == sweep.Reference);
        Assert.True(read.IsFollowUp);
        Assert.True(read.CompletedOn < read.WindowStart);
        Assert.Equal([sweep.Reference], data.Orders.Where(o => o.IsFollowUp).Select(o => o.Reference));
        var before = PerformanceReportBuilder.Build(data with { Orders = [.. data.Orders.Select(o => o.Reference == sweep.Reference ? o with { IsFollowUp = false } : o)] }, 2027, YearOfOrders.Config, YearOfOrders.London);
        var after = PerformanceReportBuilder.Build(data, 2027, YearOfOrders.Config, YearOfOrders.London);
        Assert.Equal(before.Figures.Sum(f => f.OnTime) + 1, after.Figures.Sum(f => f.OnTime));
    }
}
