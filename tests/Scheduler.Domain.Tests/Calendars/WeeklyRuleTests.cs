using NodaTime;
using Scheduler.Domain.Calendars;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Calendars;

public class WeeklyRuleTests
{
    [Theory]
    [InlineData(1, IsoDayOfWeek.Tuesday, null, "2027-01-01", "2027-12-31", 52)]
    [InlineData(1, IsoDayOfWeek.Friday, null, "2027-01-01", "2027-12-31", 53)] // 2027 has 53 Fridays
    [InlineData(2, IsoDayOfWeek.Wednesday, "2027-01-06", "2027-01-01", "2027-12-31", 26)]
    [InlineData(2, IsoDayOfWeek.Wednesday, "2026-12-30", "2027-01-01", "2027-12-31", 26)] // anchored before the range
    [InlineData(2, IsoDayOfWeek.Friday, "2027-01-01", "2027-01-01", "2027-12-31", 27)] // 1 Jan and 31 Dec both Fridays
    [InlineData(1, IsoDayOfWeek.Monday, null, "2028-02-28", "2028-03-05", 1)] // leap week
    public void Windows_CountPreferredDaysInRange(int every, IsoDayOfWeek day, string? from, string start, string end, int expected)
    {
        var rule = new WeeklyRule(every, day, from is null ? null : D(from));
        var preferred = rule.Windows(D(start), D(end)).Select(w => w.Preferred).Where(p => p >= D(start) && p <= D(end)).ToList();
        Assert.Equal(expected, preferred.Count);
        Assert.All(preferred, p => Assert.Equal(day, p.DayOfWeek));
    }

    [Theory]
    [InlineData("2027-03-23", "2027-03-22", "2027-03-26")] // week of the BST change (Sun 28 Mar) is still Mon–Fri
    [InlineData("2027-10-26", "2027-10-25", "2027-10-29")] // week of the change back (Sun 31 Oct)
    [InlineData("2026-12-29", "2026-12-28", "2027-01-01")] // year end: window crosses into the new year
    public void Windows_AreMondayToFridayOfTheVisitWeek(string visit, string monday, string friday)
    {
        var rule = new WeeklyRule(1, IsoDayOfWeek.Tuesday, null);
        var window = rule.Windows(D(visit), D(visit)).Single();
        Assert.Equal(new ServiceWindow(D(monday), D(friday)), window.Window);
        Assert.Equal(D(visit), window.Preferred);
    }

    [Fact]
    public void Windows_Fortnightly_KeepPhaseWithAnchorWhenRangeStartsLater()
    {
        var rule = new WeeklyRule(2, IsoDayOfWeek.Wednesday, D("2027-01-06"));
        var first = rule.Windows(D("2027-06-01"), D("2027-06-30")).Select(w => w.Preferred).ToList();
        Assert.Equal([D("2027-06-09"), D("2027-06-23")], first); // 6 Jan + 22 and 24 weeks
    }

    [Fact]
    public void Windows_NothingBeforeTheAnchorDate()
    {
        // Anchor on a Thursday for Wednesday visits: the anchor week's window starts on the anchor itself.
        var rule = new WeeklyRule(1, IsoDayOfWeek.Wednesday, D("2027-01-07"));
        var windows = rule.Windows(D("2027-01-01"), D("2027-01-20")).ToList();
        Assert.Equal(D("2027-01-07"), windows[0].Window.Start);
        Assert.Equal(D("2027-01-07"), windows[0].Preferred);
        Assert.Equal(D("2027-01-13"), windows[1].Preferred);
    }

    [Fact]
    public void Windows_AnchorLaterInTheWeekThanTheRange_GivesNothing()
    {
        // Found by CalendarPropertyTests: range Mon–Tue, series starting that Thursday.
        var rule = new WeeklyRule(1, IsoDayOfWeek.Monday, D("2027-01-07"));
        Assert.Empty(rule.Windows(D("2027-01-04"), D("2027-01-05")));
    }

    [Theory]
    [InlineData(IsoDayOfWeek.Saturday)]
    [InlineData(IsoDayOfWeek.Sunday)]
    public void Constructor_RejectsWeekendDays(IsoDayOfWeek day) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeeklyRule(1, day, null));

    [Fact]
    public void Constructor_FortnightlyNeedsAnAnchor() =>
        Assert.Throws<ArgumentException>(() => new WeeklyRule(2, IsoDayOfWeek.Monday, null));
}
