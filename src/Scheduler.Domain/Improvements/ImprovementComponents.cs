namespace Scheduler.Domain.Improvements;

/// <summary>
/// The components a planned-improvement programme covers, by the ids used in config (<c>improvements:</c>), and
/// the register columns their install years and condition scores are read from.
/// </summary>
/// <remarks>
/// Any component id in config works; these are the ones the landlord publishes. A component's install (or
/// last-replaced) year is in <c>&lt;component&gt;_year</c> and its optional condition score in
/// <c>&lt;component&gt;_condition</c>, with any hyphen in the id written as an underscore
/// (<c>heating_distribution_year</c>); the hyphenated spelling (<c>heating-distribution_year</c>) is read when the
/// underscore one is absent.
/// </remarks>
public static class ImprovementComponents
{
    /// <summary>The kitchen (register column <c>kitchen_year</c>).</summary>
    public const string Kitchen = "kitchen";

    /// <summary>The bathroom (register column <c>bathroom_year</c>).</summary>
    public const string Bathroom = "bathroom";

    /// <summary>The boiler (register column <c>boiler_year</c>).</summary>
    public const string Boiler = "boiler";

    /// <summary>Pipes and radiators (<c>heating_distribution_year</c>).</summary>
    public const string HeatingDistribution = "heating-distribution";

    /// <summary>Windows (<c>windows_year</c>).</summary>
    public const string Windows = "windows";

    /// <summary>External doors (<c>external_doors_year</c>).</summary>
    public const string ExternalDoors = "external-doors";

    /// <summary>Roof structure and finish (<c>roof_year</c>).</summary>
    public const string Roof = "roof";

    /// <summary>Wiring and consumer unit (<c>electrics_year</c>).</summary>
    public const string Electrics = "electrics";

    /// <summary>The periodic "home MOT" condition survey (<c>home_mot_year</c>: the year of the last one).</summary>
    public const string HomeMot = "home-mot";

    /// <summary>
    /// The register column holding the whole home's condition score (1 good – 5 worst, from the last home MOT), used
    /// for any component without its own <c>&lt;component&gt;_condition</c>.
    /// </summary>
    public const string HomeConditionColumn = "condition";

    /// <summary>Every component above, in the order the published schedule lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Kitchen, Bathroom, Boiler, HeatingDistribution, Windows, ExternalDoors, Roof, Electrics, HomeMot];

    /// <summary>The register columns that may hold <paramref name="component"/>'s install year, in the order they are read.</summary>
    public static IReadOnlyList<string> YearColumns(string component) => Columns(component, "_year");

    /// <summary>The register columns that may hold <paramref name="component"/>'s condition score, in the order they are read.</summary>
    public static IReadOnlyList<string> ConditionColumns(string component) => Columns(component, "_condition");

    private static string[] Columns(string component, string suffix)
    {
        Check.NotEmpty(component, nameof(component));
        var underscored = component.Replace('-', '_') + suffix;
        var asWritten = component + suffix;
        return underscored == asWritten ? [underscored] : [underscored, asWritten];
    }
}
