using NodaTime;
using Scheduler.Domain.Sla;
using Scheduler.Persistence.Reports;
using Scheduler.Worker.Hosting.Digest;
using Scheduler.Worker.Hosting.Reload;

namespace Scheduler.Worker.Tests.Reports;

/// <summary>Overdue work on a day (planned work past its window, repairs past their SLA deadline) and its digest section.</summary>
public class OverdueTests(SeededYear year) : IClassFixture<SeededYear>
{
    [Theory]
    [InlineData("2027-06-01")]
    [InlineData("2027-12-20")]
    [InlineData("2027-12-21")]
    [InlineData("2028-02-01")]
    public async Task List_AsOfADate_IsEveryOpenOrderWhoseTimeRanOutBeforeThatDay(string day)
    {
        var asOf = NodaTime.Text.LocalDatePattern.Iso.Parse(day).Value;
        var startOfDay = YearOfOrders.London.AtStartOfDay(asOf).ToInstant();
        await using var db = year.Database.CreateContext();

        var overdue = await OverdueQuery.ListAsync(db, asOf, YearOfOrders.London, YearOfOrders.Config.FloatingRules());

        var expected = year.Orders.Select(o => o.Row)
            .Where(r => SeededYear.IsOpen(r.Status) && (r.SlaDueAt is { } due ? due <= startOfDay : r.WindowEnd < asOf))
            .Select(r => r.Reference).Order(StringComparer.Ordinal);
        Assert.Equal(expected, overdue.Select(o => o.Reference).Order(StringComparer.Ordinal));
        Assert.Equal(overdue.OrderBy(o => o.ContractorId, StringComparer.Ordinal).ThenBy(o => o.DueDate).Select(o => o.Reference), overdue.Select(o => o.Reference));
    }

    [Fact]
    public async Task List_RepairDueByTheEndOfADay_IsOverdueFromTheNextDay()
    {
        // External works reported 20 Nov 2027: 30 days, due by the end of Mon 20 Dec 2027.
        var external = year.Orders.Single(o => o.Commitment == SlaIds.RepairsExternal).Reference;
        await using var db = year.Database.CreateContext();

        var on20th = await OverdueQuery.ListAsync(db, new LocalDate(2027, 12, 20), YearOfOrders.London, YearOfOrders.Config.FloatingRules());
        var on21st = await OverdueQuery.ListAsync(db, new LocalDate(2027, 12, 21), YearOfOrders.London, YearOfOrders.Config.FloatingRules());

        Assert.DoesNotContain(on20th, o => o.Reference == external);
        var line = Assert.Single(on21st, o => o.Reference == external);
        Assert.Equal(new LocalDate(2027, 12, 20), line.DueDate);
        Assert.Equal("fixit", line.ContractorId);
    }

    [Fact]
    public async Task List_NoAccessVisit_StaysOverdueUntilDone()
    {
        var noAccess = year.Orders.First(o => o.Outcome == Outcome.NoAccess);
        await using var db = year.Database.CreateContext();

        var overdue = await OverdueQuery.ListAsync(db, noAccess.Row.WindowEnd.PlusDays(1), YearOfOrders.London, YearOfOrders.Config.FloatingRules());

        Assert.Contains(overdue, o => o.Reference == noAccess.Reference);
        Assert.DoesNotContain(overdue, o => o.Status is Domain.Planning.WorkOrderStatus.Completed or Domain.Planning.WorkOrderStatus.Cancelled);
    }

    [Fact]
    public async Task Section_GroupsTheOverdueOrdersByContractor()
    {
        var asOf = new LocalDate(2027, 12, 21);
        var section = new OverdueSection(year.Database.DataSource, Live(), new NodaTime.Testing.FakeClock(YearOfOrders.At(2027, 12, 21, 7, 0)));

        var built = await section.BuildAsync(asOf, CancellationToken.None);

        Assert.NotNull(built);
        await using var db = year.Database.CreateContext();
        var overdue = await OverdueQuery.ListAsync(db, asOf, YearOfOrders.London, YearOfOrders.Config.FloatingRules());
        Assert.Equal("Overdue work", built.Title);
        Assert.Equal(overdue.Select(o => o.Reference), built.Lines.Select(l => l.Reference));
        var contractorOf = year.Orders.ToDictionary(o => o.Reference, o => o.Contractor);
        Assert.All(built.Lines, l => Assert.Equal(contractorOf[l.Reference], l.Group));
        Assert.Equal(["fixit", "greenscape", "sparkle", "warmsafe"], built.Lines.Select(l => l.Group).Distinct());
        Assert.StartsWith($"{overdue.Count} orders are past their window or target", built.Summary, StringComparison.Ordinal);
        Assert.EndsWith("for 4 contractors.", built.Summary, StringComparison.Ordinal);
        var external = built.Lines.Single(l => l.Reference == year.Orders.Single(o => o.Commitment == SlaIds.RepairsExternal).Reference);
        // A day-based target (30 days, due by the end of a day), seven hours after it passed: overdue since the day began,
        // not "1 day overdue" (until branch ops39 the first day was counted as a whole one).
        Assert.Equal("repairs at H3: repairs-external target passed 2027-12-21 00:00, overdue since 00:00 today (issued)", external.Text);
    }

    [Fact]
    public async Task Section_NothingOverdue_IsNull()
    {
        var section = new OverdueSection(year.Database.DataSource, Live(), new NodaTime.Testing.FakeClock(YearOfOrders.At(2027, 1, 1, 7, 0)));

        Assert.Null(await section.BuildAsync(new LocalDate(2027, 1, 1), CancellationToken.None));
    }

    internal static LiveConfiguration Live() =>
        new(new ConfigSnapshot(YearOfOrders.Config, Persistence.Tests.TestEstate.Calendar, []));
}
