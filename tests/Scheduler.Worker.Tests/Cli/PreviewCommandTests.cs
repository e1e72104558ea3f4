using NodaTime;
using NodaTime.Text;

namespace Scheduler.Worker.Tests.Cli;

public class PreviewCommandTests
{
    private static readonly LocalDatePattern Iso = LocalDatePattern.Iso;

    [Fact]
    public async Task Preview_2027Csv_KeepsEverySeedCommitment()
    {
        var (exit, output, error) = await CliRunner.RunAsync("preview", "--config", "config", "--from", "2027-01-01", "--to", "2027-12-31", "--format", "csv");
        Assert.True(exit == 0, error);

        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("schedule,service,asset,window_start,window_end,target_date", rows[0], StringComparison.Ordinal);
        var occurrences = rows.Skip(1).Select(r => r.Split(',')).Select(c => (
            Schedule: c[0], Service: c[1], Asset: c[2], Start: Iso.Parse(c[3]).Value, End: Iso.Parse(c[4]).Value, Target: Iso.Parse(c[5]).Value)).ToList();

        var holidays = new[] { "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28" }
            .Select(d => Iso.Parse(d).Value).ToHashSet();
        Assert.All(occurrences, o =>
        {
            Assert.InRange(o.Target, o.Start, o.End);
            Assert.False(o.Target.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday || holidays.Contains(o.Target), $"{o.Target} is not a working day");
        });

        foreach (var group in occurrences.GroupBy(o => (o.Schedule, o.Service, o.Asset)))
        {
            var list = group.OrderBy(o => o.Start).ToList();
            for (var i = 1; i < list.Count; i++)
            {
                Assert.True(list[i - 1].End < list[i].Start, $"overlap in {group.Key}");
            }

            var months = list.Select(o => o.Target.Month).ToList();
            switch (group.Key.Service, group.Key.Schedule)
            {
                case ("grass-cut", _):
                    Assert.Equal([3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10], months);
                    break;
                case ("path-sweep", _):
                    Assert.Equal(14, list.Count);
                    break;
                case ("hedge-cut", _):
                    Assert.Equal([2, 8], months);
                    break;
                case ("weed-control", _):
                    Assert.Equal(6, months.Distinct().Count());
                    Assert.Single(months.Select(m => m % 2).Distinct());
                    break;
                case ("residual-spray", _):
                    Assert.Equal(2, months.Distinct().Count());
                    break;
                case ("block-clean", "clean-weekly"):
                    Assert.InRange(list.Count, 52, 53);
                    break;
                case ("block-clean", "clean-fortnightly"):
                    Assert.InRange(list.Count, 26, 27);
                    break;
                case ("block-clean", "clean-monthly"):
                    Assert.Equal(12, list.Count);
                    break;
                case ("gas-safety", _):
                    Assert.Single(list);
                    break;
                default:
                    Assert.Fail($"unexpected schedule {group.Key}");
                    break;
            }
        }

        foreach (var service in new[] { "grass-cut", "path-sweep", "hedge-cut", "weed-control", "residual-spray", "block-clean", "gas-safety" })
        {
            Assert.Contains(occurrences, o => o.Service == service);
        }

        foreach (var schedule in new[] { "clean-weekly", "clean-fortnightly", "clean-monthly" })
        {
            Assert.Contains(occurrences, o => o.Schedule == schedule);
        }
    }

    [Theory]
    [InlineData("table")]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("ics")]
    [InlineData("html")]
    public async Task Preview_EveryFormat_RendersTheSampleYear(string format)
    {
        var (exit, output, error) = await CliRunner.RunAsync("preview", "--from", "2027-01-01", "--to", "2027-12-31", "--format", format);
        Assert.True(exit == 0, error);
        Assert.True(output.Length > 1000, $"{format} output is only {output.Length} characters");
    }

    [Fact]
    public async Task Preview_OneScheduleAndAsset_FiltersTheRows()
    {
        var (exit, output, error) = await CliRunner.RunAsync("preview", "--from", "2027-01-01", "--to", "2027-12-31", "--format", "csv", "--schedule", "hedge-cut");
        Assert.True(exit == 0, error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.StartsWith("hedge-cut,hedge-cut,", r, StringComparison.Ordinal));

        var asset = rows[0].Split(',')[2];
        var (_, single, _) = await CliRunner.RunAsync("preview", "--from", "2027-01-01", "--to", "2027-12-31", "--format", "csv", "--schedule", "hedge-cut", "--asset", asset);
        Assert.Equal(2, single.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
    }

    [Fact]
    public async Task Preview_OutFile_IsWritten()
    {
        var path = Path.Combine(Path.GetTempPath(), $"planner-{Guid.NewGuid():N}.html");
        try
        {
            var (exit, _, error) = await CliRunner.RunAsync("preview", "--from", "2027-01-01", "--to", "2027-12-31", "--format", "html", "--out", path);
            Assert.True(exit == 0, error);
            Assert.Contains("<html", File.ReadAllText(path), StringComparison.OrdinalIgnoreCase);
            Assert.Contains(path, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("preview --from 2027-13-01 --to 2027-12-31", "--from '2027-13-01' is not a date")]
    [InlineData("preview --from 2027-01-01", "--to is required")]
    [InlineData("preview --from 2027-02-01 --to 2027-01-01", "is before --from")]
    [InlineData("preview --from 2027-01-01 --to 2027-12-31 --format pdf", "--format 'pdf' is not one of")]
    [InlineData("preview --from 2027-01-01 --to 2027-12-31 --schedule grass", "--schedule 'grass' is not a schedule id")]
    [InlineData("preview --from 2027-01-01 --to 2027-12-31 --asset nowhere", "--asset 'nowhere' is not a site, block or property id")]
    [InlineData("preview --from 2027-01-01 --to 2027-12-31 --form csv", "does not take --form")]
    [InlineData("previwe", "'previwe' is not a command")]
    public async Task Preview_BadCommandLine_ExitsTwoWithOneClearLine(string commandLine, string expected)
    {
        var (exit, output, error) = await CliRunner.RunAsync(commandLine.Split(' '));
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheCommands()
    {
        var (exit, output, _) = await CliRunner.RunAsync("help");
        Assert.Equal(0, exit);
        Assert.Contains("validate", output, StringComparison.Ordinal);
        Assert.Contains("preview", output, StringComparison.Ordinal);
    }
}
