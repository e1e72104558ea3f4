using Scheduler.Domain.WorkingDays;
using static Scheduler.Domain.Tests.WorkingDays.TestDates;

namespace Scheduler.Domain.Tests.WorkingDays;

/// <summary>
/// Every bank holiday in DOMAIN.md section 6, for 2025–2027 (published, from the snapshot) and 2028 (computed).
/// Each row must be present with its title and substitute flag; the per-year counts then make the sets exact.
/// </summary>
public sealed class DomainTableTests
{
    private static readonly BankHolidayCatalog Catalog = BankHolidayCatalog.Snapshot;

    [Theory]
    [InlineData("england-and-wales", "2025-01-01", "New Year’s Day", false)]
    [InlineData("england-and-wales", "2025-04-18", "Good Friday", false)]
    [InlineData("england-and-wales", "2025-04-21", "Easter Monday", false)]
    [InlineData("england-and-wales", "2025-05-05", "Early May bank holiday", false)]
    [InlineData("england-and-wales", "2025-05-26", "Spring bank holiday", false)]
    [InlineData("england-and-wales", "2025-08-25", "Summer bank holiday", false)]
    [InlineData("england-and-wales", "2025-12-25", "Christmas Day", false)]
    [InlineData("england-and-wales", "2025-12-26", "Boxing Day", false)]
    [InlineData("england-and-wales", "2026-01-01", "New Year’s Day", false)]
    [InlineData("england-and-wales", "2026-04-03", "Good Friday", false)]
    [InlineData("england-and-wales", "2026-04-06", "Easter Monday", false)]
    [InlineData("england-and-wales", "2026-05-04", "Early May bank holiday", false)]
    [InlineData("england-and-wales", "2026-05-25", "Spring bank holiday", false)]
    [InlineData("england-and-wales", "2026-08-31", "Summer bank holiday", false)]
    [InlineData("england-and-wales", "2026-12-25", "Christmas Day", false)]
    [InlineData("england-and-wales", "2026-12-28", "Boxing Day", true)]
    [InlineData("england-and-wales", "2027-01-01", "New Year’s Day", false)]
    [InlineData("england-and-wales", "2027-03-26", "Good Friday", false)]
    [InlineData("england-and-wales", "2027-03-29", "Easter Monday", false)]
    [InlineData("england-and-wales", "2027-05-03", "Early May bank holiday", false)]
    [InlineData("england-and-wales", "2027-05-31", "Spring bank holiday", false)]
    [InlineData("england-and-wales", "2027-08-30", "Summer bank holiday", false)]
    [InlineData("england-and-wales", "2027-12-27", "Christmas Day", true)]
    [InlineData("england-and-wales", "2027-12-28", "Boxing Day", true)]
    [InlineData("england-and-wales", "2028-01-03", "New Year’s Day", true)]
    [InlineData("england-and-wales", "2028-04-14", "Good Friday", false)]
    [InlineData("england-and-wales", "2028-04-17", "Easter Monday", false)]
    [InlineData("england-and-wales", "2028-05-01", "Early May bank holiday", false)]
    [InlineData("england-and-wales", "2028-05-29", "Spring bank holiday", false)]
    [InlineData("england-and-wales", "2028-08-28", "Summer bank holiday", false)]
    [InlineData("england-and-wales", "2028-12-25", "Christmas Day", false)]
    [InlineData("england-and-wales", "2028-12-26", "Boxing Day", false)]
    [InlineData("scotland", "2025-01-01", "New Year’s Day", false)]
    [InlineData("scotland", "2025-01-02", "2nd January", false)]
    [InlineData("scotland", "2025-04-18", "Good Friday", false)]
    [InlineData("scotland", "2025-05-05", "Early May bank holiday", false)]
    [InlineData("scotland", "2025-05-26", "Spring bank holiday", false)]
    [InlineData("scotland", "2025-08-04", "Summer bank holiday", false)]
    [InlineData("scotland", "2025-12-01", "St Andrew’s Day", true)]
    [InlineData("scotland", "2025-12-25", "Christmas Day", false)]
    [InlineData("scotland", "2025-12-26", "Boxing Day", false)]
    [InlineData("scotland", "2026-01-01", "New Year’s Day", false)]
    [InlineData("scotland", "2026-01-02", "2nd January", false)]
    [InlineData("scotland", "2026-04-03", "Good Friday", false)]
    [InlineData("scotland", "2026-05-04", "Early May bank holiday", false)]
    [InlineData("scotland", "2026-05-25", "Spring bank holiday", false)]
    [InlineData("scotland", "2026-08-03", "Summer bank holiday", false)]
    [InlineData("scotland", "2026-11-30", "St Andrew’s Day", false)]
    [InlineData("scotland", "2026-12-25", "Christmas Day", false)]
    [InlineData("scotland", "2026-12-28", "Boxing Day", true)]
    [InlineData("scotland", "2027-01-01", "New Year’s Day", false)]
    [InlineData("scotland", "2027-01-04", "2nd January", true)]
    [InlineData("scotland", "2027-03-26", "Good Friday", false)]
    [InlineData("scotland", "2027-05-03", "Early May bank holiday", false)]
    [InlineData("scotland", "2027-05-31", "Spring bank holiday", false)]
    [InlineData("scotland", "2027-08-02", "Summer bank holiday", false)]
    [InlineData("scotland", "2027-11-30", "St Andrew’s Day", false)]
    [InlineData("scotland", "2027-12-27", "Christmas Day", true)]
    [InlineData("scotland", "2027-12-28", "Boxing Day", true)]
    [InlineData("scotland", "2028-01-03", "New Year’s Day", true)]
    [InlineData("scotland", "2028-01-04", "2nd January", true)]
    [InlineData("scotland", "2028-04-14", "Good Friday", false)]
    [InlineData("scotland", "2028-05-01", "Early May bank holiday", false)]
    [InlineData("scotland", "2028-05-29", "Spring bank holiday", false)]
    [InlineData("scotland", "2028-08-07", "Summer bank holiday", false)]
    [InlineData("scotland", "2028-11-30", "St Andrew’s Day", false)]
    [InlineData("scotland", "2028-12-25", "Christmas Day", false)]
    [InlineData("scotland", "2028-12-26", "Boxing Day", false)]
    [InlineData("northern-ireland", "2025-01-01", "New Year’s Day", false)]
    [InlineData("northern-ireland", "2025-03-17", "St Patrick’s Day", false)]
    [InlineData("northern-ireland", "2025-04-18", "Good Friday", false)]
    [InlineData("northern-ireland", "2025-04-21", "Easter Monday", false)]
    [InlineData("northern-ireland", "2025-05-05", "Early May bank holiday", false)]
    [InlineData("northern-ireland", "2025-05-26", "Spring bank holiday", false)]
    [InlineData("northern-ireland", "2025-07-14", "Battle of the Boyne (Orangemen’s Day)", true)]
    [InlineData("northern-ireland", "2025-08-25", "Summer bank holiday", false)]
    [InlineData("northern-ireland", "2025-12-25", "Christmas Day", false)]
    [InlineData("northern-ireland", "2025-12-26", "Boxing Day", false)]
    [InlineData("northern-ireland", "2026-01-01", "New Year’s Day", false)]
    [InlineData("northern-ireland", "2026-03-17", "St Patrick’s Day", false)]
    [InlineData("northern-ireland", "2026-04-03", "Good Friday", false)]
    [InlineData("northern-ireland", "2026-04-06", "Easter Monday", false)]
    [InlineData("northern-ireland", "2026-05-04", "Early May bank holiday", false)]
    [InlineData("northern-ireland", "2026-05-25", "Spring bank holiday", false)]
    [InlineData("northern-ireland", "2026-07-13", "Battle of the Boyne (Orangemen’s Day)", true)]
    [InlineData("northern-ireland", "2026-08-31", "Summer bank holiday", false)]
    [InlineData("northern-ireland", "2026-12-25", "Christmas Day", false)]
    [InlineData("northern-ireland", "2026-12-28", "Boxing Day", true)]
    [InlineData("northern-ireland", "2027-01-01", "New Year’s Day", false)]
    [InlineData("northern-ireland", "2027-03-17", "St Patrick’s Day", false)]
    [InlineData("northern-ireland", "2027-03-26", "Good Friday", false)]
    [InlineData("northern-ireland", "2027-03-29", "Easter Monday", false)]
    [InlineData("northern-ireland", "2027-05-03", "Early May bank holiday", false)]
    [InlineData("northern-ireland", "2027-05-31", "Spring bank holiday", false)]
    [InlineData("northern-ireland", "2027-07-12", "Battle of the Boyne (Orangemen’s Day)", false)]
    [InlineData("northern-ireland", "2027-08-30", "Summer bank holiday", false)]
    [InlineData("northern-ireland", "2027-12-27", "Christmas Day", true)]
    [InlineData("northern-ireland", "2027-12-28", "Boxing Day", true)]
    [InlineData("northern-ireland", "2028-01-03", "New Year’s Day", true)]
    [InlineData("northern-ireland", "2028-03-17", "St Patrick’s Day", false)]
    [InlineData("northern-ireland", "2028-04-14", "Good Friday", false)]
    [InlineData("northern-ireland", "2028-04-17", "Easter Monday", false)]
    [InlineData("northern-ireland", "2028-05-01", "Early May bank holiday", false)]
    [InlineData("northern-ireland", "2028-05-29", "Spring bank holiday", false)]
    [InlineData("northern-ireland", "2028-07-12", "Battle of the Boyne (Orangemen’s Day)", false)]
    [InlineData("northern-ireland", "2028-08-28", "Summer bank holiday", false)]
    [InlineData("northern-ireland", "2028-12-25", "Christmas Day", false)]
    [InlineData("northern-ireland", "2028-12-26", "Boxing Day", false)]
    public void Holidays_MatchDomainTable(string region, string date, string title, bool substitute)
    {
        var expected = D(date);
        var holidays = Catalog.Holidays(BankHolidayCatalog.ParseRegion(region), expected.Year, expected.Year);

        var holiday = Assert.Single(holidays, h => h.Date == expected);
        Assert.Equal(title, holiday.Title);
        Assert.Equal(substitute, holiday.IsSubstitute);
        Assert.Equal(expected.Year == 2028, holiday.IsComputed);
    }

