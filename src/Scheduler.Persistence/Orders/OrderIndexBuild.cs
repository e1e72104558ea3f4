using Npgsql;
using Scheduler.Persistence.Bulk;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// The secondary indexes of <c>work_orders</c> built after a first apply's COPY instead of row by row
/// (<see cref="DeferredIndexes"/>). The table carries ten of them besides the primary key (the occurrence key, the
/// reference, the asset and schedule, the target date, the contractor, the parent, and the partial indexes the nights,
/// the booking and the reports read); a binary COPY of 835,195 orders into the indexed table cost ~5.6–5.9 s of its
/// backend's CPU, against ~1.2 s without them and ~2.6 s more to build all ten afterwards (~3.0 s of the leader with
/// PostgreSQL's parallel build workers; docs/benchmarks-history.md, End to end, branch <c>lead18</c>).
/// </summary>
/// <remarks>
/// Only for a write of at least <see cref="MinimumOrders"/> orders into a table holding fewer rows than that (a first
/// apply): a build sorts every row of the table, so for a nightly apply's few thousand orders into a full table
/// inserting them is cheaper. The unique indexes (the occurrence key among live orders, the reference) are checked
/// when they are built again, so a live order that already had one of the keys fails the apply's COPY path with the
/// same unique violation, only at the build rather than at the row, and the apply falls back to its idempotent path
/// from the savepoint taken before the drop (which brings the indexes back). The drop holds an <c>ACCESS EXCLUSIVE</c>
/// lock on <c>work_orders</c> until the apply commits: every reader of the orders waits for a first apply's commit
/// (seconds at 300,000 homes; before it there are no orders to read). When the lock is not granted within
/// <see cref="DeferredIndexes.LockTimeout"/>, nothing is dropped and the rows are written with the indexes in place.
/// </remarks>
internal static class OrderIndexBuild
{
    /// <summary>The fewest orders in one write, and one more than the most rows already stored, for which the indexes are built after it.</summary>
    public const int MinimumOrders = 4_096;

    /// <summary>
    /// Drops <c>work_orders</c>' secondary indexes when a write of at least <paramref name="orders"/> orders is worth
    /// building them after (see the remarks), inside <paramref name="transaction"/>; the dropped indexes, which the
    /// caller must create again (<see cref="DeferredIndexes.CreateAsync"/>) after its last write of orders and before
    /// anything reads them by index, in the same transaction; null when nothing was dropped.
    /// </summary>
    /// <param name="connection">The apply's connection.</param>
    /// <param name="transaction">The apply's transaction, after the savepoint its fallback rolls back to.</param>
    /// <param name="orders">How many orders the caller will write at least.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <param name="minimumOrders">The threshold; <see cref="MinimumOrders"/> but for tests.</param>
    public static async Task<DeferredIndexes?> DropIfWorthAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int orders, CancellationToken cancellationToken, int minimumOrders = MinimumOrders)
    {
        return orders < minimumOrders
            ? null
            : await DeferredIndexes.TryDropWhenFewerAsync(connection, transaction, "work_orders", null, "true", minimumOrders, cancellationToken).ConfigureAwait(false);
    }
}
