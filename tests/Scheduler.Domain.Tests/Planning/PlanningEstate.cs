using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.Planning;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Tests.Planning;

/// <summary>A small estate and config built in code for planner tests, and a way to "store" a plan in memory.</summary>
internal static class PlanningEstate
{
    public static readonly WorkingDayCalendar Calendar = new(
        BankHolidayRegion.EnglandAndWales,
        [new BankHoliday(new LocalDate(2027, 5, 3), "Early May bank holiday", false, false)]);

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
        [new MonthsRule([4, 5, 6, 7, 8, 9], 2)],
        [new FollowUpRule("path-sweep", 1)]);

    public static Schedule GasSafety() => new(
        "gas-safety", "gas-safety", AssetKind.Property,
        new Dictionary<string, string> { ["gas"] = "true" },
        [new FloatingRule(Period.FromMonths(12), Period.FromMonths(2))], []);

    public static Contractor Cleaner(string id = "sparkle") =>
        new(id, id, $"{id}@example.test", ["block-clean"], ["north", "south"], DispatchMode.Weekly);

    public static Contractor Grounds(string id = "greenscape", params string[] areas) =>
        new(id, id, $"{id}@example.test", ["grass-cut", "path-sweep"], areas.Length == 0 ? ["north", "south"] : areas, DispatchMode.Weekly);

    public static Contractor GasEngineer() =>
        new("warmfix", "Warmfix", "jobs@warmfix.test", ["gas-safety"], ["north", "south"], DispatchMode.PerOrder);

    public static EstateConfiguration Config(IReadOnlyList<Schedule> schedules, IReadOnlyList<Contractor>? contractors = null) => new(
        new Organisation("Example Homes", "Europe/London", BankHolidayRegion.EnglandAndWales),
        Period.FromWeeks(8),
        [],
        contractors ?? [Cleaner(), Grounds(), GasEngineer()],
        schedules,
        new Dictionary<string, int>(),
        "test-config");

    public static Block Block(string id, string cleaning, string area = "north") =>
        new(id, "S1", $"Block {id}", area, Enum.Parse<CleaningFrequency>(cleaning, ignoreCase: true),
            new Dictionary<string, string> { ["block_id"] = id, ["cleaning"] = cleaning, ["area_id"] = area });

    public static Site Site(string id, bool grass = true, string area = "north") =>
        new(id, $"Site {id}", area, "AB1 2CD", grass, false, false,
            new Dictionary<string, string> { ["site_id"] = id, ["grass"] = grass ? "true" : "false", ["area_id"] = area });

    public static Home Home(string id, LocalDate? lastGasCheck, string area = "north") =>
        new(id, null, null, $"{id} High Street", "AB1 2CD", area, true, lastGasCheck, null, null, null,
            new Dictionary<string, string>
            {
                ["property_id"] = id,
                ["gas"] = "true",
                ["area_id"] = area,
                ["last_gas_check"] = lastGasCheck is { } d ? d.ToString("uuuu-MM-dd", null) : string.Empty,
            });

    public static EstateRegister Register(IReadOnlyList<Site>? sites = null, IReadOnlyList<Block>? blocks = null, IReadOnlyList<Home>? homes = null) =>
        new([new Area("north", "North"), new Area("south", "South")], sites ?? [], blocks ?? [], homes ?? [], []);

    /// <summary>The occurrences the expander wants over <c>asOf .. asOf + weeks</c>.</summary>
    public static List<Occurrence> Desired(EstateConfiguration config, EstateRegister register, LocalDate asOf, int weeks = 8) =>
        [.. new OccurrenceExpander(config, Calendar).Expand(register, asOf, asOf.PlusWeeks(weeks), asOf)];

    public static Plan Compare(EstateConfiguration config, EstateRegister register, IEnumerable<StoredOrder> stored, LocalDate asOf, int weeks = 8) =>
        Planner.Compare(config, register, Desired(config, register, asOf, weeks), stored, asOf, asOf.PlusWeeks(weeks));

    /// <summary>An in-memory store that applies plans the way the database does.</summary>
    public sealed class MemoryStore
    {
        private readonly List<StoredOrder> _orders = [];

        public IReadOnlyList<StoredOrder> Orders => _orders;

        public IEnumerable<StoredOrder> Live => _orders.Where(o => o.Status != WorkOrderStatus.Cancelled);

        public void Apply(Plan plan)
        {
            foreach (var c in plan.Cancel)
            {
                var i = _orders.IndexOf(c.Order);
                Assert.True(i >= 0, $"cancelling an order that is not stored: {c.Order.Key}");
                _orders[i] = c.Order with { Status = WorkOrderStatus.Cancelled };
            }

            foreach (var o in plan.Create)
            {
                Assert.DoesNotContain(Live, s => s.Key == o.Key);
                _orders.Add(ToStored(o, $"WO-{_orders.Count + 1:000000}"));
            }
        }

        public void Set(string key, WorkOrderStatus status)
        {
            var i = _orders.FindIndex(o => o.Key == key && o.Status != WorkOrderStatus.Cancelled);
            _orders[i] = _orders[i] with { Status = status };
        }
    }

    public static StoredOrder ToStored(Occurrence o, string reference = "WO-1", WorkOrderStatus status = WorkOrderStatus.Planned) =>
        new(reference, o.Key, o.ScheduleId, o.Service, o.AssetId, o.Window, o.TargetDate, status, o.ContractorId, o.Parent?.Key);
}