    [Theory]
    [InlineData("england-and-wales", 2025, 8)]
    [InlineData("england-and-wales", 2026, 8)]
    [InlineData("england-and-wales", 2027, 8)]
    [InlineData("england-and-wales", 2028, 8)]
    [InlineData("northern-ireland", 2025, 10)]
    [InlineData("northern-ireland", 2026, 10)]
    [InlineData("northern-ireland", 2027, 10)]
    [InlineData("northern-ireland", 2028, 10)]
    [InlineData("scotland", 2025, 9)]
    [InlineData("scotland", 2026, 10)]
    [InlineData("scotland", 2027, 9)]
    [InlineData("scotland", 2028, 9)]
    public void Holidays_HaveNoDatesBeyondDomainTable(string region, int year, int count)
    {
        var holidays = Catalog.Holidays(BankHolidayCatalog.ParseRegion(region), year, year);

        Assert.Equal(count, holidays.Count);
        Assert.Equal(count, holidays.Select(h => h.Date).Distinct().Count());
        Assert.All(holidays, h => Assert.Equal(year, h.Date.Year));
    }

    [Fact]
    public void Holidays_Scotland2026_HasOneOffMonday15June()
    {
        var holidays = Catalog.Holidays(BankHolidayRegion.Scotland, 2026, 2026);

        var oneOff = Assert.Single(holidays, h => h.Date == D("2026-06-15"));
        Assert.False(oneOff.IsComputed);
        Assert.False(oneOff.IsSubstitute);
        Assert.DoesNotContain(Catalog.Holidays(BankHolidayRegion.EnglandAndWales, 2026, 2026), h => h.Date == D("2026-06-15"));
        Assert.DoesNotContain(Catalog.Holidays(BankHolidayRegion.NorthernIreland, 2026, 2026), h => h.Date == D("2026-06-15"));
    }

    [Theory]
    [InlineData("england-and-wales")]
    [InlineData("scotland")]
    [InlineData("northern-ireland")]
    public void LastPublishedYear_Is2027SoThat2028IsComputed(string region)
    {
        Assert.Equal(2027, Catalog.LastPublishedYear(BankHolidayCatalog.ParseRegion(region)));
    }
}
