using Scheduler.Persistence;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Improvements;

/// <summary>
/// <c>improvements</c> over the imported register in a real PostgreSQL database, and <c>--send-letters</c>. The
/// connection string is the process's ConnectionStrings__Estate, so these run in the process-environment collection.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class ImprovementsDatabaseTests : IAsyncLifetime
{
    private EstateTestDatabase _database = null!;
    private string? _previous;

    public async Task InitializeAsync()
    {
        _database = await EstateTestDatabase.CreateAsync();
        _previous = Environment.GetEnvironmentVariable(EstateDatabase.ConnectionStringVariable);
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, _database.ConnectionString);
        var import = await CliRunner.RunAsync("import", "--estate", "config/sample", "--as-of", "2027-03-01");
        Assert.Equal(0, import.Exit);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, _previous);
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Csv_FromTheDatabase_IsTheSameAsFromTheFiles()
    {
        var fromDatabase = await CliRunner.RunAsync("improvements", "--year", "2027", "--format", "csv");
        var fromFiles = await SampleSchedule.RunAsync(2027, "csv");

        Assert.Equal((0, string.Empty), (fromDatabase.Exit, fromDatabase.Error));
        Assert.Equal(fromFiles.Out, fromDatabase.Out);
        Assert.Equal(["P001|1987|2008|2001|1998|1994|2025|2"],
            await _database.DataSource.RowsAsync(
                "SELECT id, heating_distribution_year, windows_year, external_doors_year, roof_year, electrics_year, home_mot_year, condition FROM homes WHERE id = 'P001'"));
    }

    [Fact]
    public async Task SendLetters_OnePerProgrammedHome_AndARerunWritesNothing()
    {
        var csv = (await SampleSchedule.RunAsync(2027, "csv")).Out.Split('\n');
        var expected = csv.Where(l => l.Contains(",programmed,2027,", StringComparison.Ordinal))
            .GroupBy(l => l[..l.IndexOf(',', StringComparison.Ordinal)], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(l => l.Split(',')[^8]).ToList(), StringComparer.Ordinal);
        var tenants = SampleSchedule.Register.Tenants.ToDictionary(t => t.PropertyId, t => t.Id, StringComparer.Ordinal);

        var first = await CliRunner.RunAsync("improvements", "--year", "2027", "--send-letters", "--format", "csv");
        var again = await CliRunner.RunAsync("improvements", "--year", "2027", "--send-letters", "--format", "csv");

        Assert.Equal(0, first.Exit);
        Assert.Equal($"improvement letters for 2027: {expected.Count} queued, 0 already queued before, 0 programmed home(s) without a tenant{Environment.NewLine}", first.Error);
        Assert.Equal($"improvement letters for 2027: 0 queued, {expected.Count} already queued before, 0 programmed home(s) without a tenant{Environment.NewLine}", again.Error);
        var rows = await _database.DataSource.RowsAsync(
            "SELECT kind, idempotency_key, message_id, recipient_kind, recipient_id, status, cardinality(work_order_ids), payload::text FROM outbox_messages ORDER BY idempotency_key");
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
        {
            var f = row.Split('|');
            var payload = TenantLetterPayload.FromJson(f[7]);
            Assert.Equal(("tenant-letter", $"improvement-letter:{payload.HomeId}:2027", $"improvement-letter_3A{payload.HomeId}_3A2027@estate-scheduler", "tenant", "pending", "0"),
                (f[0], f[1], f[2], f[3], f[5], f[6]));
            Assert.Equal(tenants[payload.HomeId], f[4]);
            Assert.Equal((TenantLetterKinds.Improvement, 2027), (payload.Letter, payload.Year));
            Assert.Equal(expected[payload.HomeId].Order(StringComparer.Ordinal), payload.Components!.Order(StringComparer.Ordinal));
        }

        var p051 = TenantLetterPayload.FromJson(rows.Single(r => r.Contains("improvement-letter:P051:2027", StringComparison.Ordinal)).Split('|')[7]);
        Assert.Equal(["kitchen", "boiler", "windows", "electrics", "home-mot"], p051.Components); // P051 (Flat 5, Elmstead House): published order
    }

    [Fact]
    public async Task Run_NothingImported_SaysToImportFirst()
    {
        await using var empty = await EstateTestDatabase.CreateAsync();
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, empty.ConnectionString);

        var (exit, output, error) = await CliRunner.RunAsync("improvements", "--year", "2027");

        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Equal($"The database holds no homes: import the register first (estate-scheduler import --estate DIR).{Environment.NewLine}", error);
    }
}
