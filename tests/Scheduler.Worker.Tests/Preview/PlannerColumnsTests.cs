using NodaTime;
using Scheduler.Domain;
using Scheduler.Worker.Preview;

namespace Scheduler.Worker.Tests.Preview;

public sealed class PlannerColumnsTests
{
    [Theory]
    [InlineData("2025-04-01", "2025-04-01", true, 1)]
    [InlineData("2025-04-07", "2025-04-13", true, 1)]
    [InlineData("2025-04-06", "2025-04-07", true, 2)]
    [InlineData("2025-01-01", "2025-12-31", true, 53)]
    [InlineData("2024-12-30", "2026-01-04", true, 53)]
    [InlineData("2024-12-30", "2026-01-05", false, 14)]
    [InlineData("2024-02-01", "2026-01-31", false, 24)]
    public void For_ChoosesWeeksUpToAYearAndMonthsBeyond(string from, string to, bool weekly, int columns)
    {
        var axis = PlannerColumns.For(Date(from), Date(to));

        Assert.Equal(weekly, axis.Weekly);
        Assert.Equal(columns, axis.Columns.Count);
        Assert.Equal(columns, axis.Groups.Sum(g => g.Span));
        Assert.Equal(Date(from), axis.Columns[0].Start);
        Assert.Equal(Date(to), axis.Columns[^1].End);
        for (var i = 1; i < axis.Columns.Count; i++)
        {
            Assert.Equal(axis.Columns[i - 1].End.PlusDays(1), axis.Columns[i].Start);
        }
    }

    [Fact]
    public void For_WeekColumnsRunMondayToSunday()
    {
        var axis = PlannerColumns.For(Date("2025-04-01"), Date("2025-06-30"));

        Assert.All(axis.Columns.Skip(1), c => Assert.Equal(IsoDayOfWeek.Monday, c.Start.DayOfWeek));
        Assert.All(axis.Columns.SkipLast(1), c => Assert.Equal(IsoDayOfWeek.Sunday, c.End.DayOfWeek));
        Assert.Equal("Week 14: Tue 1 Apr 2025 to Sun 6 Apr 2025", axis.Columns[0].Title);
    }

    [Theory]
    [InlineData("2025-03-31", null)]
    [InlineData("2025-04-01", 0)]
    [InlineData("2025-04-06", 0)]
    [InlineData("2025-04-07", 1)]
    [InlineData("2025-06-30", 13)]
    [InlineData("2025-07-01", null)]
    public void ColumnOf_FindsTheWeekOrNullOutsideTheRange(string date, int? column)
    {
        var axis = PlannerColumns.For(Date("2025-04-01"), Date("2025-06-30"));

        Assert.Equal(column, axis.ColumnOf(Date(date)));
    }

    [Theory]
    [InlineData("2025-03-01", "2025-03-31", null, null)]
    [InlineData("2025-03-01", "2025-04-08", 0, 1)]
    [InlineData("2025-06-20", "2025-07-20", 11, 13)]
    [InlineData("2025-03-01", "2025-08-01", 0, 13)]
    [InlineData("2025-07-01", "2025-07-02", null, null)]
    public void ColumnsOf_ClipsTheWindowToTheRange(string start, string end, int? first, int? last)
    {
        var axis = PlannerColumns.For(Date("2025-04-01"), Date("2025-06-30"));

        var columns = axis.ColumnsOf(new ServiceWindow(Date(start), Date(end)));

        Assert.Equal(first, columns?.First);
        Assert.Equal(last, columns?.Last);
    }

    private static LocalDate Date(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).Value;
}
