using Scheduler.Worker.Tests.Cli;

namespace Scheduler.Worker.Tests.Improvements;

/// <summary><c>estate-scheduler improvements</c>: options, exit codes and messages (from the register files).</summary>
public class ImprovementsCommandTests
{
    [Theory]
    [InlineData("--year is required, e.g. --year 2027.")]
    [InlineData("--year '27' is not a year: use a four-digit year from 1900 to 2100, e.g. --year 2027.", "--year", "27")]
    [InlineData("--year 'next' is not a year: use a four-digit year from 1900 to 2100, e.g. --year 2027.", "--year", "next")]
    [InlineData("--format 'pdf' is not one of: table, csv, html.", "--year", "2027", "--format", "pdf")]
    [InlineData("--send-letters writes to the database's outbox, so it reads the register from the database: leave out --estate.", "--year", "2027", "--estate", "config/sample", "--send-letters")]
    public async Task Run_UsageMistake_ExitsTwoWithOneLine(string message, params string[] options)
    {
        var (exit, output, error) = await CliRunner.RunAsync(["improvements", .. options]);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"estate-scheduler: {message}{Environment.NewLine}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadRegister_ExitsOneWithTheLocation()
    {
        var config = CliRunner.CopyOfShippedConfig();
        try
        {
            var properties = Path.Join(config, "sample", "properties.csv");
            var lines = File.ReadAllLines(properties);
            lines[2] = lines[2][..lines[2].LastIndexOf(',')] + ",7"; // P002's condition
            File.WriteAllLines(properties, lines);

            var (exit, output, error) = await CliRunner.RunAsync("improvements", "--year", "2027", "--config", config, "--estate", Path.Join(config, "sample"));

            Assert.Equal((1, string.Empty), (exit, output));
            Assert.StartsWith($"{properties}:3:{lines[2].Length}: condition is not a condition score (found '7')", error, StringComparison.Ordinal);
            Assert.EndsWith($"1 problem(s) found; nothing was written.{Environment.NewLine}", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    [Fact]
    public async Task Run_BadCapacity_ExitsOneWithTheLocation()
    {
        var config = CliRunner.CopyOfShippedConfig();
        try
        {
            var file = Path.Join(config, "improvements.yaml");
            File.WriteAllText(file, File.ReadAllText(file).Replace("capacity: 12 }", "capacity: none }", StringComparison.Ordinal));

            var (exit, _, error) = await CliRunner.RunAsync("improvements", "--year", "2027", "--config", config, "--estate", Path.Join(config, "sample"));

            Assert.Equal(1, exit);
            Assert.Matches($"^{Regex(file)}:[0-9]+:[0-9]+: improvements\\.kitchen\\.capacity \\(homes a year\\) must be a whole number from 1 to 1000000", error);
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    [Fact]
    public async Task Run_Out_WritesTheFileAndSaysSo()
    {
        var folder = Directory.CreateTempSubdirectory("improvements-");
        try
        {
            var (exit, output, error) = await CliRunner.RunInAsync(
                folder.FullName, "improvements", "--year", "2027", "--config", Path.Join(CliRunner.RepositoryRoot, "config"),
                "--estate", Path.Join(CliRunner.RepositoryRoot, "config", "sample"), "--format", "html", "--out", "schedule.html");

            Assert.Equal((0, string.Empty), (exit, output));
            var path = Path.Join(folder.FullName, "schedule.html");
            Assert.Equal($"wrote the 2027 improvements schedule (80 homes) as html to {path}{Environment.NewLine}", error);
            Assert.Equal((await SampleSchedule.RunAsync(2027, "html")).Out, await File.ReadAllTextAsync(path));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Run_Table_ListsTheProgrammeShortfallsAndSurveys()
    {
        var (exit, output, _) = await SampleSchedule.RunAsync(2027, "table");

        Assert.Equal(0, exit);
        Assert.Matches("^Planned improvements 2027: [0-9]+ programmed, [0-9]+ deferred to later years", output);
        Assert.Contains("short: capacity for kitchen in 2027 is 12; 25 homes deferred", output, StringComparison.Ordinal);
        Assert.Contains("  P060     kitchen               kitchen_year is empty", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheVerb()
    {
        var (_, output, _) = await CliRunner.RunAsync("help");

        Assert.Contains("improvements --year Y [--format table|csv|html] [--out FILE] [--send-letters]", output, StringComparison.Ordinal);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
