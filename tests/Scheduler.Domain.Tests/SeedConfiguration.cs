using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests;

/// <summary>The seed's commitments as domain objects, built in code (the shipped YAML is tested in the worker tests).</summary>
internal static class SeedConfiguration
{
    private static readonly Dictionary<string, string> NoFilter = [];

    private static readonly string[] ServiceIds =
        ["block-clean", "grass-cut", "path-sweep", "hedge-cut", "weed-control", "residual-spray", "gas-safety"];

    public static Schedule Schedule(string id, string service, AssetKind kind, Dictionary<string, string> where, params RecurrenceRule[] rules) =>
        new(id, service, kind, where, rules, []);

    public static EstateConfiguration Build(params Schedule[] schedules) => new(
        new Organisation("Test Homes", "Europe/London", BankHolidayRegion.EnglandAndWales),
        Period.FromWeeks(8),
        [.. ServiceIds.Select(s => new ServiceDefinition(s, s, [], s == "hedge-cut"))],
        [
            new Contractor("cleaner", "Cleaner", "c@example.com", ["block-clean"], ["north"], DispatchMode.PerOrder),
            new Contractor("grounds", "Grounds", "g@example.com", ["grass-cut", "path-sweep", "hedge-cut", "weed-control", "residual-spray"], ["north"], DispatchMode.Weekly),
            new Contractor("gas", "Gas", "gas@example.com", ["gas-safety"], ["north"], DispatchMode.PerOrder),
        ],
        schedules.Length > 0 ? schedules : All,
        new Dictionary<string, int>(),
        "test");

    public static Schedule[] All { get; } =
    [
        Schedule("clean-weekly", "block-clean", AssetKind.Block, new() { ["cleaning"] = "weekly" }, new WeeklyRule(1, IsoDayOfWeek.Tuesday, null)),
        Schedule("clean-fortnightly", "block-clean", AssetKind.Block, new() { ["cleaning"] = "fortnightly" }, new WeeklyRule(2, IsoDayOfWeek.Wednesday, D("2027-01-06"))),
        Schedule("clean-monthly", "block-clean", AssetKind.Block, new() { ["cleaning"] = "monthly" }, new MonthlyRule(1, 1)),
        Schedule("grass-cut", "grass-cut", AssetKind.Site, new() { ["grass"] = "true" }, new MonthsRule([3, 10]), new MonthsRule([4, 5, 6, 7, 8, 9], 2))
            with { FollowUps = [new FollowUpRule("path-sweep", 1)] },
        Schedule("hedge-cut", "hedge-cut", AssetKind.Site, new() { ["hedges"] = "true" }, new MonthsRule([2]), new MonthsRule([8], 1, TargetPlacement.End)),
        Schedule("weed-control", "weed-control", AssetKind.Site, NoFilter, new MonthlyRule(2, 1)),
        Schedule("residual-spray", "residual-spray", AssetKind.Site, NoFilter, new MonthsRule([3, 9])),
        Schedule("gas-safety", "gas-safety", AssetKind.Property, new() { ["gas"] = "true" }, new FloatingRule(Period.FromMonths(12), Period.FromMonths(2))),
    ];

    public static Site Site(string id, bool grass = true, bool hedges = true) =>
        new(id, id, "north", "AB1 2CD", grass, hedges, true, new Dictionary<string, string>
        {
            ["site_id"] = id, ["grass"] = grass ? "true" : "false", ["hedges"] = hedges ? "true" : "false", ["hardstanding"] = "true", ["area_id"] = "north",
        });

    public static Block Block(string id, string cleaning) =>
        new(id, "s1", id, "north", Enum.Parse<CleaningFrequency>(cleaning, true), new Dictionary<string, string>
        {
            ["block_id"] = id, ["cleaning"] = cleaning, ["area_id"] = "north",
        });

    public static Home Home(string id, string? lastGasCheck, bool gas = true) =>
        new(id, null, null, "1 Test Street", "AB1 2CD", "north", gas, lastGasCheck is null ? null : D(lastGasCheck), null, null, null,
            new Dictionary<string, string>
            {
                ["property_id"] = id, ["gas"] = gas ? "true" : "false", ["last_gas_check"] = lastGasCheck ?? "", ["area_id"] = "north",
            });

    public static EstateRegister Register(IReadOnlyList<Site>? sites = null, IReadOnlyList<Block>? blocks = null, IReadOnlyList<Home>? homes = null) =>
        new([new Area("north", "North")], sites ?? [], blocks ?? [], homes ?? [], []);
}
