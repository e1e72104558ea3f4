using Scheduler.Domain.Estate;
using Scheduler.Domain.Improvements;

namespace Scheduler.Persistence.Register;

/// <summary>
/// The planned-improvement columns of <c>homes</c> beyond kitchen, bathroom and boiler, as the importer writes them:
/// each read from the home's register columns by the same rules as eligibility (<see cref="ImprovementEligibility"/>),
/// so the typed column and the jsonb <c>attributes</c> always agree. Null means unknown (or no score given).
/// </summary>
internal static class HomeComponentColumns
{
    /// <summary>The components, in the order of their columns in <see cref="RegisterTable.Homes"/>.</summary>
    private static readonly string[] Components =
    [
        ImprovementComponents.HeatingDistribution, ImprovementComponents.Windows, ImprovementComponents.ExternalDoors,
        ImprovementComponents.Roof, ImprovementComponents.Electrics, ImprovementComponents.HomeMot,
    ];

    /// <summary>heating_distribution_year, windows_year, external_doors_year, roof_year, electrics_year, home_mot_year, condition.</summary>
    public static IEnumerable<object?> Values(Home home)
    {
        foreach (var component in Components)
        {
            yield return ImprovementEligibility.Assess(home, component, 1).InstalledYear;
        }

        yield return ImprovementEligibility.HomeCondition(home);
    }
}
