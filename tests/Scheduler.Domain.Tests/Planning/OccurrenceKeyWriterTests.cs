using NodaTime;
using Scheduler.Domain.Planning;

namespace Scheduler.Domain.Tests.Planning;

public class OccurrenceKeyWriterTests
{
    [Theory]
    [InlineData("clean-weekly", "B1", 2027, 3, 2, "block-clean")]
    [InlineData("gas-safety", "H0123456", 999, 1, 9, "gas-safety")]
    [InlineData("grass-cut", "S000001", 2028, 12, 31, "path-sweep")]
    [InlineData("s/with/slashes", "asset é ü", 1, 1, 1, "x")]
    public void TryWrite_WritesTheKey(string schedule, string asset, int year, int month, int day, string service)
    {
        var start = new LocalDate(year, month, day);
        var occurrence = new Occurrence(schedule, service, asset, new ServiceWindow(start, start.PlusDays(4)), start.PlusDays(1));
        Span<char> buffer = stackalloc char[OccurrenceKeyWriter.UsualLength];

        Assert.True(OccurrenceKeyWriter.TryWrite(occurrence, buffer, out var written));

        Assert.Equal(occurrence.Key, buffer[..written].ToString());
    }

    [Fact]
    public void TryWrite_BufferTooShort_ReturnsFalse()
    {
        var start = new LocalDate(2027, 3, 2);
        var occurrence = new Occurrence("clean-weekly", "block-clean", new string('B', 300), new ServiceWindow(start, start), start);

        Assert.False(OccurrenceKeyWriter.TryWrite(occurrence, new char[OccurrenceKeyWriter.UsualLength], out _));
        Assert.False(OccurrenceKeyWriter.TryWrite(occurrence, new char[occurrence.Key.Length - 1], out _));
        Assert.True(OccurrenceKeyWriter.TryWrite(occurrence, new char[occurrence.Key.Length], out var written));
        Assert.Equal(occurrence.Key.Length, written);
    }
}
