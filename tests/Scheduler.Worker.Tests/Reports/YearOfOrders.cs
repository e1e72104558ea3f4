using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Planning;
using Scheduler.Domain.Sla;
using Scheduler.Persistence;
using Scheduler.Persistence.Entities;
using Scheduler.Worker.Configuration;

namespace Scheduler.Worker.Tests.Reports;

/// <summary>How a seeded order ended, which the test knows independently of any dates.</summary>
internal enum Outcome
{
    OnTime,
    Late,
    Open,
    NoAccess,
    Cancelled,
}

/// <summary>
/// One seeded order and what the test expects of it: the commitment, contractor and area it must be reported under,
/// written by hand here (not derived the way the product derives them), and its outcome.
/// </summary>
internal sealed record SeededOrder(
    string Reference, string Commitment, string Contractor, string Area, Outcome Outcome, bool CountsIn2027, WorkOrder Row);

/// <summary>
/// A hand-built year (2027) of work orders in a real database, with known completions: grass cuts, path sweeps, cleans
/// of each frequency, hedges, weed control, residual spray, gas checks (on time, late, missing, no access) and repairs
/// whose SLA deadlines fall either side of their completion, including emergencies across both 2027 clock changes.
/// </summary>
internal static class YearOfOrders
{
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    public static readonly Instant Now = Instant.FromUtc(2028, 2, 1, 9, 0);

    public static EstateConfiguration Config { get; } = ConfigLoader.Load(RepositoryRoot.ConfigFolder).Configuration
        ?? throw new InvalidOperationException("the shipped config does not load");

