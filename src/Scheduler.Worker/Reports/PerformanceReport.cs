using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Sla;

namespace Scheduler.Worker.Reports;

/// <summary>
/// The yearly performance report (docs/report.md): for calendar year <see cref="Year"/>, each commitment's planned,
/// delivered and on-time counts by contractor and area, and the regulator's measures RP02 and BS01.
/// </summary>
/// <param name="Year">The calendar year, 1 January to 31 December.</param>
/// <param name="Organisation">The landlord's name.</param>
/// <param name="Commitments">Every commitment reported on, in report order (the published ones always; others when they have work).</param>
/// <param name="Figures">One figure per commitment, contractor and area that had work, in commitment, contractor, area order.</param>
/// <param name="ContractorNames">Contractor id → name.</param>
/// <param name="AreaNames">Area id → name.</param>
/// <param name="Rp02">RP02 over repairs completed in the year (domain <see cref="Domain.Sla.Rp02"/>).</param>
/// <param name="Bs01">BS01 on <paramref name="Bs01Date"/> (domain <see cref="Domain.Compliance.Bs01"/>).</param>
/// <param name="Bs01Date">The day BS01 is measured on: 31 December of the year.</param>
public sealed record PerformanceReport(
    int Year,
    string Organisation,
    IReadOnlyList<Commitment> Commitments,
    IReadOnlyList<ReportFigure> Figures,
    IReadOnlyDictionary<string, string> ContractorNames,
    IReadOnlyDictionary<string, string> AreaNames,
    Rp02 Rp02,
    Bs01Result Bs01,
    LocalDate Bs01Date)
{
    /// <summary>The contractor column of work given to no contractor.</summary>
    public const string Unassigned = "unassigned";

    /// <summary>The area column of work on an asset that is not in the register.</summary>
    public const string UnknownArea = "unknown";

    /// <summary>The contractor's name, or its id when it has none on record.</summary>
    public string ContractorName(string id) => ContractorNames.TryGetValue(id, out var name) ? name : id == Unassigned ? "No contractor" : id;

    /// <summary>The area's name, or its id when it has none on record.</summary>
    public string AreaName(string id) => AreaNames.TryGetValue(id, out var name) ? name : id == UnknownArea ? "Not in the register" : id;
}
