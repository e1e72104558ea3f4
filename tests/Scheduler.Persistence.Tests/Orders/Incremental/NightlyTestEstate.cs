using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Orders.Incremental;

/// <summary>
/// A small estate for stepping the nightly generation through many days: blocks cleaned weekly and fortnightly, sites
/// with grass cuts and their path sweeps, and gas homes whose last checks are spread over 2026 (some never checked),
/// with gas appointments booked and repairs raised from defects.
/// </summary>
internal static class NightlyTestEstate
{
    public static readonly AppointmentPolicy Policy = new(["AM", "PM"], Period.FromDays(14), 3)
    {
        Engineers = new Dictionary<string, int> { ["north"] = 2, ["south"] = 1 },
    };

    public static Contractor Repairs() =>
        new("fixit", "Fixit Repairs", "jobs@fixit.example", ["repairs"], ["north", "south"], DispatchMode.PerOrder);

    public static Contractor Heating() =>
        new("warmfix", "Warmfix Heating", "jobs@warmfix.example", ["gas-safety", "gas-repair"], ["north", "south"], DispatchMode.PerOrder);

    /// <summary>Every schedule, gas booked by appointment; <paramref name="cleaningDay"/> moves the weekly clean (a config change).</summary>
    public static EstateConfiguration Config(string version = "v1", IsoDayOfWeek cleaningDay = IsoDayOfWeek.Tuesday, int horizonWeeks = 12) =>
        TestEstate.Config(
            [CleanWeekly(cleaningDay), CleanFortnightly(), GrassCut(), GasSafety() with { Appointment = Policy }],
            [Cleaner(), Grounds(), Heating(), Repairs()],
            version,
            horizonWeeks);

    /// <summary>4 sites, 8 blocks, 40 homes; <paramref name="change"/> edits the list of homes (a re-import).</summary>
    public static EstateRegister Estate(Func<List<Home>, List<Home>>? change = null, Func<Block, Block>? changeBlock = null)
    {
        string[] areas = ["north", "south"];
        var sites = Enumerable.Range(1, 4).Select(i => Site($"S{i}", grass: i != 4, area: areas[i % 2])).ToList();
        string[] cleaning = ["weekly", "fortnightly", "weekly", "none"];
        var blocks = Enumerable.Range(1, 8)
            .Select(i => Block($"B{i}", $"S{((i - 1) / 2) + 1}", cleaning[i % 4], areas[(((i - 1) / 2) + 1) % 2]))
            .Select(b => changeBlock?.Invoke(b) ?? b)
            .ToList();
        var homes = Enumerable.Range(1, 40).Select(i =>
        {
            var block = blocks[i % 8];
            LocalDate? last = i % 9 == 0 ? null : new LocalDate(2026, 1, 5).PlusDays(i * 11);
            return Home($"H{i:00}", block.Id, block.SiteId, last, gas: i % 7 != 0, area: block.AreaId);
        }).ToList();
        homes = change?.Invoke(homes) ?? homes;
        return new EstateRegister(
            [new Area("north", "North patch"), new Area("south", "South patch")],
            sites,
            blocks,
            homes,
            [.. homes.Select(h => Tenant($"T-{h.Id}", h.Id))]);
    }
}
