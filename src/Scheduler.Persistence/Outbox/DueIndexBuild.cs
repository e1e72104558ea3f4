using Npgsql;
using Scheduler.Persistence.Bulk;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// The claim index <c>ix_outbox_messages_due</c> (<c>next_attempt_at, id</c> over open rows) built in one sorted pass
/// after a bulk write of notices, instead of entry by entry (<see cref="DeferredIndexes"/>). Notices deferred by a
/// contractor's <c>issueAhead</c> are due over the whole year (~330 release days) in no relation to their ids, so each
/// one is inserted in the middle of the index: a descent from the root per row, where rows due at once only append at
/// its right edge. For a first apply at 300,000 homes (~740,000 notices) that cost ~1 s of the one backend that does
/// the whole write (docs/benchmarks-history.md, End to end, branch <c>applyfix</c>); dropping the index, writing the
/// rows and creating it again in the same transaction costs about what rows due at once cost. The outbox's other
/// indexes are left in place: their keys grow with the ids, so entries append at their right edges (measured: building
/// them after the write saved nothing).
/// </summary>
/// <remarks>
/// Only for a write of at least <see cref="MinimumNotices"/> notices into an outbox holding fewer open rows than that
/// (a first apply, a horizon made longer): the rebuild sorts every open row, so for a nightly apply's few thousand
/// notices into a full outbox inserting them is cheaper. The drop takes an <c>ACCESS EXCLUSIVE</c> lock on
/// <c>outbox_messages</c> until the transaction ends, so the dispatcher's claim and the outbox counts wait for the
/// apply's commit (seconds; the outbox then holds few open rows to send). All of it is transactional: a rollback (the
/// apply's failure, or its unique-violation fallback to the staging path) restores the index as it was. When the lock is
/// not granted within <see cref="DeferredIndexes.LockTimeout"/> (a long transaction holding the outbox), or the role may
/// not drop the index, nothing is dropped and the notices are inserted as usual.
/// </remarks>
internal static class DueIndexBuild
{
    /// <summary>The index's name (the migration <c>Ahead</c>'s).</summary>
    public const string IndexName = "ix_outbox_messages_due";

    /// <summary>The fewest notices in one write for which the index is rebuilt rather than added to.</summary>
    public const int MinimumNotices = 50_000;

    /// <summary>
    /// Drops the claim index when a write of <paramref name="notices"/> notices is worth a rebuild (see the remarks),
    /// inside <paramref name="transaction"/>; the dropped index when it was, and the caller must then call
    /// <see cref="DeferredIndexes.CreateAsync"/> after writing the rows, in the same transaction; null otherwise.
    /// </summary>
    /// <param name="connection">The apply's connection.</param>
    /// <param name="transaction">The apply's transaction: the drop, the rows and the rebuild are all in it.</param>
    /// <param name="notices">How many notices the caller is about to write.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <param name="minimumNotices">The threshold; <see cref="MinimumNotices"/> but for tests.</param>
    public static async Task<DeferredIndexes?> DropIfWorthAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int notices, CancellationToken cancellationToken, int minimumNotices = MinimumNotices)
    {
        return notices < minimumNotices
            ? null
            : await DeferredIndexes.TryDropWhenFewerAsync(connection, transaction, "outbox_messages", [IndexName], "is_open", notices, cancellationToken).ConfigureAwait(false);
    }
}
