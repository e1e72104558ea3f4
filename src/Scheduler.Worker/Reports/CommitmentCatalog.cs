using Scheduler.Domain.Configuration;
using Scheduler.Domain.Sla;

namespace Scheduler.Worker.Reports;

/// <summary>
/// The commitments of the seed (customer commitments) in report order, with names and promises in plain words; repair
/// promises carry the configured SLA targets (<see cref="EstateConfiguration.Sla"/>).
/// </summary>
internal static class CommitmentCatalog
{
    /// <summary>The service whose orders are reported by the block's cleaning frequency.</summary>
    public const string BlockClean = "block-clean";

    private static readonly (string Id, string Name, string Promise)[] PlannedWork =
    [
        ("block-clean-weekly", "Block cleaning, weekly", "Communal areas cleaned every week"),
        ("block-clean-fortnightly", "Block cleaning, fortnightly", "Communal areas cleaned every other week"),
        ("block-clean-monthly", "Block cleaning, monthly", "Communal areas cleaned every month"),
        ("grass-cut", "Grass cutting", "Once a month in March and October, twice a month April to September"),
        ("path-sweep", "Path sweeping", "Paths swept after each grass cut"),
        ("hedge-cut", "Hedge trimming", "A winter cut in February and a summer cut in August"),
        ("weed-control", "Weed control", "Every other month"),
        ("residual-spray", "Residual weed spray", "Twice a year"),
        ("gas-safety", "Gas safety checks", "A check every year, on or before the home's deadline"),
    ];

    private static readonly (string Id, string Name, string Verb)[] Repairs =
    [
        (SlaIds.RepairsEmergency, "Emergency repairs", "Attend and make safe"),
        (SlaIds.RepairsRoutine, "Routine repairs", "Complete"),
        (SlaIds.RepairsExternal, "External works", "Complete"),
        (SlaIds.RepairsMajor, "Major works", "Complete"),
        (SlaIds.GasHeatingAttend, "Heating: no heat or hot water, or a leak", "Attend"),
        (SlaIds.GasHeatingCombiBoiler, "Heating: combi boiler repairs", "Complete"),
        (SlaIds.GasHeatingSolidFuelOilSolar, "Heating: solid fuel, oil or solar repairs", "Complete"),
        (SlaIds.GasHeatingNonUrgent, "Heating: non-urgent repairs", "Complete"),
    ];

    /// <summary>The published commitments, always reported (with no work, they show as none planned).</summary>
    public static List<Commitment> Published(EstateConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var list = PlannedWork.Select(c => new Commitment(c.Id, c.Name, c.Promise, IsRepair: false)).ToList();
        list.AddRange(Repairs.Select(r => new Commitment(r.Id, r.Name, $"{r.Verb} within {config.Sla[r.Id].Target}", IsRepair: true)));
        return list;
    }

    /// <summary>A commitment for an id not in <see cref="Published"/>: another SLA target or another service.</summary>
    public static Commitment Other(string id, bool isRepair, EstateConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Sla.TryFind(id, out var target))
        {
            return new Commitment(id, target.Description.Split(':')[0], $"Within {target.Target}", isRepair);
        }

        return new Commitment(id, config.FindService(id)?.Name ?? id, string.Empty, isRepair);
    }

    /// <summary>
    /// The commitment a planned (calendar) order reports under: its service, except block cleaning, which is split by
    /// frequency: the <c>cleaning</c> value its schedule selects in config, else the block's register column.
    /// </summary>
    public static string PlannedId(string service, string scheduleId, string? blockCleaning, EstateConfiguration config)
    {
        if (service != BlockClean)
        {
            return service;
        }

        var frequency = config.FindSchedule(scheduleId)?.Where.GetValueOrDefault("cleaning") ?? blockCleaning ?? "other";
        return $"{BlockClean}-{frequency.Trim().ToLowerInvariant()}";
    }
}
