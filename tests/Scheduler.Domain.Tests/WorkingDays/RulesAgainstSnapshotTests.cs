using NodaTime;
using Scheduler.Domain.WorkingDays;
using static Scheduler.Domain.Tests.WorkingDays.TestDates;

namespace Scheduler.Domain.Tests.WorkingDays;

/// <summary>
/// The usual rules, run over the years the snapshot publishes, must give the published dates exactly,
/// except for the one-off and moved holidays listed here.
/// </summary>
public sealed class RulesAgainstSnapshotTests
{
    // Scotland 2023: the feed calls Mon 2 Jan "New Year's Day" (substitute) and Tue 3 Jan "2nd January"
    // (substitute); the rules keep 2nd January on its own Monday and move New Year's Day to the Tuesday.
    private static readonly HashSet<(BankHolidayRegion, LocalDate)> DifferentlyNamed =
        [(BankHolidayRegion.Scotland, D("2023-01-02")), (BankHolidayRegion.Scotland, D("2023-01-03"))];

    [Theory]
    [InlineData("england-and-wales", 2020, "2020-05-08", "2020-05-04")] // VE Day moved Early May
    [InlineData("england-and-wales", 2021, "", "")]
    [InlineData("england-and-wales", 2022, "2022-06-02 2022-06-03 2022-09-19", "2022-05-30")] // Jubilee, funeral
    [InlineData("england-and-wales", 2023, "2023-05-08", "")] // coronation
    [InlineData("england-and-wales", 2024, "", "")]
    [InlineData("england-and-wales", 2025, "", "")]
    [InlineData("england-and-wales", 2026, "", "")]
    [InlineData("england-and-wales", 2027, "", "")]
    [InlineData("scotland", 2020, "2020-05-08", "2020-05-04")]
    [InlineData("scotland", 2021, "", "")]
    [InlineData("scotland", 2022, "2022-06-02 2022-06-03 2022-09-19", "2022-05-30")]
    [InlineData("scotland", 2023, "2023-05-08", "")]
    [InlineData("scotland", 2024, "", "")]
    [InlineData("scotland", 2025, "", "")]
    [InlineData("scotland", 2026, "2026-06-15", "")] // World Cup day
    [InlineData("scotland", 2027, "", "")]
    [InlineData("northern-ireland", 2020, "2020-05-08", "2020-05-04")]
    [InlineData("northern-ireland", 2021, "", "")]
    [InlineData("northern-ireland", 2022, "2022-06-02 2022-06-03 2022-09-19", "2022-05-30")]
    [InlineData("northern-ireland", 2023, "2023-05-08", "")]
    [InlineData("northern-ireland", 2024, "", "")]
    [InlineData("northern-ireland", 2025, "", "")]
    [InlineData("northern-ireland", 2026, "", "")]
    [InlineData("northern-ireland", 2027, "", "")]
    public void Compute_AgreesWithSnapshot_ExceptOneOffs(string regionKey, int year, string onlyPublished, string onlyComputed)
    {
        var region = BankHolidayCatalog.ParseRegion(regionKey);
        var published = BankHolidayCatalog.Snapshot.Holidays(region, year, year);
        var computed = UkBankHolidayRules.Compute(region, year);

        Assert.All(published, h => Assert.False(h.IsComputed));
        Assert.Equal(Dates(onlyPublished), published.Select(h => h.Date).Except(computed.Select(h => h.Date)).Order());
        Assert.Equal(Dates(onlyComputed), computed.Select(h => h.Date).Except(published.Select(h => h.Date)).Order());
        foreach (var rule in computed.Where(c => !DifferentlyNamed.Contains((region, c.Date))))
        {
            if (published.SingleOrDefault(p => p.Date == rule.Date) is { } feed)
            {
                Assert.Equal((feed.Title, feed.IsSubstitute), (rule.Title, rule.IsSubstitute));
            }
        }
    }

    private static LocalDate[] Dates(string spaceSeparated) =>
        [.. spaceSeparated.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(D).Order()];
}
