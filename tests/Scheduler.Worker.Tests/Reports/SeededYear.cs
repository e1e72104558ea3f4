using Scheduler.Domain.Planning;
using Scheduler.Persistence.Reports;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Reports;

namespace Scheduler.Worker.Tests.Reports;

/// <summary>A database of its own holding <see cref="YearOfOrders"/>, and the 2027 report built from it (one per test class).</summary>
public sealed class SeededYear : IAsyncLifetime
{
    internal EstateTestDatabase Database { get; private set; } = null!;

    internal List<SeededOrder> Orders { get; private set; } = [];

    internal PerformanceReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await EstateTestDatabase.CreateAsync();
        await using var db = Database.CreateContext();
        Orders = await YearOfOrders.SeedAsync(db);
        var data = await ReportQuery.ReadAsync(db, 2027, YearOfOrders.London, ["gas-safety"]);
        Report = PerformanceReportBuilder.Build(data, 2027, YearOfOrders.Config, YearOfOrders.London);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>Counts by (commitment, contractor, area) from the seeds' own expectations: planned, delivered, on time.</summary>
    internal Dictionary<(string, string, string), (int Planned, int Delivered, int OnTime)> ExpectedCounts() =>
        Orders.Where(o => o.CountsIn2027)
            .GroupBy(o => (o.Commitment, o.Contractor, o.Area))
            .ToDictionary(
                g => g.Key,
                g => (g.Count(), g.Count(o => o.Outcome is Outcome.OnTime or Outcome.Late), g.Count(o => o.Outcome == Outcome.OnTime)));

    internal static bool IsOpen(WorkOrderStatus status) => status is not (WorkOrderStatus.Completed or WorkOrderStatus.Cancelled);
}
