using NodaTime;
using NodaTime.Text;
using Scheduler.Persistence;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// <c>tenant-rung REF --on DATE</c> on the shipped sample: records the call about a visit booked at short notice once,
/// and refuses with the reason (exit 1) what it cannot record.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class TenantRungCommandTests : IAsyncLifetime
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private EstateTestDatabase _database = null!;
    private string? _previous;

    public async Task InitializeAsync()
    {
        _database = await EstateTestDatabase.CreateAsync();
        _previous = Environment.GetEnvironmentVariable(EstateDatabase.ConnectionStringVariable);
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, _database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, _previous);
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TenantRung_ShortNoticeVisit_RecordedOnce_OtherCasesRefusedWithTheReason()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("import", "--estate", "config/sample", "--as-of", "2027-03-01")).Exit);
        Assert.Equal(0, (await CliRunner.RunAsync("apply", "--as-of", "2027-03-01")).Exit);
        var booked = await _database.DataSource.RowsAsync(
            "SELECT w.reference || '|' || a.date::text FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE a.status = 'booked' ORDER BY a.date, w.reference LIMIT 2");
        Assert.Equal(2, booked.Count);
        var (reference, visit) = Split(booked[0]);
        var (fullNotice, _) = Split(booked[1]);
        await _database.DataSource.ExecuteAsync($"UPDATE gas_appointments a SET short_notice = true FROM work_orders w WHERE w.id = a.work_order_id AND w.reference = '{reference}' AND a.status = 'booked'");
        var dayBefore = visit.PlusDays(-1);
        var now = dayBefore.At(new LocalTime(9, 0)).InZoneLeniently(London).ToInstant();
        var on = $"{dayBefore:uuuu-MM-dd}";

        var future = await CliRunner.RunAtAsync(now, CliRunner.RepositoryRoot, "tenant-rung", reference, "--on", $"{visit:uuuu-MM-dd}");
        var notShort = await CliRunner.RunAtAsync(now, CliRunner.RepositoryRoot, "tenant-rung", fullNotice, "--on", on);
        var unknown = await CliRunner.RunAtAsync(now, CliRunner.RepositoryRoot, "tenant-rung", "WO-1999-000001", "--on", on);
        var noDate = await CliRunner.RunAtAsync(now, CliRunner.RepositoryRoot, "tenant-rung", reference);
        var unchanged = await _database.DataSource.RowsAsync("SELECT count(*) FROM gas_appointments WHERE tenant_rung_on IS NOT NULL");
        var recorded = await CliRunner.RunAtAsync(now, CliRunner.RepositoryRoot, "tenant-rung", reference, "--on", on);
        var again = await CliRunner.RunAtAsync(now, CliRunner.RepositoryRoot, "tenant-rung", reference, "--on", on);

        Assert.Equal((1, string.Empty, $"refused: {visit:uuuu-MM-dd} is in the future" + Environment.NewLine), future);
        Assert.Equal(1, notShort.Exit);
        Assert.StartsWith($"refused: the visit on ", notShort.Error, StringComparison.Ordinal);
        Assert.Contains($"for {fullNotice} was booked with the full notice", notShort.Error, StringComparison.Ordinal);
        Assert.Equal((1, "refused: there is no work order WO-1999-000001" + Environment.NewLine), (unknown.Exit, unknown.Error));
        Assert.Equal(2, noDate.Exit);
        Assert.Contains("--on is required", noDate.Error, StringComparison.Ordinal);
        Assert.Equal(["0"], unchanged);
        Assert.Equal((0, string.Empty), (recorded.Exit, recorded.Error));
        Assert.StartsWith($"recorded: the tenant of {reference} was rung on {on} about the visit on {visit:uuuu-MM-dd} ", recorded.Out, StringComparison.Ordinal);
        Assert.Equal((0, $"already recorded: the tenant of {reference} was rung on {on}; nothing changed" + Environment.NewLine), (again.Exit, again.Out));
        Assert.Equal([on], await _database.DataSource.RowsAsync("SELECT tenant_rung_on::text FROM gas_appointments WHERE tenant_rung_on IS NOT NULL"));
    }

    private static (string Reference, LocalDate Date) Split(string row)
    {
        var parts = row.Split('|');
        return (parts[0], LocalDatePattern.Iso.Parse(parts[1]).Value);
    }
}