    /// <summary>Seeds the register and the orders; returns every order with its expectation.</summary>
    public static async Task<List<SeededOrder>> SeedAsync(EstateDbContext db)
    {
        db.Areas.AddRange(Area("north", "North patch"), Area("south", "South patch"));
        db.Sites.AddRange(Site("S1", "north"), Site("S2", "south"));
        db.Blocks.AddRange(Block("B1", "S1", "north", "weekly"), Block("B2", "S1", "north", "fortnightly"), Block("B3", "S2", "south", "monthly"));
        db.Homes.AddRange(
            Home("H1", "north", true, new LocalDate(2026, 4, 20)),
            Home("H2", "north", true, new LocalDate(2026, 2, 10)),
            Home("H3", "south", true, null),
            Home("H4", "south", false, null),
            Home("H5", "south", true, new LocalDate(2027, 6, 1)),
            Home("H6", "north", true, new LocalDate(2026, 11, 15)),
            Home("H7", "south", true, new LocalDate(2028, 1, 10)),
            Home("H8", "south", true, null, active: false));
        db.ConfigVersions.Add(new ConfigVersionRow { Id = "test", FirstAppliedAt = Now });
        db.Contractors.AddRange(Contractor("sparkle", "Sparkle Cleaning"), Contractor("greenscape", "Greenscape Grounds"),
            Contractor("warmsafe", "Warmsafe Gas"), Contractor("fixit", "Fixit Repairs"));

        var orders = new List<SeededOrder>();
        var n = 0;
        static Outcome Cycle(int i) => (i % 7) switch { 0 => Outcome.Open, 1 => Outcome.Late, 2 => Outcome.NoAccess, _ => Outcome.OnTime };

        // Grass: 14 visits a site (Mar and Oct once, Apr-Sep twice), each followed by a path sweep.
        foreach (var (site, area) in new[] { ("S1", "north"), ("S2", "south") })
        {
            var windows = new List<(LocalDate, LocalDate)>();
            for (var m = 3; m <= 10; m++)
            {
                var first = new LocalDate(2027, m, 1);
                var end = first.PlusMonths(1).PlusDays(-1);
                if (m is 3 or 10)
                {
                    windows.Add((first, end));
                }
                else
                {
                    windows.Add((first, new LocalDate(2027, m, 15)));
                    windows.Add((new LocalDate(2027, m, 16), end));
                }
            }

            foreach (var (start, end) in windows)
            {
                var outcome = Cycle(n);
                orders.Add(Planned(ref n, "grass-cut", "grass-cut", site, "site", "greenscape", start, end, outcome, "grass-cut", area));
                orders.Add(Planned(ref n, "grass-cut", "path-sweep", site, "site", "greenscape", end.PlusDays(1), end.PlusDays(3), Cycle(n + 3), "path-sweep", area));
            }

            orders.Add(Planned(ref n, "hedge-cut", "hedge-cut", site, "site", "greenscape", new(2027, 2, 1), new(2027, 2, 28), Outcome.OnTime, "hedge-cut", area));
            orders.Add(Planned(ref n, "hedge-cut", "hedge-cut", site, "site", "greenscape", new(2027, 8, 16), new(2027, 8, 31), site == "S1" ? Outcome.Late : Outcome.Open, "hedge-cut", area));
            foreach (var m in new[] { 1, 3, 5, 7, 9, 11 })
            {
                orders.Add(Planned(ref n, "weed-control", "weed-control", site, "site", "greenscape", new(2027, m, 1), new LocalDate(2027, m, 1).PlusMonths(1).PlusDays(-1), Cycle(n), "weed-control", area));
            }

            orders.Add(Planned(ref n, "residual-spray", "residual-spray", site, "site", "greenscape", new(2027, 3, 1), new(2027, 3, 31), Outcome.OnTime, "residual-spray", area));
            orders.Add(Planned(ref n, "residual-spray", "residual-spray", site, "site", "greenscape", new(2027, 9, 1), new(2027, 9, 30), Outcome.Late, "residual-spray", area));
        }

        // Cleaning: B1 weekly (every Tuesday), B2 fortnightly, B3 monthly.
        for (var d = new LocalDate(2027, 1, 5); d.Year == 2027; d = d.PlusWeeks(1))
        {
            orders.Add(Planned(ref n, "clean-weekly", "block-clean", "B1", "block", "sparkle", d.PlusDays(-1), d.PlusDays(3), Cycle(n), "block-clean-weekly", "north"));
        }

        for (var d = new LocalDate(2027, 1, 6); d.Year == 2027; d = d.PlusWeeks(2))
        {
            orders.Add(Planned(ref n, "clean-fortnightly", "block-clean", "B2", "block", "sparkle", d.PlusDays(-2), d.PlusDays(2), Cycle(n), "block-clean-fortnightly", "north"));
        }

        for (var m = 1; m <= 12; m++)
        {
            orders.Add(Planned(ref n, "clean-monthly", "block-clean", "B3", "block", "sparkle", new(2027, m, 1), new(2027, m, 7), Cycle(n), "block-clean-monthly", "south"));
        }

        // Outside the year, and cancelled: never counted.
        orders.Add(Planned(ref n, "clean-monthly", "block-clean", "B3", "block", "sparkle", new(2026, 12, 1), new(2026, 12, 7), Outcome.OnTime, "block-clean-monthly", "south", counts: false));
        orders.Add(Planned(ref n, "clean-monthly", "block-clean", "B3", "block", "sparkle", new(2028, 1, 3), new(2028, 1, 7), Outcome.Open, "block-clean-monthly", "south", counts: false));
        orders.Add(Planned(ref n, "clean-weekly", "block-clean", "B1", "block", "sparkle", new(2027, 6, 1), new(2027, 6, 4), Outcome.Cancelled, "block-clean-weekly", "north", counts: false));

        // The last day of the year counts; completed on the window's last day is on time.
        orders.Add(Planned(ref n, "clean-weekly", "block-clean", "B1", "block", "sparkle", new(2027, 12, 31), new(2027, 12, 31), Outcome.OnTime, "block-clean-weekly", "north"));

        // Gas: H1 in the early window (anniversary kept), H2 late, H3 never done, H6 no access; H2's check on the deadline itself would be on time.
        orders.Add(Gas(ref n, "H1", "north", new(2027, 2, 21), new(2027, 4, 20), new LocalDate(2027, 3, 25)));
        orders.Add(Gas(ref n, "H2", "north", new(2026, 12, 11), new(2027, 2, 10), new LocalDate(2027, 2, 20)));
        orders.Add(Gas(ref n, "H3", "south", new(2027, 5, 1), new(2027, 5, 14), null));
        orders.Add(Gas(ref n, "H6", "north", new(2027, 9, 16), new(2027, 11, 15), null, noAccess: true));

        // Repairs (SLA clocks from the domain, as the repairs code stores them).
        var sla = SlaCatalog.Defaults;
        var octoberChange = Instant.FromUtc(2027, 10, 30, 23, 30); // 00:30 BST on Sun 31 Oct 2027, the clocks go back at 02:00 BST
        var marchChange = Instant.FromUtc(2027, 3, 28, 0, 30);    // 00:30 GMT on Sun 28 Mar 2027, the clocks go forward at 01:00 GMT
        orders.Add(Repair(ref n, SlaIds.RepairsEmergency, "H1", "north", octoberChange, Instant.FromUtc(2027, 10, 31, 4, 0), Outcome.Late, true));      // 4 h 30 elapsed (04:00 GMT); the wall clock would say 3 h 30
        orders.Add(Repair(ref n, SlaIds.RepairsEmergency, "H2", "north", octoberChange, Instant.FromUtc(2027, 10, 31, 3, 20), Outcome.OnTime, true));   // 3 h 50 elapsed
        orders.Add(Repair(ref n, SlaIds.GasHeatingAttend, "H5", "south", marchChange, Instant.FromUtc(2027, 3, 28, 6, 15), Outcome.OnTime, true));     // 07:15 BST: 5 h 45 elapsed
        orders.Add(Repair(ref n, SlaIds.RepairsRoutine, "H1", "north", At(2027, 3, 1, 14, 0), At(2027, 3, 18, 22, 0), Outcome.OnTime, true));           // the 17th day, late evening
        orders.Add(Repair(ref n, SlaIds.RepairsRoutine, "H2", "north", At(2027, 3, 1, 14, 0), At(2027, 3, 19, 0, 30), Outcome.Late, true));             // 30 minutes into the 18th day
        orders.Add(Repair(ref n, SlaIds.RepairsExternal, "H3", "south", At(2027, 11, 20, 10, 0), null, Outcome.Open, true));                           // due by the end of 20 Dec 2027
        orders.Add(Repair(ref n, SlaIds.RepairsMajor, "H6", "north", At(2026, 12, 1, 9, 0), At(2027, 1, 15, 12, 0), Outcome.OnTime, false));          // reported last year: RP02 only
        orders.Add(Repair(ref n, SlaIds.RepairsRoutine, "H5", "south", At(2027, 12, 20, 9, 0), At(2028, 1, 3, 9, 0), Outcome.OnTime, true));           // completed next year: not in this year's RP02
        orders.Add(Repair(ref n, SlaIds.RepairsRoutine, "H5", "south", At(2027, 6, 1, 9, 0), null, Outcome.Cancelled, false));

        db.WorkOrders.AddRange(orders.Select(o => o.Row));
        await db.SaveChangesAsync();
        return orders;
    }

