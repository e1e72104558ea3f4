using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Orders;

namespace Scheduler.Persistence.Tests.Orders.Nights;

/// <summary>
/// An incremental night finds the homes whose gas projection has a visit in the new days from the homes grouped by the
/// date they count from (<see cref="FloatingProjectionIndex"/>, kept with the history), not by projecting every home:
/// night after night, with completions read again between nights, and the history read whole every seventh night (a full
/// compare, which takes the grouped homes over from the history before it, including completions that one never learnt),
/// it must give exactly the homes the whole expansion gives.
/// </summary>
public sealed class FloatingProjectionIndexTests
{
    private static readonly LocalDate Start = new(2027, 3, 1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AddAssetsWithVisits_NightsWithCompletionsReadAgainAndWeeklyWholeReads_GivesTheHomesOfTheWholeExpansion(int seed)
    {
        var random = new Random(seed);
        var config = TestEstate.Config(horizonWeeks: 52);
        var gas = config.Schedules.Single(s => s.IsFloating);
        var homes = Enumerable.Range(1, 800).Select(i => TestEstate.Home(
            $"H{i:000}",
            null,
            null,
            random.Next(10) == 0 ? null : Start.PlusDays(-random.Next(0, 500)),
            gas: random.Next(8) != 0,
            area: i % 2 == 0 ? "north" : "south")).ToList();
        var register = new EstateRegister([new Area("north", "North patch"), new Area("south", "South patch")], [], [], homes, []);
        var completions = new Dictionary<(string, string), (LocalDate, LocalDate?)>();
        foreach (var home in homes.Where(_ => random.Next(3) == 0))
        {
            completions[(gas.Id, home.Id)] = Completion(random, Start);
        }

        var history = FloatingHistory.Of(config, completions);
        var expander = new OccurrenceExpander(config, TestEstate.Calendar);
        var found = 0;
        var foundReadAgain = 0;
        var readAgain = new HashSet<string>(StringComparer.Ordinal);
        for (var night = 0; night < 45; night++)
        {
            var asOf = Start.PlusDays(night);
            if (night > 0)
            {
                // Some homes' completions read again: a visit done (counting from about ten months before the new days'
                // second visit, so it lands in them soon), or none any more.
                var changed = Enumerable.Range(0, 25).Select(_ => homes[random.Next(homes.Count)].Id).ToHashSet(StringComparer.Ordinal);
                var now = new Dictionary<(string, string), (LocalDate, LocalDate?)>();
                foreach (var id in changed.Where(_ => random.Next(6) != 0))
                {
                    now[(gas.Id, id)] = Completion(random, asOf);
                }

                history.Refresh(changed, now);
                readAgain.UnionWith(changed);
                foreach (var id in changed)
                {
                    completions.Remove((gas.Id, id));
                }

                foreach (var (key, value) in now)
                {
                    completions[key] = value;
                }

                // A completion the kept history never learns (a write the trigger did not see): only a whole read finds it.
                var missed = homes[random.Next(homes.Count)].Id;
                completions[(gas.Id, missed)] = Completion(random, asOf);
                readAgain.Add(missed);
            }

            if (night % 7 == 6)
            {
                var whole = FloatingHistory.Of(config, completions);
                whole.TakeIndexesOf(history);
                history = whole;
            }

            var to = asOf.Plus(config.Horizon);
            var from = to.PlusDays(-(night % 3)); // one to three new days
            LocalDate? LastDone(Domain.Configuration.Schedule s, Asset a) => history.LastDone(s.Id, a.Id);
            var expected = expander.Expand(register, from, to, asOf, new ExpansionFilter(gas.Id), LastDone)
                .Select(o => o.AssetId).ToHashSet(StringComparer.Ordinal);
            var actual = new HashSet<string>(StringComparer.Ordinal);
            history.AddAssetsWithVisits(gas, register, expander, from, to, asOf, kept: true, actual);
            var projected = new HashSet<string>(StringComparer.Ordinal);
            history.AddAssetsWithVisits(gas, register, expander, from, to, asOf, kept: false, projected);
            Assert.True(expected.SetEquals(projected), $"night {night}: not kept, the homes differ");

            Assert.True(expected.SetEquals(actual), $"night {night}: expected [{string.Join(", ", expected.Order(StringComparer.Ordinal))}], got [{string.Join(", ", actual.Order(StringComparer.Ordinal))}]");
            found += expected.Count;
            foundReadAgain += expected.Count(readAgain.Contains);
        }

        // Not a vacuous comparison: homes are found most nights, some of them after their completions were read again.
        Assert.True(found > 45, $"{found} homes found over 45 nights");
        Assert.True(foundReadAgain > 0, "no home read again was found");
    }

    /// <summary>A completion 250–330 days before <paramref name="day"/>, booked for a deadline in its early window or after it, or with none stored.</summary>
    private static (LocalDate, LocalDate?) Completion(Random random, LocalDate day)
    {
        var completed = day.PlusDays(-random.Next(250, 330));
        LocalDate? deadline = random.Next(3) switch
        {
            0 => null,
            1 => completed.PlusDays(random.Next(1, 60)),
            _ => completed.PlusDays(-random.Next(1, 30)),
        };
        return (completed, deadline);
    }
}
