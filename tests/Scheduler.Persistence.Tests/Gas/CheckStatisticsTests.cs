using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// A batch of reports (<c>import-completions</c>, the bulk route) that adds a tenth of the gas checks or more — a
/// landlord's first day of reports — analyzes <c>gas_checks</c> before it commits, so the next night's booking, which
/// reads the checks for the orders whose check was made elsewhere, does not plan them blind (found by the
/// <c>first-run</c> drill's second night). A later day's few checks leave it to autovacuum.
/// </summary>
public sealed class CheckStatisticsTests : GasTestBase
{
    private static readonly LocalDate LastCheck = new(2026, 2, 7);

    private static readonly LocalDate BookOn = new(2027, 1, 4);

    private static Home[] NorthHomes(int count) =>
        [.. Enumerable.Range(1, count).Select(i => Home($"N{i:00}", "B1", "S1", LastCheck))];

    [Fact]
    public async Task RecordMany_FirstDaysChecks_AnalyzesTheChecks_ALaterFewLeaveThemToAutovacuum()
    {
        await ImportAsync(GasEstate(NorthHomes(30)), BookOn);
        await ApplyAsync(BookOn, GasConfig());
        await Booking().BookAsync(BookOn);
        var visits = await Database.DataSource.RowsAsync(
            "SELECT w.reference || '|' || a.date FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE a.status = 'booked' ORDER BY a.date, w.reference");
        Assert.Equal(30, visits.Count);
        var reports = visits.Select(v => v.Split('|')).Select(v => new CompletionReport(v[0], "warmfix", VisitOutcome.Done, LocalDatePattern.Iso.Parse(v[1]).Value, CompletionSources.Csv, null, null)).ToList();
        SetClock(reports.Max(r => r.On));
        var recorder = new CompletionRecorder(Database.DataSource, Clock, TestEstate.Zone, [Effect()]);

        Assert.All(await recorder.RecordManyAsync(reports[..29]), r => Assert.Equal(CompletionStatus.Recorded, r.Status));

        Assert.Equal(29L, await CountedAsync());
        Assert.Equal(1L, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM pg_stats WHERE tablename = 'gas_checks' AND attname = 'previous_deadline'"));

        // The next report alone is a thirtieth of the checks: left to autovacuum.
        Assert.All(await recorder.RecordManyAsync(reports[29..]), r => Assert.Equal(CompletionStatus.Recorded, r.Status));

        Assert.Equal(30L, await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_checks"));
        Assert.Equal(29L, await CountedAsync());
    }

    private Task<long> CountedAsync() =>
        Database.DataSource.ScalarAsync<long>("SELECT reltuples::bigint FROM pg_class WHERE oid = 'gas_checks'::regclass");
}
