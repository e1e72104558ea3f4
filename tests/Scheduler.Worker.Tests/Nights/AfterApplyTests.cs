using Scheduler.Worker.Hosting.Jobs;
using Xunit;

namespace Scheduler.Worker.Tests.Nights;

public sealed class AfterApplyTests
{
    private const long MiB = 1024L * 1024;

    [Theory]
    [InlineData(200, -1, false, true)] // none made yet: the first night after the first apply collects
    [InlineData(200, 180, false, false)] // a quiet day: 20 MiB more than the last collection left
    [InlineData(275, 180, false, false)] // just under the limit
    [InlineData(276, 180, false, true)] // at the limit (96 MiB)
    [InlineData(610, 180, false, true)] // after a full compare: its stored orders are garbage in generation 2
    [InlineData(100, 180, false, false)] // less than last time (something it kept was let go)
    [InlineData(200, 180, true, true)] // the next night compares in full: nothing carried into it
    public void Needed_ByGrowthSinceTheLastCollection(long inUseMiB, long leftLastMiB, bool fullCompareNext, bool expected) =>
        Assert.Equal(expected, AfterApply.Needed(inUseMiB * MiB, leftLastMiB < 0 ? -1 : leftLastMiB * MiB, fullCompareNext));

    [Fact]
    public async Task ReturnMemoryAsync_GrowthOverTheLimit_Collects()
    {
        await AfterApply.ReturnMemoryAsync();
        var before = GC.CollectionCount(GC.MaxGeneration);

        // More than the limit, alive: the heap is at least this much larger than what any earlier collection here left.
        // (Another test's night may collect in between and take it in: then the next chunk is over the limit again.)
        var kept = new List<byte[]>();
        var collected = false;
        for (var attempt = 0; attempt < 3 && !collected; attempt++)
        {
            kept.AddRange(Enumerable.Range(0, 110).Select(_ => new byte[MiB]));
            collected = await AfterApply.ReturnMemoryAsync();
        }

        Assert.True(collected);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > before);
        GC.KeepAlive(kept);
    }
}
