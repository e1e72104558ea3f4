using NodaTime;
using Scheduler.Persistence;
using Scheduler.Persistence.Reports;
using Scheduler.Worker.Reports;
using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Reports;

/// <summary>
/// <c>report</c> and <c>overdue</c> through the real command line, with the shipped config, against the seeded year.
/// The connection string is the process's ConnectionStrings__Estate, so these run one at a time.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class ReportVerbsTests(SeededYear year) : IClassFixture<SeededYear>, IAsyncLifetime
{
    private readonly SeededYear _year = year;
    private string? _previous;

    public Task InitializeAsync()
    {
        _previous = Environment.GetEnvironmentVariable(EstateDatabase.ConnectionStringVariable);
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, _year.Database.ConnectionString);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, _previous);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Report_Csv_PrintsTheReportOfTheStoredOrders()
    {
        var (exit, output, error) = await CliRunner.RunAsync("report", "--year", "2027", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Equal(ReportCsvWriter.Write(_year.Report), output);
    }

    [Fact]
    public async Task Report_HtmlToAFile_WritesOneSelfContainedPage()
    {
        var path = Path.Join(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.html");
        try
        {
            var (exit, output, error) = await CliRunner.RunAsync("report", "--year", "2027", "--out", path);

            Assert.Equal(0, exit);
            Assert.Empty(output);
            Assert.Equal($"The 2027 report (html) is in {path}." + Environment.NewLine, error);
            Assert.Equal(ReportHtmlWriter.Write(_year.Report), await File.ReadAllTextAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--year 27", "--year '27' is not a year: use four digits, e.g. --year 2027.")]
    [InlineData("--year 2027 --format pdf", "--format 'pdf' is not one of: html, csv.")]
    [InlineData("--format csv", "--year is required, e.g. --year 2027.")]
    [InlineData("--year 2027 --as-of 2027-12-31", "'report' does not take --as-of.")]
    public async Task Report_UsageMistake_ExitsTwoWithOneLine(string args, string message)
    {
        var (exit, output, error) = await CliRunner.RunAsync(["report", .. args.Split(' ')]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith($"estate-scheduler: {message}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overdue_Csv_ListsTheOverdueOrdersByContractor()
    {
        var asOf = new LocalDate(2027, 12, 21);
        await using var db = _year.Database.CreateContext();
        var expected = await OverdueQuery.ListAsync(db, asOf, YearOfOrders.London, YearOfOrders.Config.FloatingRules());

        var (exit, output, error) = await CliRunner.RunAsync("overdue", "--as-of", "2027-12-21", "--format", "csv");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("contractor,reference,service,asset,status,sla_category,due_date,sla_due_at,days_overdue", lines[0]);
        Assert.Equal(expected.Select(o => $"{o.ContractorId},{o.Reference}"), lines.Skip(1).Select(l => string.Join(',', l.Split(',').Take(2))));
        Assert.Contains(lines, l => l.StartsWith("fixit,", StringComparison.Ordinal) && l.EndsWith(",repairs-external,2027-12-20,2027-12-21T00:00:00Z,0", StringComparison.Ordinal));
    }

    /// <summary>
    /// The listing's <c>days_overdue</c> and the digest's line (built at 07:00) say the same whole days for every order
    /// counted by date (planned work, day-based targets): 0 and "overdue since 00:00 today" on its first day, N and
    /// "N days overdue" after. Until branch ops39 both counted the first day as a whole one.
    /// </summary>
    [Theory]
    [InlineData("2027-12-21")]
    [InlineData("2027-12-22")]
    [InlineData("2028-01-10")]
    public async Task Overdue_ListingAndDigest_SayTheSameDays(string day)
    {
        var asOf = NodaTime.Text.LocalDatePattern.Iso.Parse(day).Value;
        await using var db = _year.Database.CreateContext();
        var byDate = (await OverdueQuery.ListAsync(db, asOf, YearOfOrders.London, YearOfOrders.Config.FloatingRules()))
            .Where(o => !Scheduler.Worker.Overdue.OverdueText.IsTimed(o, YearOfOrders.Config.Sla, YearOfOrders.London))
            .Select(o => o.Reference)
            .ToHashSet(StringComparer.Ordinal);
        var digest = await new Scheduler.Worker.Hosting.Digest.OverdueSection(_year.Database.DataSource, OverdueTests.Live(), new NodaTime.Testing.FakeClock(YearOfOrders.At(asOf.Year, asOf.Month, asOf.Day, 7, 0)))
            .BuildAsync(asOf, CancellationToken.None);

        var (exit, output, error) = await CliRunner.RunAsync("overdue", "--as-of", day, "--format", "csv");

        Assert.Equal((0, string.Empty), (exit, error));
        var listed = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','))
            .ToDictionary(c => c[1], c => int.Parse(c[^1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        Assert.NotNull(digest);
        Assert.Equal(listed.Keys.Order(StringComparer.Ordinal), digest.Lines.Select(l => l.Reference).Order(StringComparer.Ordinal));
        var lines = digest.Lines.Where(l => byDate.Contains(l.Reference)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.EndsWith(
            listed[l.Reference] switch { 0 => ", overdue since 00:00 today", 1 => ", 1 day overdue", var n => $", {n} days overdue" },
            l.Text[..l.Text.LastIndexOf(" (", StringComparison.Ordinal)],
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task Overdue_Table_EndsWithTheCount()
    {
        var (exit, output, _) = await CliRunner.RunAsync("overdue", "--as-of", "2027-01-01");

        Assert.Equal(0, exit);
        Assert.EndsWith("0 overdue order(s) on 2027-01-01\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overdue_BadDate_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("overdue", "--as-of", "21/12/2027");

        Assert.Equal(2, exit);
        Assert.StartsWith("estate-scheduler: --as-of '21/12/2027' is not a date", error, StringComparison.Ordinal);
    }
}
