using Scheduler.Domain.WorkingDays;
using static Scheduler.Domain.Tests.WorkingDays.TestDates;

namespace Scheduler.Domain.Tests.WorkingDays;

public sealed class BankHolidayCatalogTests
{
    private const string Feed2030 = "tests/Scheduler.Domain.Tests/WorkingDays/feed-2030.json";

    private static readonly BankHolidayCatalog Snapshot = BankHolidayCatalog.Snapshot;

    [Theory]
    [InlineData("england-and-wales", BankHolidayRegion.EnglandAndWales)]
    [InlineData("scotland", BankHolidayRegion.Scotland)]
    [InlineData("northern-ireland", BankHolidayRegion.NorthernIreland)]
    [InlineData(" Scotland ", BankHolidayRegion.Scotland)]
    [InlineData("england", BankHolidayRegion.Invalid)]
    [InlineData("wales", BankHolidayRegion.Invalid)]
    [InlineData("england_and_wales", BankHolidayRegion.Invalid)]
    [InlineData("", BankHolidayRegion.Invalid)]
    [InlineData(null, BankHolidayRegion.Invalid)]
    public void ParseRegion_ReadsFeedKeys(string? key, BankHolidayRegion expected)
    {
        Assert.Equal(expected, BankHolidayCatalog.ParseRegion(key));
    }

    [Theory]
    [InlineData(BankHolidayRegion.EnglandAndWales)]
    [InlineData(BankHolidayRegion.Scotland)]
    [InlineData(BankHolidayRegion.NorthernIreland)]
    public void FeedKey_RoundTripsThroughParseRegion(BankHolidayRegion region)
    {
        Assert.Equal(region, BankHolidayCatalog.ParseRegion(BankHolidayCatalog.FeedKey(region)));
    }

    [Fact]
    public void InvalidRegion_IsRefusedEverywhere()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BankHolidayCatalog.FeedKey(BankHolidayRegion.Invalid));
        Assert.Throws<ArgumentOutOfRangeException>(() => Snapshot.Calendar(BankHolidayRegion.Invalid));
        Assert.Throws<ArgumentOutOfRangeException>(() => Snapshot.Holidays(BankHolidayRegion.Invalid, 2026, 2026));
        Assert.Throws<ArgumentOutOfRangeException>(() => Snapshot.LastPublishedYear((BankHolidayRegion)4));
    }

    [Fact]
    public void Holidays_SpanningFeedAndRules_MarksOnlyLaterYearsComputed()
    {
        var holidays = Snapshot.Holidays(BankHolidayRegion.EnglandAndWales, 2027, 2029);

        Assert.Equal(24, holidays.Count);
        Assert.Equal(holidays.OrderBy(h => h.Date), holidays);
        Assert.All(holidays, h => Assert.Equal(h.Date.Year > 2027, h.IsComputed));
    }

    [Fact]
    public void Holidays_BeforeTheFeed_AreComputed()
    {
        var holidays = Snapshot.Holidays(BankHolidayRegion.NorthernIreland, 2019, 2019);

        Assert.All(holidays, h => Assert.True(h.IsComputed));
        // 2019 as GOV.UK published it: St Patrick's Day Sun 17 -> Mon 18 March, Boyne Fri 12 July.
        Assert.Contains(holidays, h => h.Date == D("2019-03-18") && h.IsSubstitute);
        Assert.Contains(holidays, h => h.Date == D("2019-07-12") && !h.IsSubstitute);
    }

    [Fact]
    public void Holidays_EndBeforeStart_Throws()
    {
        Assert.Throws<ArgumentException>(() => Snapshot.Holidays(BankHolidayRegion.Scotland, 2027, 2026));
    }

    [Fact]
    public void Calendar_IsBuiltOncePerRegion_EvenUnderConcurrentFirstUse()
    {
        var catalog = BankHolidayFeed.Parse(
            File.ReadAllText(RepositoryFiles.Path(Feed2030)), "feed-2030.json");

        var calendars = new WorkingDayCalendar[64];
        Parallel.For(0, calendars.Length, i => calendars[i] = catalog.Calendar((BankHolidayRegion)((i % 3) + 1)));

        Assert.Equal(3, calendars.Distinct().Count());
        Assert.All(calendars, c => Assert.Same(catalog.Calendar(c.Region), c));
    }

    [Fact]
    public void Calendar_CoversYears2000To2100()
    {
        var calendar = Snapshot.Calendar(BankHolidayRegion.EnglandAndWales);

        Assert.False(calendar.IsWorkingDay(D("2000-04-24"))); // Easter Monday 2000
        Assert.False(calendar.IsWorkingDay(D("2100-03-29"))); // Easter Monday 2100 (Easter Sunday 28 March)
        Assert.False(calendar.IsWorkingDay(D("2100-12-27"))); // Christmas 2100 (Saturday) substituted to Monday
        Assert.False(calendar.IsWorkingDay(D("2100-12-28"))); // and Boxing Day (Sunday) to Tuesday
        Assert.True(calendar.IsWorkingDay(D("2101-12-26"))); // beyond the calendar's years only weekends are skipped
    }

    [Fact]
    public void Calendar_FromAReplacementFeed_UsesItsDatesAndRulesAfterIt()
    {
        // A feed file as an operator would drop it into config/: one extra, made-up holiday in 2030.
        var path = RepositoryFiles.Path(Feed2030);
        var catalog = BankHolidayFeed.Parse(File.ReadAllText(path), path);
        var calendar = catalog.Calendar(BankHolidayRegion.EnglandAndWales);

        Assert.Equal(2030, catalog.LastPublishedYear(BankHolidayRegion.EnglandAndWales));
        Assert.False(calendar.IsWorkingDay(D("2030-06-14"))); // the one-off in the file
        Assert.True(calendar.IsWorkingDay(D("2030-05-27"))); // the rules' Spring bank holiday is not in the file
        Assert.False(calendar.IsWorkingDay(D("2031-05-26"))); // 2031 comes from the rules
        Assert.False(calendar.IsWorkingDay(D("2026-04-06"))); // and so does 2026, before the file's first year
    }
}
