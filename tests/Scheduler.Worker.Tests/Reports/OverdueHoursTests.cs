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
/// order keeps days. The seeded year (a database of this class's own) plus an emergency repair and a planned order added
/// here, read at the times an injected clock gives.
/// </summary>
public class OverdueHoursTests(SeededYear year) : IClassFixture<SeededYear>, IAsyncLifetime
{
    // Awaab's Law emergency: 24 hours from the report, 00:00 BST on Tue 4 May 2027 -> due 00:00 BST on Wed 5 May.
    private static readonly Instant Reported = YearOfOrders.At(2027, 5, 4, 0, 0);

    private const string Emergency = "WO-T-H00001";

    private const string Sweep = "WO-T-H00002";

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
        db.WorkOrders.AddRange(repair, Row(Sweep, "path-sweep", "path-sweep", "S2", new LocalDate(2027, 4, 28), new LocalDate(2027, 5, 4)));
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

    [Fact]
    public async Task Section_WindowEndedSevenHoursBefore_KeepsDays()
    {
        var now = YearOfOrders.At(2027, 5, 5, 7, 0);
        var section = new OverdueSection(year.Database.DataSource, OverdueTests.Live(), new FakeClock(now));

        var built = await section.BuildAsync(new LocalDate(2027, 5, 5), CancellationToken.None);

        Assert.NotNull(built);
        Assert.Equal("path-sweep at S2: window ended 2027-05-04, 1 day overdue (issued)", Assert.Single(built.Lines, l => l.Reference == Sweep).Text);
        Assert.All(built.Lines.Where(l => l.Text.Contains("window ended", StringComparison.Ordinal)), l => Assert.Matches(@", \d+ days? overdue \(", l.Text));
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
