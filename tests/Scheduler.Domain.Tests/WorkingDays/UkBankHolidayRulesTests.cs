using NodaTime;
using Scheduler.Domain.WorkingDays;
using static Scheduler.Domain.Tests.WorkingDays.TestDates;

namespace Scheduler.Domain.Tests.WorkingDays;

public sealed class UkBankHolidayRulesTests
{
    [Theory]
    [InlineData(1818, "1818-03-22")] // earliest possible
    [InlineData(2000, "2000-04-23")]
    [InlineData(2008, "2008-03-23")]
    [InlineData(2011, "2011-04-24")]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2028, "2028-04-16")]
    [InlineData(2038, "2038-04-25")] // latest possible
    [InlineData(2285, "2285-03-22")]
    public void GregorianEaster_Sunday_MatchesPublishedDates(int year, string easterSunday)
    {
        Assert.Equal(D(easterSunday), GregorianEaster.Sunday(year));
    }

    [Theory]
    [InlineData("england-and-wales", 2021, "2021-12-27", "Christmas Day", true)] // Sat 25 -> Mon 27
    [InlineData("england-and-wales", 2021, "2021-12-28", "Boxing Day", true)] // Sun 26 -> Tue 28
    [InlineData("england-and-wales", 2022, "2022-01-03", "New Year’s Day", true)]
    [InlineData("england-and-wales", 2022, "2022-12-26", "Boxing Day", false)] // Boxing Day keeps its Monday
    [InlineData("england-and-wales", 2022, "2022-12-27", "Christmas Day", true)] // Sun 25 -> Tue 27
    [InlineData("scotland", 2033, "2033-01-03", "New Year’s Day", true)] // Sat 1 -> Mon 3
    [InlineData("scotland", 2033, "2033-01-04", "2nd January", true)] // Sun 2 -> Tue 4
    [InlineData("scotland", 2034, "2034-01-02", "2nd January", false)] // Mon 2 is 2nd January itself
    [InlineData("scotland", 2034, "2034-01-03", "New Year’s Day", true)] // so Sun 1 -> Tue 3
    [InlineData("scotland", 2030, "2030-12-02", "St Andrew’s Day", true)] // Sat 30 Nov
    [InlineData("scotland", 2031, "2031-12-01", "St Andrew’s Day", true)] // Sun 30 Nov
    [InlineData("northern-ireland", 2029, "2029-03-19", "St Patrick’s Day", true)] // Sat 17 Mar
    [InlineData("northern-ireland", 2030, "2030-03-18", "St Patrick’s Day", true)] // Sun 17 Mar
    [InlineData("northern-ireland", 2031, "2031-07-14", "Battle of the Boyne (Orangemen’s Day)", true)] // Sat 12 Jul
    public void Compute_SubstitutesWeekendHolidays(string region, int year, string date, string title, bool substitute)
    {
        var holidays = UkBankHolidayRules.Compute(BankHolidayCatalog.ParseRegion(region), year);

        var holiday = Assert.Single(holidays, h => h.Date == D(date));
        Assert.Equal(title, holiday.Title);
        Assert.Equal(substitute, holiday.IsSubstitute);
        Assert.True(holiday.IsComputed);
    }

    [Theory]
    [InlineData(BankHolidayRegion.EnglandAndWales, 8)]
    [InlineData(BankHolidayRegion.Scotland, 9)]
    [InlineData(BankHolidayRegion.NorthernIreland, 10)]
    public void Compute_EveryYear_GivesDistinctComputedWeekdaysInDateOrder(BankHolidayRegion region, int count)
    {
        for (var year = 1990; year <= 2150; year++)
        {
            var holidays = UkBankHolidayRules.Compute(region, year);

            Assert.Equal(count, holidays.Count);
            Assert.Equal(count, holidays.Select(h => h.Date).Distinct().Count());
            Assert.Equal(holidays.OrderBy(h => h.Date), holidays);
            Assert.All(holidays, h =>
            {
                Assert.Equal(year, h.Date.Year);
                Assert.True(h.IsComputed);
                Assert.DoesNotContain(h.Date.DayOfWeek, new[] { IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday });
            });
        }
    }

    [Fact]
    public void Compute_Scotland_HasNoEasterMondayAndFirstMondayOfAugust()
    {
        var holidays = UkBankHolidayRules.Compute(BankHolidayRegion.Scotland, 2031);

        Assert.DoesNotContain(holidays, h => h.Title == "Easter Monday");
        Assert.Equal(D("2031-08-04"), Assert.Single(holidays, h => h.Title == "Summer bank holiday").Date);
        Assert.Equal(D("2031-08-25"), Assert.Single(
            UkBankHolidayRules.Compute(BankHolidayRegion.EnglandAndWales, 2031), h => h.Title == "Summer bank holiday").Date);
    }

    [Fact]
    public void Compute_InvalidRegion_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UkBankHolidayRules.Compute(BankHolidayRegion.Invalid, 2030));
        Assert.Throws<ArgumentOutOfRangeException>(() => UkBankHolidayRules.Compute((BankHolidayRegion)9, 2030));
    }

    [Theory]
    [InlineData(UkBankHolidayRules.MinYear - 1)]
    [InlineData(UkBankHolidayRules.MaxYear + 1)]
    public void Compute_YearOutOfRange_Throws(int year)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UkBankHolidayRules.Compute(BankHolidayRegion.EnglandAndWales, year));
    }

    [Fact]
    public void Compute_LastYear_StaysInsideTheCalendar()
    {
        var holidays = UkBankHolidayRules.Compute(BankHolidayRegion.Scotland, UkBankHolidayRules.MaxYear);

        Assert.Equal(9, holidays.Count);
        Assert.All(holidays, h => Assert.Equal(UkBankHolidayRules.MaxYear, h.Date.Year));
    }
}
