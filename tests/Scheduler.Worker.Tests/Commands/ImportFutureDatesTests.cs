using Scheduler.Persistence;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>
/// A register dated after the import's day is refused (docs/register.md, the as-of rule): a mistyped future
/// <c>last_gas_check</c> would move the home's gas deadline and cancel its open order, a future component year make a
/// component look new. Through the real command line, on a real copy of the sample register, against a real
/// PostgreSQL database that already holds the sample: the refusal names file, line and column, and nothing is stored.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class ImportFutureDatesTests : IAsyncLifetime
{
    private const string AsOf = "2026-12-01";

    // Every table an import writes, compared whole before and after a refused import.
    private const string Stored = """
        SELECT md5(concat_ws('|',
            (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM homes t),
            (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM import_runs t),
            (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM register_changes t)))
        """;

    private EstateTestDatabase _database = null!;
    private string? _previous;
    private string _config = null!;

    private string Estate => Path.Combine(_config, "sample");

    private string Properties => Path.Combine(Estate, "properties.csv");

    public async Task InitializeAsync()
    {
        _database = await EstateTestDatabase.CreateAsync();
        _previous = Environment.GetEnvironmentVariable(EstateDatabase.ConnectionStringVariable);
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, _database.ConnectionString);
        _config = CliRunner.CopyOfShippedConfig();
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, _previous);
        Directory.Delete(_config, recursive: true);
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("last_gas_check", "2027-08-22", "last_gas_check is after the as-of date 2026-12-01")] // P001's 2026-08-22, a year out
    [InlineData("kitchen_year", "2099", "kitchen_year is after 2026, the year of the as-of date 2026-12-01")]
    [InlineData("bathroom_year", "2027", "bathroom_year is after 2026, the year of the as-of date 2026-12-01")]
    [InlineData("boiler_year", "2031", "boiler_year is after 2026, the year of the as-of date 2026-12-01")]
    [InlineData("windows_year", "2028-05-01", "windows_year is after 2026, the year of the as-of date 2026-12-01")] // an improvement column; a date counts by its year
    [InlineData("home_mot_year", "2052", "home_mot_year is after 2026, the year of the as-of date 2026-12-01")]
    public async Task Import_ValueAfterTheAsOfDate_RefusedAtItsCellAndStoredRowsUnchanged(string column, string value, string reason)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("migrate")).Exit);
        var first = await CliRunner.RunAsync("import", "--estate", Estate, "--as-of", AsOf);
        Assert.True(first.Exit == 0, first.Error);
        var before = await _database.DataSource.ScalarAsync<string>(Stored);
        var storedBefore = await StoredCellAsync("P001", column);

        var cell = SetCell("P001", column, value);
        var (exit, output, error) = await CliRunner.RunAsync("import", "--estate", Estate, "--as-of", AsOf);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Equal(
            $"{Properties}:{cell.Line}:{cell.Column}: {reason}; "
            + (column == "last_gas_check" ? "a check cannot be dated" : "a component cannot be installed, replaced or surveyed")
            + $" after the day the register is read as of (a mistyped year?) (found '{value}'); accepted: "
            + (column == "last_gas_check" ? "a date on or before 2026-12-01" : "a year up to 2026") + ", or an empty cell when unknown" + Environment.NewLine
            + "1 problem(s) found; nothing was imported." + Environment.NewLine,
            error);
        Assert.Equal(before, await _database.DataSource.ScalarAsync<string>(Stored));
        Assert.Equal(storedBefore, await StoredCellAsync("P001", column));
    }

    [Fact]
    public async Task Import_DatesOnTheAsOfDate_AreAccepted_ADayLaterIsRefused()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("migrate")).Exit);
        SetCell("P001", "last_gas_check", AsOf);
        SetCell("P001", "kitchen_year", "2026");
        SetCell("P003", "windows_year", "2026-12-31"); // an improvement column's date counts by its year

        var import = await CliRunner.RunAsync("import", "--estate", Estate, "--as-of", AsOf);
        var earlier = await CliRunner.RunAsync("import", "--estate", Estate, "--as-of", "2026-11-30");

        Assert.True(import.Exit == 0, import.Error);
        Assert.Equal(AsOf, await StoredCellAsync("P001", "last_gas_check"));
        Assert.Equal("2026", await StoredCellAsync("P001", "kitchen_year"));
        Assert.Equal(1, earlier.Exit);
        Assert.Contains("properties.csv:2:", earlier.Error, StringComparison.Ordinal);
        Assert.Contains("last_gas_check is after the as-of date 2026-11-30", earlier.Error, StringComparison.Ordinal);
        Assert.EndsWith("1 problem(s) found; nothing was imported." + Environment.NewLine, earlier.Error, StringComparison.Ordinal);
        Assert.Equal(1, await _database.DataSource.ScalarAsync<long>("SELECT count(*) FROM import_runs"));
    }

    [Fact]
    public async Task ImportAndValidate_WithoutAsOf_ReadAsOfTodayFromTheClock()
    {
        // CliRunner's clock: 29 Nov 2026 in London. A check dated the day after is refused by both verbs, the same way.
        Assert.Equal(0, (await CliRunner.RunAsync("migrate")).Exit);
        var cell = SetCell("P004", "last_gas_check", "2026-11-30");

        var import = await CliRunner.RunAsync("import", "--estate", Estate);
        var validate = await CliRunner.RunAsync("validate", "--config", _config, "--estate", Estate);
        var validateAsOf = await CliRunner.RunAsync("validate", "--config", _config, "--estate", Estate, "--as-of", "2026-11-30");

        var problem = $"{Properties}:{cell.Line}:{cell.Column}: last_gas_check is after the as-of date 2026-11-29;";
        Assert.Equal(1, import.Exit);
        Assert.StartsWith(problem, import.Error, StringComparison.Ordinal);
        Assert.Equal(0, await _database.DataSource.ScalarAsync<long>("SELECT count(*) FROM homes"));
        Assert.Equal(1, validate.Exit);
        Assert.StartsWith(problem, validate.Error, StringComparison.Ordinal);
        Assert.True(validateAsOf.Exit == 0, validateAsOf.Error);
    }

    private Task<string?> StoredCellAsync(string home, string column) =>
        _database.DataSource.ScalarAsync<string?>($"SELECT {(column == "last_gas_check" ? "to_char(last_gas_check, 'YYYY-MM-DD')" : $"attributes->>'{column}'")} FROM homes WHERE id = '{home}'");

    /// <summary>Writes <paramref name="value"/> into <paramref name="home"/>'s cell of <paramref name="column"/> in the copy's properties.csv; returns where the cell starts.</summary>
    private (int Line, int Column) SetCell(string home, string column, string value)
    {
        var lines = File.ReadAllLines(Properties);
        var field = Array.IndexOf(lines[0].Split(','), column);
        Assert.True(field >= 0, column);
        var index = Array.FindIndex(lines, l => l.StartsWith(home + ",", StringComparison.Ordinal));
        var starts = FieldStarts(lines[index]);
        var end = field + 1 < starts.Count ? starts[field + 1] - 1 : lines[index].Length;
        lines[index] = string.Concat(lines[index].AsSpan(0, starts[field]), value, lines[index].AsSpan(end));
        File.WriteAllLines(Properties, lines);
        return (index + 1, starts[field] + 1);
    }

    /// <summary>Where each field of a CSV line starts (0-based); commas inside quotes do not split.</summary>
    private static List<int> FieldStarts(string line)
    {
        var starts = new List<int> { 0 };
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ',' && !quoted)
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }
}
