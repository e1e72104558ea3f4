using System.Diagnostics.CodeAnalysis;
using Scheduler.Domain.Sla;

namespace Scheduler.Persistence.Completions;

/// <summary>
/// The categories a defect may be reported in: the eight repair SLA ids, and the service (trade) whose contractor does
/// each repair: <see cref="RepairsService"/> for building repairs, <see cref="GasRepairService"/> for gas heating.
/// </summary>
public static class DefectCategories
{
    /// <summary>The service id of a building repair raised from a defect (emergency, routine, external, major).</summary>
    public const string RepairsService = "repairs";

    /// <summary>The service id of a gas heating repair raised from a defect (the four <c>gas-heating-*</c> categories).</summary>
    public const string GasRepairService = "gas-repair";

    private static readonly (string Id, RepairCategory Category)[] Map =
    [
        (SlaIds.RepairsEmergency, RepairCategory.Emergency),
        (SlaIds.RepairsRoutine, RepairCategory.Routine),
        (SlaIds.RepairsExternal, RepairCategory.External),
        (SlaIds.RepairsMajor, RepairCategory.Major),
        (SlaIds.GasHeatingAttend, RepairCategory.GasHeatingAttend),
        (SlaIds.GasHeatingCombiBoiler, RepairCategory.GasHeatingCombiBoiler),
        (SlaIds.GasHeatingSolidFuelOilSolar, RepairCategory.GasHeatingSolidFuelOilSolar),
        (SlaIds.GasHeatingNonUrgent, RepairCategory.GasHeatingNonUrgent),
    ];

    /// <summary>Every accepted category id, in the order docs/sla.md lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Map.Select(m => m.Id)];

    /// <summary>The accepted ids joined for a message.</summary>
    public static string AcceptedText => string.Join(", ", All);

    /// <summary>The repair category of SLA id <paramref name="id"/> (ordinal); false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? id, out RepairCategory category)
    {
        foreach (var (known, value) in Map)
        {
            if (string.Equals(known, id, StringComparison.Ordinal))
            {
                category = value;
                return true;
            }
        }

        category = RepairCategory.Invalid;
        return false;
    }

    /// <summary>The service (trade) that does a repair of <paramref name="category"/>.</summary>
    public static string ServiceFor(RepairCategory category) => category switch
    {
        RepairCategory.GasHeatingAttend or RepairCategory.GasHeatingCombiBoiler
            or RepairCategory.GasHeatingSolidFuelOilSolar or RepairCategory.GasHeatingNonUrgent => GasRepairService,
        RepairCategory.Emergency or RepairCategory.Routine or RepairCategory.External or RepairCategory.Major => RepairsService,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Not a repair category."),
    };
}
