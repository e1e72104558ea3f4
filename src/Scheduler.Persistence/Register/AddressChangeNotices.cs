using Npgsql;
using NodaTime;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Register;

/// <summary>
/// The changed-address notices of a register import (branch addr35), written in its transaction after its rows are
/// synced: a work order stores no address (a message reads its asset's address, name and postcode from the register when
/// it is composed), so an import that changes where an order is leaves a contractor who was already sent it with the old
/// address in its email, <c>.ics</c> LOCATION and <c>.csv</c>. Each open order (planned, issued, appointed) whose
/// contractor was sent it (<see cref="OutboxWriter.SentToContractorSql"/>) and whose asset's address changed gets one
/// <c>contractor-order</c> row, sent as a changed order at a SEQUENCE one above the order's highest.
/// </summary>
/// <remarks>
/// What a contractor is shown as where is <see cref="ShownAddress"/> (the dispatcher's orders read uses the same): a
/// home's <c>address</c> and <c>postcode</c>; a block's <c>name</c> and its site's name and postcode (so a block's
/// <c>site_id</c> too); a site's <c>name</c> and <c>postcode</c>. A site's change reaches the orders of the site and of every block on it (a home's order shows its own
/// address only). The import's <c>register_changes</c> rows (updated or reactivated, with the changed fields) say which
/// assets changed: the changed assets are read first, and only when there are some are their orders read.
/// </remarks>
internal static class AddressChangeNotices
{
    // The assets of this import whose shown address changed: homes by address or postcode, blocks by name or site, sites
    // by name or postcode, and the blocks on a changed site. By ix_register_changes_import_run_id: this run's rows only.
    private const string ChangedAssetsSql = """
        WITH changed AS (
            SELECT c.entity, c.entity_id FROM register_changes c
            WHERE c.import_run_id = @run AND c.change IN ('updated', 'reactivated') AND c.entity IN ('home', 'block', 'site')
              AND string_to_array(c.fields, ',') && CASE c.entity WHEN 'home' THEN ARRAY['address', 'postcode']
                                                                  WHEN 'block' THEN ARRAY['name', 'site_id']
                                                                  ELSE ARRAY['name', 'postcode'] END
        )
        SELECT CASE c.entity WHEN 'home' THEN 'property' ELSE c.entity END, c.entity_id FROM changed c
        UNION
        SELECT 'block', b.id FROM changed c JOIN blocks b ON b.site_id = c.entity_id WHERE c.entity = 'site'
        ORDER BY 1, 2
        """;

    /// <summary>The temp table of the import's previous shown values (<see cref="RegisterTable.KeepPreviousShownSql"/>).</summary>
    internal const string PreviousTable = "import_previous_shown";

    /// <summary>Creates <see cref="PreviousTable"/> for the import's transaction (dropped at its commit).</summary>
    internal const string CreatePreviousSql = $"""
        CREATE TEMP TABLE {PreviousTable} (entity text NOT NULL, id text NOT NULL, name text, site_id text, address text, postcode text,
                                           PRIMARY KEY (entity, id)) ON COMMIT DROP
        """;

    /// <summary>The reason a waiting notice is superseded by an import that changed the address again (it writes its own).</summary>
    public const string ChangedAgain = "not sent: the address changed again before it went (a later import wrote its own notice)";

    /// <summary>The reason a waiting notice is superseded by an import that put back the address the contractor was sent.</summary>
    public const string BackToSent = "not sent: the address is back to the one the contractor was sent";

    // Where an order is, as a message shows it (ShownAddress, the one definition the dispatcher's orders read uses too), as
    // a fingerprint, so the outbox holds no address: now (n), and before this import (p: the previous values this import
    // kept of the rows it changed, else the row as it is).
    private static readonly ShownAddress ShownNow = ShownAddress.Now("n");

    private static readonly ShownAddress ShownBefore = ShownAddress.BeforeImport("p");

