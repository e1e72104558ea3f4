namespace Scheduler.Persistence.Register;

/// <summary>What one register import changed. Counts are over areas, sites, blocks, homes and tenants together.</summary>
/// <param name="ImportRunId">The <c>import_runs</c> row; its <c>register_changes</c> list each change.</param>
/// <param name="Added">Rows new to the database.</param>
/// <param name="Updated">Rows with at least one changed column (a reactivated row with changes counts as reactivated only).</param>
/// <param name="Deactivated">Rows the import no longer lists, now inactive.</param>
/// <param name="Reactivated">Inactive rows listed again.</param>
/// <param name="Unchanged">Rows listed exactly as stored.</param>
/// <param name="CancelledOrders">References of future unsent orders cancelled because their asset became inactive.</param>
/// <param name="AddressNotices">Changed-address notices written: open orders already sent to their contractor whose
/// asset's address, name or postcode the import changed (one each; <c>order/{reference}/address/{import run}</c>).</param>
public sealed record ImportSummary(
    long ImportRunId,
    int Added,
    int Updated,
    int Deactivated,
    int Reactivated,
    int Unchanged,
    IReadOnlyList<string> CancelledOrders,
    int AddressNotices = 0);
