using System.Text.Json;
using Scheduler.Persistence;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>
/// The database verbs through the real command line, with the shipped config and sample register, against a real
/// PostgreSQL database. The connection string is the process's ConnectionStrings__Estate, so these run one at a time.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class DatabaseVerbsTests : IAsyncLifetime
{
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
    public async Task MigrateImportApplyOrders_TheShippedSample_CreatesOrdersOnceAndListsThem()
    {
        var migrate = await CliRunner.RunAsync("migrate");
        var import = await CliRunner.RunAsync("import", "--estate", "config/sample", "--as-of", "2027-03-01");
        var plan = await CliRunner.RunAsync("plan", "--as-of", "2027-03-01", "--format", "json");
        var apply = await CliRunner.RunAsync("apply", "--as-of", "2027-03-01", "--format", "json");
        var again = await CliRunner.RunAsync("apply", "--as-of", "2027-03-01");
        var orders = await CliRunner.RunAsync("orders", "--format", "csv");

        Assert.Equal((0, "The database is up to date; nothing to migrate." + Environment.NewLine, string.Empty), migrate);
        Assert.Equal(0, import.Exit);
        Assert.Matches("^Imported .*sample \\(import 1\\): [1-9][0-9]* added, 0 updated, 0 deactivated, 0 reactivated, 0 unchanged; 0 future unsent order\\(s\\) cancelled\\.", import.Out);
        Assert.Equal(0, plan.Exit);
        Assert.Equal(0, apply.Exit);
        using var planned = JsonDocument.Parse(plan.Out);
        using var applied = JsonDocument.Parse(apply.Out);
        var toCreate = planned.RootElement.GetProperty("create").GetInt32();
        Assert.True(toCreate > 0, plan.Out);
        Assert.Equal(toCreate, applied.RootElement.GetProperty("create").GetInt32());
        Assert.Equal(toCreate, applied.RootElement.GetProperty("references").GetProperty("create").GetArrayLength());
        Assert.Equal(0, again.Exit);
        Assert.StartsWith($"apply as of 2027-03-01, horizon to 2027-04-26: 0 created, 0 cancelled, {toCreate} unchanged", again.Out, StringComparison.Ordinal);
        var lines = orders.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("reference,schedule,service,asset,window_start,window_end,target_date,status,contractor", lines[0]);
        Assert.Equal(toCreate, lines.Length - 1);
    }

    [Fact]
    public async Task Import_BadRegisterRow_ReportsFileLineAndColumnAndWritesNothing()
    {
        var config = CliRunner.CopyOfShippedConfig();
        try
        {
            var sites = Path.Combine(config, "sample", "sites.csv");
            var rows = File.ReadAllLines(sites).ToList();
            var middle = rows.Count / 2;
            var cells = rows[middle].Split(',');
            cells[4] = "perhaps"; // grass: true|false
            rows[middle] = string.Join(',', cells);
            File.WriteAllLines(sites, rows);

            var (exit, output, error) = await CliRunner.RunAsync("import", "--estate", Path.Combine(config, "sample"));

            Assert.Equal(1, exit);
            Assert.Empty(output);
            Assert.Contains($"sites.csv:{middle + 1}:", error, StringComparison.Ordinal);
            Assert.Contains("perhaps", error, StringComparison.Ordinal);
            Assert.EndsWith("problem(s) found; nothing was imported." + Environment.NewLine, error, StringComparison.Ordinal);
            Assert.Equal(0, await _database.DataSource.ScalarAsync<int>("SELECT (SELECT count(*) FROM areas) + (SELECT count(*) FROM sites) + (SELECT count(*) FROM import_runs)"));
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    [Fact]
    public async Task Plan_UnknownOption_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("plan", "--asof", "2027-03-01");

        Assert.Equal(2, exit);
        Assert.StartsWith("estate-scheduler: 'plan' does not take --asof.", error, StringComparison.Ordinal);
    }
}