    /// <summary>A London wall-clock time as an instant.</summary>
    public static Instant At(int y, int mo, int d, int h, int mi) => new LocalDateTime(y, mo, d, h, mi).InZoneStrictly(London).ToInstant();

    private static SeededOrder Planned(
        ref int n, string schedule, string service, string asset, string kind, string contractor, LocalDate start, LocalDate end,
        Outcome outcome, string commitment, string area, bool counts = true)
    {
        var reference = $"WO-T-{++n:000000}";
        var row = NewRow(reference, schedule, service, asset, kind, contractor, start, end);
        Finish(row, outcome, outcome switch
        {
            Outcome.OnTime => end,
            Outcome.Late => end.PlusDays(1),
            Outcome.NoAccess => end.PlusDays(-1),
            _ => null,
        });
        return new SeededOrder(reference, commitment, contractor, area, outcome, counts && outcome != Outcome.Cancelled, row);
    }

    private static SeededOrder Gas(ref int n, string home, string area, LocalDate start, LocalDate deadline, LocalDate? completed, bool noAccess = false)
    {
        var reference = $"WO-T-{++n:000000}";
        var row = NewRow(reference, "gas-safety", "gas-safety", home, "property", "warmsafe", start, deadline.PlusDays(-1));
        row.Deadline = deadline;
        var outcome = noAccess ? Outcome.NoAccess : completed is not { } c ? Outcome.Open : c <= deadline ? Outcome.OnTime : Outcome.Late;
        Finish(row, outcome, noAccess ? deadline.PlusDays(-3) : completed);
        return new SeededOrder(reference, "gas-safety", "warmsafe", area, outcome, true, row);
    }

