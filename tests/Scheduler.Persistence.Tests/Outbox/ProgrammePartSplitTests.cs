using NodaTime;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Tests.Outbox;

/// <summary>
/// <see cref="ProgrammePart.Split"/>: parts of at most the maximum that keep each day whole, a day cut by count only when
/// it alone is bigger than the maximum; every order once, in order.
/// </summary>
public class ProgrammePartSplitTests
{
    private static readonly LocalDate Monday = new(2027, 3, 8);

    /// <summary>A week's ids (1, 2, …) and target dates, <paramref name="perDay"/> orders on each day from Monday.</summary>
    private static (long[] Ids, LocalDate[] Days) Week(params int[] perDay)
    {
        var days = perDay.SelectMany((count, day) => Enumerable.Repeat(Monday.PlusDays(day), count)).ToArray();
        return ([.. Enumerable.Range(1, days.Length).Select(i => (long)i)], days);
    }

    private static int[] Sizes(IReadOnlyList<IReadOnlyList<long>> parts) => [.. parts.Select(p => p.Count)];

    [Theory]
    [InlineData(new[] { 3, 3, 3 }, 6, new[] { 6, 3 })]              // whole days, as many as fit
    [InlineData(new[] { 5, 3 }, 6, new[] { 5, 3 })]                 // by count it would be 6 and 2, cutting Tuesday
    [InlineData(new[] { 1100, 1100, 1100, 1100 }, 2000, new[] { 1100, 1100, 1100, 1100 })]   // more parts than ceil(4400 / 2000)
    [InlineData(new[] { 5, 1 }, 2, new[] { 2, 2, 2 })]              // a day bigger than the maximum cut by count; the next day joins its rest
    [InlineData(new[] { 7 }, 3, new[] { 3, 3, 1 })]                 // one day alone: by count, as before
    [InlineData(new[] { 2, 0, 0, 2 }, 4, new[] { 4 })]              // days apart in one part when they fit
    [InlineData(new[] { 4, 4 }, 4, new[] { 4, 4 })]                 // a day of exactly the maximum
    public void Split_KeepsEachDayWholeUnlessItAloneIsBigger(int[] perDay, int max, int[] expected)
    {
        var (ids, days) = Week(perDay);

        var parts = ProgrammePart.Split(ids, days, max);

        Assert.Equal(expected, Sizes(parts));
        Assert.Equal(ids, parts.SelectMany(p => p));
    }

    [Fact]
    public void Split_RandomWeeks_EveryOrderOnceInOrderAndNoDayCutThatFits()
    {
        var random = new Random(24);
        for (var run = 0; run < 500; run++)
        {
            var (ids, days) = Week([.. Enumerable.Range(0, 7).Select(_ => random.Next(0, 12))]);
            var max = random.Next(1, 15);

            var parts = ProgrammePart.Split(ids, days, max);

            Assert.Equal(ids, parts.SelectMany(p => p));
            Assert.All(parts, p => Assert.InRange(p.Count, 1, max));
            Assert.Equal(Sizes(parts), Sizes(ProgrammePart.Split(ids, days, max)));
            var partOf = parts.SelectMany((p, i) => p.Select(id => (id, i))).ToDictionary(x => x.id, x => x.i);
            foreach (var day in days.Select((d, i) => (d, ids[i])).GroupBy(x => x.d))
            {
                var inParts = day.Select(x => partOf[x.Item2]).Distinct().Count();
                Assert.True(day.Count() > max || inParts == 1, $"run {run}: {day.Key} ({day.Count()} orders, max {max}) is in {inParts} parts");
            }

            // As few parts as whole days allow: no two neighbouring parts would fit together in one.
            for (var i = 1; i < parts.Count; i++)
            {
                Assert.True(
                    parts[i - 1].Count + parts[i].Count > max || days[Array.IndexOf(ids, parts[i][0])] == days[Array.IndexOf(ids, parts[i - 1][^1])],
                    $"run {run}: parts {i} and {i + 1} ({parts[i - 1].Count} + {parts[i].Count}) fit in one of {max}");
            }
        }
    }

    [Fact]
    public void Split_DaysOutOfOrderOrMissing_Refused()
    {
        var (ids, days) = Week(2, 2);

        Assert.Throws<ArgumentException>(() => ProgrammePart.Split(ids, [.. days.Reverse()], 3));
        Assert.Throws<ArgumentException>(() => ProgrammePart.Split(ids, days[..3], 3));
    }
}
