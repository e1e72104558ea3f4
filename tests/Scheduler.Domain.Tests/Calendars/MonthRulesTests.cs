using NodaTime;
using Scheduler.Domain.Calendars;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Calendars;

public class MonthRulesTests
{
    [Theory]
    [InlineData(2, 1, new[] { 1, 3, 5, 7, 9, 11 })]
    [InlineData(2, 2, new[] { 2, 4, 6, 8, 10, 12 })]
    [InlineData(2, 11, new[] { 1, 3, 5, 7, 9, 11 })] // "from: Nov" is the same phase as January
    [InlineData(3, 3, new[] { 3, 6, 9, 12 })]
    [InlineData(1, 1, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })]
    public void MonthlyRule_VisitsEveryNthMonth(int every, int from, int[] months)
    {
        var rule = new MonthlyRule(every, from);
        var windows = rule.Windows(D("2027-01-01"), D("2027-12-31")).ToList();
        Assert.Equal(months, windows.Select(w => w.Window.Start.Month));
        Assert.All(windows, w => Assert.Equal(1, w.Window.Start.Day));
        Assert.All(windows, w => Assert.Equal(w.Window.End, w.Window.End.With(DateAdjusters.EndOfMonth)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void MonthlyRule_RejectsIntervalsThatDoNotDivideTheYear(int every) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MonthlyRule(every, 1));

    [Theory]
    [InlineData("2027-02-01", 2, "2027-02-01..2027-02-15", "2027-02-16..2027-02-28")]
    [InlineData("2028-02-01", 2, "2028-02-01..2028-02-15", "2028-02-16..2028-02-29")] // 29 February
    [InlineData("2027-04-01", 2, "2027-04-01..2027-04-15", "2027-04-16..2027-04-30")]
    [InlineData("2027-05-01", 2, "2027-05-01..2027-05-15", "2027-05-16..2027-05-31")]
    [InlineData("2027-05-01", 1, "2027-05-01..2027-05-31", null)]
    public void MonthsRule_SplitsTheMonth(string month, int perMonth, string first, string? second)
    {
        var rule = new MonthsRule([D(month).Month], perMonth);
        var windows = rule.Windows(D(month), D(month).With(DateAdjusters.EndOfMonth)).Select(w => w.Window.ToString()).ToList();
        Assert.Equal(second is null ? [first] : [first, second], windows);
    }

    [Fact]
    public void MonthsRule_ThreeVisitsSplitAtTenthAndTwentieth()
    {
        var rule = new MonthsRule([7], 3);
        var windows = rule.Windows(D("2027-07-01"), D("2027-07-31")).Select(w => w.Window.ToString());
        Assert.Equal(["2027-07-01..2027-07-10", "2027-07-11..2027-07-20", "2027-07-21..2027-07-31"], windows);
    }

    [Theory]
    [InlineData(TargetPlacement.Start, "2027-08-01")]
    [InlineData(TargetPlacement.Middle, "2027-08-16")]
    [InlineData(TargetPlacement.End, "2027-08-31")]
    public void MonthsRule_PlacesThePreferredDate(TargetPlacement placement, string preferred)
    {
        var rule = new MonthsRule([8], 1, placement);
        Assert.Equal(D(preferred), rule.Windows(D("2027-08-01"), D("2027-08-31")).Single().Preferred);
    }

    [Fact]
    public void MonthsRule_AcrossTheYearEnd_ListsBothYears()
    {
        var rule = new MonthsRule([12, 1]);
        var starts = rule.Windows(D("2026-12-01"), D("2027-01-31")).Select(w => w.Window.Start);
        Assert.Equal([D("2026-12-01"), D("2027-01-01")], starts);
    }
}
