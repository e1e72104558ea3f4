using NodaTime;
using Scheduler.Domain.WorkingDays;
using static Scheduler.Domain.Tests.WorkingDays.TestDates;

namespace Scheduler.Domain.Tests.WorkingDays;

/// <summary>The embedded GOV.UK feed snapshot: its one-offs, its years, and that it is the file in the repository.</summary>
public sealed class SnapshotTests
{
    private static readonly BankHolidayCatalog Snapshot = BankHolidayCatalog.Snapshot;

    [Theory]
    [InlineData("2020-05-08", "Early May bank holiday (VE day)")]
    [InlineData("2022-06-02", "Spring bank holiday")]
    [InlineData("2022-06-03", "Platinum Jubilee bank holiday")]
    [InlineData("2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II")]
    [InlineData("2023-05-08", "Bank holiday for the coronation of King Charles III")]
    public void Holidays_OneOffs_InEveryRegion(string date, string title)
    {
        foreach (var region in new[] { BankHolidayRegion.EnglandAndWales, BankHolidayRegion.Scotland, BankHolidayRegion.NorthernIreland })
        {
            var year = D(date).Year;
            var holiday = Assert.Single(Snapshot.Holidays(region, year, year), h => h.Date == D(date));
            Assert.Equal(title, holiday.Title);
            Assert.False(holiday.IsComputed);
        }
    }

    [Theory]
    [InlineData("2020-05-04")] // the first Monday of May 2020 was worked (the holiday moved to VE Day)
    [InlineData("2022-05-30")] // the last Monday of May 2022 was worked (the holiday moved to 2 June)
    public void Calendar_MovedHolidays_LeaveTheirUsualDayAWorkingDay(string date)
    {
        Assert.True(Snapshot.Calendar(BankHolidayRegion.EnglandAndWales).IsWorkingDay(D(date)));
    }

    [Theory]
    [InlineData("england-and-wales", 67)]
    [InlineData("scotland", 76)]
    [InlineData("northern-ireland", 83)]
    public void Holidays_PublishedYears_Are2020To2027(string regionKey, int events)
    {
        var region = BankHolidayCatalog.ParseRegion(regionKey);

        Assert.Equal(2020, Snapshot.FirstPublishedYear(region));
        Assert.Equal(2027, Snapshot.LastPublishedYear(region));
        var published = Snapshot.Holidays(region, 2020, 2027);
        Assert.Equal(events, published.Count);
        Assert.All(published, h =>
        {
            Assert.False(h.IsComputed);
            Assert.DoesNotContain(h.Date.DayOfWeek, new[] { IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday });
            Assert.DoesNotContain("'", h.Title, StringComparison.Ordinal); // the feed's apostrophe is ’
        });
    }

    [Fact]
    public void Holidays_Scotland2023_KeepsTheFeedsNames()
    {
        var january = Snapshot.Holidays(BankHolidayRegion.Scotland, 2023, 2023).Take(2).ToArray();

        Assert.Equal(
            [new BankHoliday(D("2023-01-02"), "New Year’s Day", true, false), new BankHoliday(D("2023-01-03"), "2nd January", true, false)],
            january);
    }

    [Fact]
    public void Snapshot_IsTheFileInTheRepository()
    {
        var path = RepositoryFiles.Path("src/Scheduler.Domain/WorkingDays/bank-holidays.json");
        var fromDisk = BankHolidayFeed.Parse(File.ReadAllText(path), path);

        foreach (var region in new[] { BankHolidayRegion.EnglandAndWales, BankHolidayRegion.Scotland, BankHolidayRegion.NorthernIreland })
        {
            Assert.Equal(fromDisk.Holidays(region, 2020, 2027), Snapshot.Holidays(region, 2020, 2027));
        }

        Assert.Contains("snapshot", Snapshot.SourceName, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_IsParsedOnce()
    {
        Assert.Same(BankHolidayCatalog.Snapshot, BankHolidayCatalog.Snapshot);
    }
}
