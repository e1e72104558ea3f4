using CsCheck;
using NodaTime;
using Scheduler.Domain.WorkingDays;
using static Scheduler.Domain.Tests.WorkingDays.TestDates;

namespace Scheduler.Domain.Tests.WorkingDays;

public sealed class WorkingDayCalendarTests
{
    private static readonly BankHolidayCatalog Snapshot = BankHolidayCatalog.Snapshot;

    private static WorkingDayCalendar Calendar(string region) => Snapshot.Calendar(BankHolidayCatalog.ParseRegion(region));

    [Theory]
    [InlineData("england-and-wales", "2026-04-01", 10, "2026-04-17")] // DOMAIN.md 5: Awaab's Law, Good Friday and Easter Monday skipped
    [InlineData("scotland", "2026-04-01", 10, "2026-04-16")] // no Easter Monday in Scotland
    [InlineData("england-and-wales", "2026-12-24", 1, "2026-12-29")] // Christmas Fri, Boxing Day substituted to Mon 28
    [InlineData("england-and-wales", "2027-12-24", 1, "2027-12-29")] // both substituted: Mon 27, Tue 28
    [InlineData("england-and-wales", "2027-12-31", 1, "2028-01-04")] // into computed 2028: New Year's Day on Mon 3
    [InlineData("england-and-wales", "2026-04-07", -1, "2026-04-02")]
    [InlineData("england-and-wales", "2026-04-03", 0, "2026-04-03")] // adding 0 leaves even a holiday alone
    [InlineData("england-and-wales", "2026-04-10", -10, "2026-03-25")]
    public void AddWorkingDays_SkipsWeekendsAndBankHolidays(string region, string from, int days, string expected)
    {
        Assert.Equal(D(expected), Calendar(region).AddWorkingDays(D(from), days));
    }

    [Theory]
    [InlineData("england-and-wales", "2025-12-24", "2025-12-29")]
    [InlineData("england-and-wales", "2026-12-24", "2026-12-29")]
    [InlineData("england-and-wales", "2027-12-23", "2027-12-24")]
    [InlineData("england-and-wales", "2027-12-24", "2027-12-29")]
    [InlineData("england-and-wales", "2026-04-02", "2026-04-07")]
    [InlineData("england-and-wales", "2026-04-03", "2026-04-07")] // strictly after, from a holiday
    [InlineData("england-and-wales", "2028-04-13", "2028-04-18")] // computed Easter 2028
    [InlineData("scotland", "2026-04-02", "2026-04-06")]
    [InlineData("scotland", "2026-12-31", "2027-01-05")] // 1 Jan Fri, 2nd January substituted to Mon 4
    [InlineData("scotland", "2026-06-12", "2026-06-16")] // the World Cup Monday
    [InlineData("northern-ireland", "2026-07-10", "2026-07-14")] // the Boyne substituted to Mon 13
    public void NextWorkingDay_OverChristmasAndEaster(string region, string from, string expected)
    {
        Assert.Equal(D(expected), Calendar(region).NextWorkingDay(D(from)));
    }

    [Theory]
    [InlineData("england-and-wales", "2026-04-07", "2026-04-02")]
    [InlineData("england-and-wales", "2026-12-29", "2026-12-24")]
    [InlineData("england-and-wales", "2028-01-04", "2027-12-31")]
    [InlineData("scotland", "2027-01-05", "2026-12-31")]
    public void PreviousWorkingDay_SkipsBack(string region, string from, string expected)
    {
        Assert.Equal(D(expected), Calendar(region).PreviousWorkingDay(D(from)));
    }

    [Theory]
    [InlineData("2026-04-03", "2026-04-07")]
    [InlineData("2026-04-02", "2026-04-02")]
    [InlineData("2026-04-04", "2026-04-07")]
    public void OnOrAfter_KeepsAWorkingDayElseMovesOn(string date, string expected)
    {
        Assert.Equal(D(expected), Calendar("england-and-wales").OnOrAfter(D(date)));
    }

    [Theory]
    [InlineData("england-and-wales", "2026-04-01", "2026-04-17", 10)]
    [InlineData("england-and-wales", "2026-04-17", "2026-04-01", -10)]
    [InlineData("england-and-wales", "2026-04-03", "2026-04-03", 0)]
    [InlineData("england-and-wales", "2026-04-02", "2026-04-06", 0)] // Fri and Mon are bank holidays
    [InlineData("england-and-wales", "2026-01-01", "2026-12-31", 253)] // 260 weekdays after 1 Jan less 7 more holidays
    [InlineData("scotland", "2026-01-01", "2026-12-31", 251)] // 260 weekdays after 1 Jan less 9 more holidays
    [InlineData("northern-ireland", "2025-12-31", "2026-12-31", 251)] // 261 less 10
    [InlineData("england-and-wales", "1999-12-31", "2000-01-05", 2)] // from just before the tables: Sat 1 Jan 2000 kept on Mon 3
    [InlineData("england-and-wales", "2100-12-24", "2101-01-04", 5)] // out past them: 29, 30, 31 Dec, then Mon 3 and Tue 4 (2101 unknown)
    public void WorkingDaysBetween_CountsAfterStartUpToEnd(string region, string start, string end, int expected)
    {
        Assert.Equal(expected, Calendar(region).WorkingDaysBetween(D(start), D(end)));
    }

