using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Persistence.Tests;

/// <summary>A small estate and configuration built in code (the YAML and CSV loaders are tested elsewhere).</summary>
internal static class TestEstate
{
    public static readonly WorkingDayCalendar Calendar = new(
        BankHolidayRegion.EnglandAndWales,
        [
            new BankHoliday(new LocalDate(2027, 3, 26), "Good Friday", false, false),
            new BankHoliday(new LocalDate(2027, 3, 29), "Easter Monday", false, false),
            new BankHoliday(new LocalDate(2027, 5, 3), "Early May bank holiday", false, false),
        ]);

    public static FakeClock Clock() => new(Instant.FromUtc(2027, 3, 1, 9, 0));

    public static Schedule CleanWeekly(IsoDayOfWeek day = IsoDayOfWeek.Tuesday) => new(
        "clean-weekly", "block-clean", AssetKind.Block,
        new Dictionary<string, string> { ["cleaning"] = "weekly" },
        [new WeeklyRule(1, day, null)], []);

    public static Schedule CleanFortnightly() => new(
        "clean-fortnightly", "block-clean", AssetKind.Block,
        new Dictionary<string, string> { ["cleaning"] = "fortnightly" },
        [new WeeklyRule(2, IsoDayOfWeek.Wednesday, new LocalDate(2027, 1, 6))], []);

    public static Schedule GrassCut() => new(
        "grass-cut", "grass-cut", AssetKind.Site,
        new Dictionary<string, string> { ["grass"] = "true" },
        [new MonthsRule([3, 10], 1), new MonthsRule([4, 5, 6, 7, 8, 9], 2)],
        [new FollowUpRule("path-sweep", 1)]);

    public static Schedule GasSafety() => new(
        "gas-safety", "gas-safety", AssetKind.Property,
        new Dictionary<string, string> { ["gas"] = "true" },
        [new FloatingRule(Period.FromMonths(12), Period.FromMonths(2))], []);

    public static IReadOnlyList<Schedule> AllSchedules() => [CleanWeekly(), CleanFortnightly(), GrassCut(), GasSafety()];

    public static Contractor Cleaner(string id = "sparkle") =>
        new(id, $"{id} Cleaning Ltd", $"jobs@{id}.example", ["block-clean"], ["north", "south"], DispatchMode.Weekly);

    public static Contractor Grounds(string id = "greenscape") =>
        new(id, $"{id} Grounds Ltd", $"jobs@{id}.example", ["grass-cut", "path-sweep"], ["north", "south"], DispatchMode.Weekly);

    public static Contractor GasEngineer() =>
        new("warmfix", "Warmfix Heating", "jobs@warmfix.example", ["gas-safety"], ["north", "south"], DispatchMode.PerOrder);

    /// <summary>The landlord of the test estate: Example Homes, in Europe/London.</summary>
    public static readonly Organisation Organisation = new("Example Homes", "Europe/London", BankHolidayRegion.EnglandAndWales);

    /// <summary>The test organisation's zone (<see cref="Organisation.Zone"/>).</summary>
    public static DateTimeZone Zone => Organisation.Zone;

    public static EstateConfiguration Config(
        IReadOnlyList<Schedule>? schedules = null,
        IReadOnlyList<Contractor>? contractors = null,
        string version = "v1",
        int horizonWeeks = 8) => new(
        Organisation,
        Period.FromWeeks(horizonWeeks),
        [],
        contractors ?? [Cleaner(), Grounds(), GasEngineer()],
        schedules ?? AllSchedules(),
        new Dictionary<string, int>(),
        version);

    public static Site Site(string id, bool grass = true, string area = "north") =>
        new(id, $"{id} Estate", area, "AB1 2CD", grass, true, false,
            new Dictionary<string, string>
            {
                ["site_id"] = id, ["name"] = $"{id} Estate", ["area_id"] = area, ["postcode"] = "AB1 2CD",
                ["grass"] = grass ? "true" : "false", ["hedges"] = "true", ["hardstanding"] = "false",
            });

    public static Block Block(string id, string site, string cleaning, string area = "north") =>
        new(id, site, $"{id} House", area, Enum.Parse<CleaningFrequency>(cleaning, ignoreCase: true),
            new Dictionary<string, string>
            {
                ["block_id"] = id, ["site_id"] = site, ["name"] = $"{id} House", ["area_id"] = area, ["cleaning"] = cleaning,
            });

    public static Home Home(string id, string? block, string? site, LocalDate? lastGasCheck, bool gas = true, string area = "north") =>
        new(id, block, site, $"Flat {id}, High Street", "AB1 2CD", area, gas, lastGasCheck, 2010, null, 2015,
            new Dictionary<string, string>
            {
                ["property_id"] = id, ["block_id"] = block ?? string.Empty, ["site_id"] = site ?? string.Empty,
                ["area_id"] = area, ["gas"] = gas ? "true" : "false",
                ["last_gas_check"] = lastGasCheck?.ToString("uuuu-MM-dd", null) ?? string.Empty,
                ["kitchen_year"] = "2010", ["bathroom_year"] = string.Empty, ["boiler_year"] = "2015",
            });

    public static Tenant Tenant(string id, string home, ContactChannel channel = ContactChannel.Email) =>
        new(id, home, $"Tenant {id}", channel == ContactChannel.Email ? $"{id}@tenant.example" : null, null, channel, false, "en");

    /// <summary>Two areas, two sites (one with grass), three blocks, four homes (three with gas), two tenants.</summary>
    public static EstateRegister Estate(Func<Block, Block>? changeBlock = null, Func<IEnumerable<Home>, IEnumerable<Home>>? changeHomes = null)
    {
        var blocks = new[] { Block("B1", "S1", "weekly"), Block("B2", "S1", "fortnightly"), Block("B3", "S2", "none", "south") }
            .Select(b => changeBlock?.Invoke(b) ?? b).ToList();
        IEnumerable<Home> homes =
        [
            Home("H1", "B1", "S1", new LocalDate(2026, 4, 20)),
            Home("H2", "B1", "S1", new LocalDate(2026, 9, 1)),
            Home("H3", "B2", "S1", null, gas: false),
            Home("H4", null, null, new LocalDate(2026, 3, 10), area: "south"),
        ];
        var homeList = (changeHomes?.Invoke(homes) ?? homes).ToList();
        return new EstateRegister(
            [new Area("north", "North patch"), new Area("south", "South patch")],
            [Site("S1"), Site("S2", grass: false, area: "south")],
            blocks,
            homeList,
            [.. new[] { Tenant("T1", "H1"), Tenant("T2", "H4", ContactChannel.Post) }.Where(t => homeList.Any(h => h.Id == t.PropertyId))]);
    }

    /// <summary>Rebuilds a block with a different cleaning frequency (register column included).</summary>
    public static Block WithCleaning(Block block, string cleaning) =>
        block with
        {
            Cleaning = Enum.Parse<CleaningFrequency>(cleaning, ignoreCase: true),
            Attributes = new Dictionary<string, string>(block.Attributes.ToDictionary()) { ["cleaning"] = cleaning },
        };
}