    // One notice per open order of the changed assets its contractor was sent (a notice, or a programme naming it, being
    // sent or sent), key order/{reference}/address/{import run} (one per order and import), SEQUENCE one above the order's
    // highest (the calendar entry of the same UID takes the new LOCATION), due at once, never deferred (the contractor
    // already has the order) — unless the address is back to the one the contractor holds (branch small37).
    // What the contractor holds ("held", a fingerprint in the payload): the address its last message showed. A notice
    // of the order still waiting from an earlier import was not sent, so with nothing about the order sent since it was
    // written, the contractor still holds what that notice's held says (none: written before small37, unknown); else
    // (none waiting, or a message sent since, composed after that import) the address before this import. "Sent since":
    // written after the waiting notice, or sent at a later time than it was written (branch small38: a changed-window or
    // changed-appointment notice queued before the import but sent after it showed the new address; judged by id alone
    // it did not count, and an import putting the old address back wrote no notice while the contractor held the new). When it is
    // the address now (A to B to A with the notice for B still waiting), no notice is written and the waiting one is
    // superseded as BackToSent; otherwise the waiting one is superseded as ChangedAgain (both would read the same,
    // latest address). (The UPDATE does not see the rows the INSERT adds: one snapshot.)
    private static readonly string NoticesSql = $$"""
        WITH orders AS (
            SELECT w.id, w.reference, w.contractor_id,
                   {{ShownNow.Fingerprint("w")}} AS shows,
                   {{ShownBefore.Fingerprint("w")}} AS showed
            FROM unnest(@kinds, @ids) AS a(kind, id)
            JOIN work_orders w ON w.asset_id = a.id AND w.asset_kind = a.kind
            {{ShownNow.Joins("w")}}
            {{ShownBefore.Joins("w")}}
            WHERE w.status IN ('planned', 'issued', 'appointed') AND w.contractor_id IS NOT NULL
              AND {{OutboxWriter.SentToContractorSql}}
        ), waiting AS (
            SELECT DISTINCT ON (w.id) w.id, q.payload ->> 'held' AS held,
                   NOT EXISTS (SELECT 1 FROM outbox_messages m
                               WHERE m.work_order_ids @> ARRAY[w.id] AND (m.id > q.id OR m.sent_at > q.created_at)
                                 AND m.kind IN ('contractor-order', 'contractor-programme') AND m.status IN ('sending', 'sent')) AS untold
            FROM orders w
            JOIN outbox_messages q ON q.work_order_ids @> ARRAY[w.id] AND q.kind = 'contractor-order' AND q.status = 'pending'
                                  AND q.payload ->> 'change' = 'address'
            ORDER BY w.id, q.id DESC
        ), held AS (
            SELECT o.id, o.reference, o.contractor_id, o.shows, CASE WHEN q.untold THEN q.held ELSE o.showed END AS held
            FROM orders o LEFT JOIN waiting q ON q.id = o.id
        ), notices AS (
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                         sequence, status, attempts, next_attempt_at, created_at)
            SELECT 'contractor-order', k.key, k.key || '@estate-scheduler', 'contractor', w.contractor_id, ARRAY[w.id],
                   jsonb_strip_nulls(jsonb_build_object('change', 'address', 'importRun', @run, 'held', w.held)),
                   {{OutboxWriter.NextSequenceSql}},
                   'pending', 0, @now, @now
            FROM held w
            CROSS JOIN LATERAL (SELECT 'order/' || w.reference || '/address/' || @run::text AS key) k
            WHERE w.held IS DISTINCT FROM w.shows
            ORDER BY w.id
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING work_order_ids
        ), superseded AS (
            UPDATE outbox_messages o
            SET status = 'superseded', last_error = CASE WHEN h.held = h.shows THEN '{{BackToSent}}' ELSE '{{ChangedAgain}}' END
            FROM held h
            WHERE o.work_order_ids @> ARRAY[h.id] AND o.kind = 'contractor-order' AND o.status = 'pending'
              AND o.payload ->> 'change' = 'address'
            RETURNING coalesce(h.held = h.shows, false) AS back
        )
        SELECT (SELECT count(*) FROM notices)::int, (SELECT count(*) FROM superseded WHERE NOT back)::int,
               (SELECT count(*) FROM superseded WHERE back)::int
        """;

    /// <summary>
    /// Writes the changed-address notices of import <paramref name="run"/> (its <c>register_changes</c> already written);
    /// returns how many were written, how many earlier ones still waiting were superseded by them (<see cref="ChangedAgain"/>)
    /// and how many waiting ones were superseded because the address is back to the one the contractor was sent
    /// (<see cref="BackToSent"/>: no notice written for those). Reads no order when the import changed no address.
    /// </summary>
    public static async Task<(int Notices, int Superseded, int Back)> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long run, Instant now, CancellationToken cancellationToken)
    {
        var kinds = new List<string>();
        var ids = new List<string>();
        await using (var read = new NpgsqlCommand(ChangedAssetsSql, connection, transaction) { CommandTimeout = 0 })
        {
            read.Parameters.AddWithValue("run", run);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                kinds.Add(reader.GetString(0));
                ids.Add(reader.GetString(1));
            }
        }

        if (ids.Count == 0)
        {
            return (0, 0, 0);
        }

        await using var write = new NpgsqlCommand(NoticesSql, connection, transaction) { CommandTimeout = 0 };
        write.Parameters.AddWithValue("kinds", kinds.ToArray());
        write.Parameters.AddWithValue("ids", ids.ToArray());
        write.Parameters.AddWithValue("run", run);
        write.Parameters.AddWithValue("now", now);
        await using var result = await write.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await result.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (result.GetInt32(0), result.GetInt32(1), result.GetInt32(2));
    }
}
