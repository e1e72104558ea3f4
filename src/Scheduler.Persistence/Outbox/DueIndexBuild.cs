using Npgsql;
using Scheduler.Persistence.Bulk;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// The outbox's indexes built in one sorted pass after a bulk write of notices, instead of entry by entry
/// (<see cref="DeferredIndexes"/>). Two cases:
/// <list type="bullet">
/// <item>An outbox holding fewer rows in all than the write brings (a first apply): <b>every secondary index</b>
/// (the claim index, the unique idempotency key, the GIN on <c>work_order_ids</c>, the two partial ones) is dropped
/// before the rows and created again after them. Each notice added its entry to the unique key's B-tree (a text key)
/// and to the GIN (<c>fastupdate = off</c>: a descent of the entry tree per row); at 300,000 homes (740,603 notices)
/// the COPY took 6.1 s of its backend with them and 2.5 s without, and building them afterwards 2.4 s (the claim index
/// 0.4 s, the key 0.3 s, the GIN 1.7 s): ~2 s of the backend less (docs/benchmarks-history.md, branch <c>apply33</c>).
/// The unique key is checked when it is built, so a notice whose key is already stored fails the write with the same
/// unique violation the row would have, at the build instead of at the row.</item>
/// <item>An outbox holding as many rows as that but fewer open rows (a horizon made longer): only the claim index
/// <c>ix_outbox_messages_due</c>. Notices deferred by a contractor's <c>issueAhead</c> are due over the whole year
/// (~330 release days) in no relation to their ids, so each one is inserted in the middle of that index: a descent from
/// the root per row, where rows due at once only append at its right edge (~1 s of the backend for ~740,000 notices,
/// branch <c>applyfix</c>). The other indexes sort every row of the table, sent ones too, so for them a full outbox is
/// cheaper to add to.</item>
/// </list>
/// </summary>
/// <remarks>
/// Only for a write of at least <see cref="MinimumNotices"/> notices: a rebuild sorts the rows it covers, so for a
/// nightly apply's few thousand notices inserting them is cheaper. The drop takes an <c>ACCESS EXCLUSIVE</c> lock on
/// <c>outbox_messages</c> until the transaction ends, so the dispatcher's claim and the outbox counts wait for the
/// apply's commit (seconds; the outbox then holds few open rows to send). All of it is transactional: a rollback (the
/// apply's failure, or its unique-violation fallback to the staging path) restores the indexes as they were. When the lock is
/// not granted within <see cref="DeferredIndexes.LockTimeout"/> (a long transaction holding the outbox), or the role may
/// not drop an index, nothing is dropped and the notices are inserted as usual.
/// </remarks>
internal static class DueIndexBuild
{
    /// <summary>The index's name (the migration <c>Ahead</c>'s).</summary>
    public const string IndexName = "ix_outbox_messages_due";

    /// <summary>The fewest notices in one write for which the index is rebuilt rather than added to.</summary>
    public const int MinimumNotices = 50_000;

    /// <summary>
    /// Drops the outbox's indexes when a write of <paramref name="notices"/> notices is worth building them after (see the
    /// remarks: every secondary index into an outbox holding fewer rows than that, else the claim index when it holds fewer
    /// open rows), inside <paramref name="transaction"/>; the dropped indexes when they were, and the caller must then call
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
        if (notices < minimumNotices)
        {
            return null;
        }

        // Rows in all, counted up to the write's size (cheap whatever the outbox holds).
        await using (var count = new NpgsqlCommand("SELECT count(*) FROM (SELECT 1 FROM outbox_messages LIMIT @n) s", connection, transaction))
        {
            count.Parameters.AddWithValue("n", notices);
            if ((long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! < notices)
            {
                return await DeferredIndexes.TryDropAsync(connection, transaction, "outbox_messages", null, cancellationToken).ConfigureAwait(false);
            }
        }

        return await DeferredIndexes.TryDropWhenFewerAsync(connection, transaction, "outbox_messages", [IndexName], "is_open", notices, cancellationToken).ConfigureAwait(false);
    }
}
