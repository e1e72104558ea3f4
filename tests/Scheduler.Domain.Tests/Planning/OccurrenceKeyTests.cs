using NodaTime;

namespace Scheduler.Domain.Tests.Planning;

public class OccurrenceKeyTests
{
    [Theory]
    [InlineData(2027, 3, 2, "clean-weekly/B1/2027-03-02/block-clean")]
    [InlineData(2028, 12, 31, "clean-weekly/B1/2028-12-31/block-clean")]
    [InlineData(999, 1, 9, "clean-weekly/B1/0999-01-09/block-clean")]
    public void Key_IsScheduleAssetIsoWindowStartAndService(int year, int month, int day, string expected)
    {
        var start = new LocalDate(year, month, day);
        var occurrence = new Occurrence("clean-weekly", "block-clean", "B1", new ServiceWindow(start, start.PlusDays(4)), start);

        Assert.Equal(expected, occurrence.Key);
        Assert.Equal($"clean-weekly/B1/{start.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}/block-clean", occurrence.Key);
    }
}
