using NodaTime;

namespace Scheduler.Persistence.Reports;

/// <summary>What the yearly report is computed from (see <see cref="ReportQuery.ReadAsync"/>).</summary>
/// <param name="Orders">The year's orders, cancelled ones left out: planned work whose target date is in the year, and repairs reported or completed in the year.</param>
/// <param name="ContractorNames">Contractor id → name, from the contractors table (including contractors no longer in config).</param>
/// <param name="AreaNames">Area id → name, from the register.</param>
/// <param name="GasHomes">Every active gas home and the deadline of its gas safety record at the end of the year (null when no check is known by then).</param>
public sealed record ReportData(
    IReadOnlyList<ReportOrder> Orders,
    IReadOnlyDictionary<string, string> ContractorNames,
    IReadOnlyDictionary<string, string> AreaNames,
    IReadOnlyList<(string HomeId, LocalDate? Deadline)> GasHomes);