    [Theory]
    [InlineData("2026-04-01", "2026-04-10", "2026-04-03", "2026-04-07")] // Good Friday: forward past Easter Monday
    [InlineData("2026-03-30", "2026-04-06", "2026-04-03", "2026-04-02")] // nothing left forward: back to Thursday
    [InlineData("2026-04-01", "2026-04-10", "2026-04-08", "2026-04-08")] // a working day stays
    [InlineData("2026-04-03", "2026-04-10", "2026-03-01", "2026-04-07")] // before the window: from its start
    [InlineData("2026-03-30", "2026-04-06", "2026-05-01", "2026-04-02")] // after the window: back from its end
    [InlineData("2026-12-24", "2026-12-31", "2026-12-25", "2026-12-29")] // Christmas Day to the first day after the substitute
    public void TargetWithin_MovesOffHolidaysInsideTheWindow(string start, string end, string preferred, string expected)
    {
        var window = new ServiceWindow(D(start), D(end));

        Assert.Equal(D(expected), Calendar("england-and-wales").TargetWithin(window, D(preferred)));
    }

    [Theory]
    [InlineData("2026-04-03", "2026-04-06")] // Good Friday to Easter Monday
    [InlineData("2026-12-25", "2026-12-28")] // Christmas Day to the Boxing Day substitute
    public void TargetWithin_WindowWithoutAWorkingDay_IsNull(string start, string end)
    {
        Assert.Null(Calendar("england-and-wales").TargetWithin(new ServiceWindow(D(start), D(end)), D(start)));
    }

    [Theory]
    [InlineData("england-and-wales")]
    [InlineData("scotland")]
    [InlineData("northern-ireland")]
    public void IsWorkingDay_MatchesWeekdaysLessHolidays_ForEveryDayOfTheCentury(string regionKey)
    {
        var region = BankHolidayCatalog.ParseRegion(regionKey);
        var calendar = Snapshot.Calendar(region);
        var holidays = Snapshot.Holidays(region, BankHolidayCatalog.CalendarFirstYear, BankHolidayCatalog.CalendarLastYear)
            .Select(h => h.Date).ToHashSet();

        for (var date = D("1999-06-01"); date <= D("2101-06-30"); date = date.PlusDays(1))
        {
            var expected = date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !holidays.Contains(date);
            Assert.True(expected == calendar.IsWorkingDay(date), $"{date:uuuu-MM-dd}");
            Assert.Equal(holidays.Contains(date), calendar.IsBankHoliday(date));
        }
    }

    [Fact]
    public void WorkingDaysBetween_AgreesWithCountingDayByDay_InAndOutsideTheTables()
    {
        // A calendar whose tables cover 2026 only; starts and ends land before, inside and after it.
        var calendar = Snapshot.Calendar(BankHolidayRegion.EnglandAndWales);
        var small = new WorkingDayCalendar(BankHolidayRegion.EnglandAndWales, Snapshot.Holidays(BankHolidayRegion.EnglandAndWales, 2026, 2026));
        var origin = D("2025-10-01");

        Gen.Select(Gen.Int[0, 700], Gen.Int[0, 700]).Sample((a, b) =>
        {
            var start = origin.PlusDays(a);
            var end = origin.PlusDays(b);
            foreach (var c in new[] { calendar, small })
            {
                var naive = 0;
                for (var d = Min(start, end).PlusDays(1); d <= Max(start, end); d = d.PlusDays(1))
                {
                    naive += c.IsWorkingDay(d) ? 1 : 0;
                }

                Assert.Equal(end < start ? -naive : naive, c.WorkingDaysBetween(start, end));
            }
        });
    }

    [Fact]
    public void Constructor_NoHolidays_SkipsWeekendsOnly()
    {
        var calendar = new WorkingDayCalendar(BankHolidayRegion.EnglandAndWales, []);

        Assert.True(calendar.IsWorkingDay(D("2026-12-25")));
        Assert.False(calendar.IsWorkingDay(D("2026-12-26")));
        Assert.Equal(5, calendar.WorkingDaysBetween(D("2026-12-20"), D("2026-12-27")));
    }

    [Fact]
    public void Constructor_HolidaysInTheLastYear_BuildsWithoutOverflowing()
    {
        var calendar = new WorkingDayCalendar(BankHolidayRegion.Scotland, UkBankHolidayRules.Compute(BankHolidayRegion.Scotland, 9999));

        Assert.False(calendar.IsWorkingDay(D("9999-12-27"))); // Christmas Day 9999 is a Saturday
        Assert.True(calendar.IsWorkingDay(D("9999-12-31")));
        Assert.Equal(3, calendar.WorkingDaysBetween(D("9999-12-24"), D("9999-12-31"))); // Wed 29, Thu 30, Fri 31
    }

    [Fact]
    public void IsWorkingDay_DoesNotAllocate()
    {
        var calendar = Snapshot.Calendar(BankHolidayRegion.EnglandAndWales);
        var start = D("2026-01-01");
        var working = Count(calendar, start); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();

        working += Count(calendar, start);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2 * 253, working); // 261 weekdays in 2026 less 8 bank holidays, counted twice
    }

    private static int Count(WorkingDayCalendar calendar, LocalDate start)
    {
        var count = 0;
        for (var i = 0; i < 365; i++)
        {
            count += calendar.IsWorkingDay(start.PlusDays(i)) ? 1 : 0;
        }

        return count;
    }

    private static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;
}
