using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Benchmarks;

/// <summary>
/// The shipped configuration, built in code. It mirrors <c>config/*.yaml</c> (DESIGN.md §4 and the landlord's
/// customer commitments) schedule for schedule, rule for rule; <see cref="ShippedConfigCheck"/> compares the two
/// on every run (the lead may switch the benchmark to load config/ instead). Contractors are synthetic: they
/// cover the 30 areas of <see cref="SyntheticEstate"/>.
/// </summary>
internal static class ShippedSchedules
{
    /// <summary>The grounds services, performed by the grounds contractors.</summary>
    private static readonly string[] GroundsServices = ["grass-cut", "path-sweep", "hedge-cut", "weed-control", "residual-spray"];

    /// <summary>The configuration: the eight shipped schedules and contractors covering every area of the estate.</summary>
    public static EstateConfiguration Configuration(IReadOnlyList<Area> areas)
    {
        ArgumentNullException.ThrowIfNull(areas);
        return new EstateConfiguration(
            new Organisation("Example Homes", "Europe/London", BankHolidayRegion.EnglandAndWales),
            Period.FromWeeks(8),
            Services(),
            Contractors(areas),
            Schedules(),
            new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["kitchen"] = 20, ["bathroom"] = 30, ["boiler"] = 15, ["heating-distribution"] = 40, ["electrics"] = 30,
                ["windows"] = 30, ["external-doors"] = 30, ["roof"] = 50, ["home-mot"] = 10,
            },
            "bench-shipped-schedules");
    }

    /// <summary>
    /// The schedules of <c>config/*.yaml</c> in the order the loader reads them (files by name: cleaning,
    /// gas-safety, grounds).
    /// </summary>
    public static IReadOnlyList<Schedule> Schedules() =>
    [
        // recurrence: { every: 1 week, on: Tuesday }
        new("clean-weekly", "block-clean", AssetKind.Block, Where("cleaning", "weekly"),
            [new WeeklyRule(1, IsoDayOfWeek.Tuesday, null)], []),

        // recurrence: { every: 2 weeks, on: Wednesday, from: 2027-01-06 }
        new("clean-fortnightly", "block-clean", AssetKind.Block, Where("cleaning", "fortnightly"),
            [new WeeklyRule(2, IsoDayOfWeek.Wednesday, new LocalDate(2027, 1, 6))], []),

        // recurrence: { every: 1 month }
        new("clean-monthly", "block-clean", AssetKind.Block, Where("cleaning", "monthly"),
            [new MonthlyRule(1, 1)], []),

        // recurrence: { after: 12 months, earlyWindow: 2 months }
        // appointment: { slots: [AM, PM], notice: 14 days, attempts: 3 }
        new("gas-safety", "gas-safety", AssetKind.Property, Where("gas", "true"),
            [new FloatingRule(Period.FromMonths(12), Period.FromMonths(2))], [])
        {
            Appointment = new AppointmentPolicy(["AM", "PM"], Period.FromDays(14), 3),
        },

        // recurrence: [{ months: [Mar, Oct], perMonth: 1 }, { months: [Apr..Sep], perMonth: 2 }]
        // followUps: [{ service: path-sweep, due: 1 working day }]
        new("grass-cut", "grass-cut", AssetKind.Site, Where("grass", "true"),
            [new MonthsRule([3, 10]), new MonthsRule([4, 5, 6, 7, 8, 9], perMonth: 2)],
            [new FollowUpRule("path-sweep", 1)]),

        // recurrence: [{ months: [Feb] }, { months: [Aug], target: end }]
        // nestingSeason: { allow: [Aug], reason: ... }
        new("hedge-cut", "hedge-cut", AssetKind.Site, Where("hedges", "true"),
            [new MonthsRule([2]), new MonthsRule([8], target: TargetPlacement.End)], [])
        {
            NestingSeason = new NestingSeasonOverride([8], "summer cut placed at the end of August, only after a recorded check for active nests"),
        },

        // recurrence: { every: 2 months, from: Jan }
        new("weed-control", "weed-control", AssetKind.Site, Where(),
            [new MonthlyRule(2, 1)], []),

        // recurrence: { months: [Mar, Sep], perMonth: 1 }
        new("residual-spray", "residual-spray", AssetKind.Site, Where(),
            [new MonthsRule([3, 9])], []),

    ];

    private static List<ServiceDefinition> Services()
    {
        const string Hardstanding = "Hardstanding kept weed and litter free";
        return
        [
            new("block-clean", "Communal block cleaning",
                ["Communal floors, stairs and landings swept and mopped", "Handrails, doors and glass wiped", "Bin store left clean and tidy"], false),
            new("grass-cut", "Grass cutting", ["Grass cut and edges trimmed", "Cuttings cleared from paths", Hardstanding], false),
            new("path-sweep", "Path sweeping after a grass cut", ["Paths swept after the cut", Hardstanding], false),
            new("hedge-cut", "Hedge trimming",
                ["Check for active nests before cutting; leave any nest undisturbed and report it", "Hedges trimmed and clippings removed", Hardstanding], true),
            new("weed-control", "Weed control", ["Weeds treated in beds, paths and kerbs", Hardstanding], false),
            new("residual-spray", "Residual weed spray", ["Residual spray applied to paths and hardstanding", Hardstanding], false),
            new("gas-safety", "Annual gas safety check",
                ["Every gas appliance, flue and pipework checked", "Landlord gas safety record given to the tenant within 28 days"], false),
        ];
    }

    /// <summary>
    /// Three contractors per trade (grounds, cleaning, gas), each covering a third of the areas, so exactly one
    /// contractor serves every service in every area, as validation requires.
    /// </summary>
    private static List<Contractor> Contractors(IReadOnlyList<Area> areas)
    {
        var contractors = new List<Contractor>();
        var trades = new (string Id, string[] Services, DispatchMode Dispatch)[]
        {
            ("grounds", GroundsServices, DispatchMode.Weekly),
            ("cleaning", ["block-clean"], DispatchMode.Weekly),
            ("gas", ["gas-safety"], DispatchMode.PerOrder),
        };
        const int PerTrade = 3;
        foreach (var (trade, services, dispatch) in trades)
        {
            for (var i = 0; i < PerTrade; i++)
            {
                var covered = areas.Where((_, index) => index % PerTrade == i).Select(a => a.Id).ToArray();
                var id = $"{trade}-{i + 1}";
                contractors.Add(new Contractor(id, $"{trade} contractor {i + 1}", $"jobs@{id}.example", services, covered, dispatch));
            }
        }

        return contractors;
    }

    private static Dictionary<string, string> Where(params string[] pairs)
    {
        var where = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            where[pairs[i]] = pairs[i + 1];
        }

        return where;
    }
}