    private static SeededOrder Repair(ref int n, string category, string home, string area, Instant reported, Instant? completed, Outcome outcome, bool reportedIn2027)
    {
        var reference = $"WO-T-{++n:000000}";
        var due = SlaCatalog.Defaults[category].Due(reported, London, Persistence.Tests.TestEstate.Calendar);
        var day = reported.InZone(London).Date;
        var row = NewRow(reference, "repairs", category.StartsWith("gas", StringComparison.Ordinal) ? "gas-repair" : "repairs", home, "property", "fixit", day, OverdueDay(due));
        row.SlaCategory = category;
        row.ReportedAt = reported;
        row.SlaDueAt = due;
        if (outcome == Outcome.Cancelled)
        {
            row.Status = WorkOrderStatus.Cancelled;
            row.CancelledReason = "duplicate: reported twice";
        }
        else if (completed is { } at)
        {
            row.Status = WorkOrderStatus.Completed;
            row.CompletedAt = at;
            row.CompletedOn = at.InZone(London).Date;
        }
        else
        {
            row.Status = WorkOrderStatus.Issued;
        }

        return new SeededOrder(reference, category, "fixit", area, outcome, reportedIn2027 && outcome != Outcome.Cancelled, row);
    }

    private static LocalDate OverdueDay(Instant due) => (due - Duration.Epsilon).InZone(London).Date;

    private static void Finish(WorkOrder row, Outcome outcome, LocalDate? on)
    {
        switch (outcome)
        {
            case Outcome.OnTime or Outcome.Late:
                row.Status = WorkOrderStatus.Completed;
                row.CompletedOn = on;
                row.CompletedAt = London.AtStartOfDay(on!.Value).PlusHours(15).ToInstant();
                break;
            case Outcome.NoAccess:
                row.Status = WorkOrderStatus.NoAccess;
                row.CompletedAt = London.AtStartOfDay(on!.Value).PlusHours(10).ToInstant();
                break;
            case Outcome.Cancelled:
                row.Status = WorkOrderStatus.Cancelled;
                row.CancelledReason = "config: schedule changed";
                break;
            default:
                row.Status = WorkOrderStatus.Issued;
                break;
        }
    }

    private static WorkOrder NewRow(string reference, string schedule, string service, string asset, string kind, string contractor, LocalDate start, LocalDate end) => new()
    {
        Reference = reference,
        ScheduleId = schedule,
        Service = service,
        AssetId = asset,
        AssetKind = kind,
        WindowStart = start,
        WindowEnd = end,
        TargetDate = end,
        ContractorId = contractor,
        OccurrenceKey = $"{schedule}/{asset}/{start:uuuu-MM-dd}/{service}/{reference}",
        ConfigVersion = "test",
        CreatedAt = Instant.FromUtc(2026, 12, 1, 0, 0),
    };

    private static AreaRow Area(string id, string name) => new() { Id = id, Name = name, UpdatedAt = Now };

    private static SiteRow Site(string id, string area) => new()
    {
        Id = id, Name = $"{id} Estate", AreaId = area, Postcode = "ZZ1 1AA", Grass = true, Hedges = true, Attributes = "{}", UpdatedAt = Now,
    };

    private static BlockRow Block(string id, string site, string area, string cleaning) => new()
    {
        Id = id, SiteId = site, Name = $"{id} House", AreaId = area, Cleaning = cleaning, Attributes = "{}", UpdatedAt = Now,
    };

    private static HomeRow Home(string id, string area, bool gas, LocalDate? lastGasCheck, bool active = true) => new()
    {
        Id = id, Address = $"Flat {id}", Postcode = "ZZ1 1AA", AreaId = area, Gas = gas, LastGasCheck = lastGasCheck,
        Attributes = "{}", Active = active, UpdatedAt = Now,
    };

    private static ContractorRow Contractor(string id, string name) => new()
    {
        Id = id, Name = name, Email = $"jobs@{id}.example", Dispatch = "per-order", ConfigVersion = "test", UpdatedAt = Now,
    };
}
