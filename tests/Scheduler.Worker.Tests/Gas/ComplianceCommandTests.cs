using System.Globalization;
using System.Text.Json;
using Scheduler.Persistence;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// <c>compliance</c> on the shipped sample: the BS01 figure equals a count made straight from properties.csv, and the
/// homes without an in-date check are listed.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class ComplianceCommandTests : IAsyncLifetime
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
    public async Task Compliance_ShippedSample_Bs01EqualsACountFromTheRegisterFile()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("import", "--estate", "config/sample", "--as-of", "2027-03-01")).Exit);
        var apply = await CliRunner.RunAsync("apply", "--as-of", "2027-03-01");
        var json = await CliRunner.RunAsync("compliance", "--as-of", "2027-03-01", "--format", "json");
        var text = await CliRunner.RunAsync("compliance", "--as-of", "2027-03-01");
        var csv = await CliRunner.RunAsync("compliance", "--as-of", "2027-03-01", "--format", "csv");

        // Independently: gas homes in properties.csv, in date when last_gas_check + 12 months is on or after the day.
        var rows = File.ReadAllLines(Path.Combine(CliRunner.RepositoryRoot, "config", "sample", "properties.csv")).Skip(1)
            .Select(SplitCsv).Where(c => c[6] == "true").ToList();
        var asOf = new DateOnly(2027, 3, 1);
        var without = rows.Where(c => c[7].Length == 0 || DateOnly.ParseExact(c[7], "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(12) < asOf)
            .Select(c => c[0]).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(0, apply.Exit);
        Assert.Matches("(?m)^booked [1-9][0-9]* gas appointment\\(s\\)", apply.Out);
        Assert.Equal((0, string.Empty), (json.Exit, json.Error));
        using var document = JsonDocument.Parse(json.Out);
        var root = document.RootElement;
        Assert.Equal(rows.Count, root.GetProperty("total").GetInt32());
        Assert.Equal(rows.Count - without.Count, root.GetProperty("withInDateCheck").GetInt32());
        Assert.Equal(without, root.GetProperty("without").EnumerateArray().Select(h => h.GetProperty("home").GetString()!));
        var percent = Math.Round(100m * (rows.Count - without.Count) / rows.Count, 1, MidpointRounding.AwayFromZero);
        Assert.StartsWith(
            string.Create(CultureInfo.InvariantCulture, $"BS01 gas safety as of 2027-03-01: {rows.Count - without.Count} of {rows.Count} gas homes have an in-date check ({percent:0.0}%)"),
            text.Out,
            StringComparison.Ordinal);
        var csvLines = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("home,address,postcode,area,deadline,status,attempts,escalated", csvLines[0]);
        Assert.Equal(without, csvLines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Compliance_BadFormat_IsAUsageMistake()
    {
        var (exit, output, error) = await CliRunner.RunAsync("compliance", "--format", "pdf");

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.StartsWith("estate-scheduler: ", error, StringComparison.Ordinal);
    }

    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(ch);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
