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
/// What a contractor is shown as where (<c>OutboxStore</c>'s orders read): a home's <c>address</c> and <c>postcode</c>;
/// a block's <c>name</c> and its site's name and postcode (so a block's <c>site_id</c> too); a site's <c>name</c> and
/// <c>postcode</c>. A site's change reaches the orders of the site and of every block on it (a home's order shows its own
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

    // One notice per open order of the changed assets its contractor was sent (a notice, or a programme naming it, being
    // sent or sent), key order/{reference}/address/{import run} (one per order and import), SEQUENCE one above the order's
    // highest (the calendar entry of the same UID takes the new LOCATION), due at once, never deferred (the contractor
    // already has the order). A changed-address notice of the same order still waiting from an earlier import is
    // superseded: both would read the same, latest address. (The UPDATE does not see the rows the INSERT adds: one snapshot.)
    private const string NoticesSql = $$"""
        WITH notices AS (
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                         sequence, status, attempts, next_attempt_at, created_at)
            SELECT 'contractor-order', k.key, k.key || '@estate-scheduler', 'contractor', w.contractor_id, ARRAY[w.id],
                   jsonb_build_object('change', 'address', 'importRun', @run),
                   {{OutboxWriter.NextSequenceSql}},
                   'pending', 0, @now, @now
            FROM unnest(@kinds, @ids) AS a(kind, id)
            JOIN work_orders w ON w.asset_id = a.id AND w.asset_kind = a.kind
            CROSS JOIN LATERAL (SELECT 'order/' || w.reference || '/address/' || @run::text AS key) k
            WHERE w.status IN ('planned', 'issued', 'appointed') AND w.contractor_id IS NOT NULL
              AND {{OutboxWriter.SentToContractorSql}}
            ORDER BY w.id
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING work_order_ids
        ), superseded AS (
            UPDATE outbox_messages o
            SET status = 'superseded', last_error = 'not sent: the address changed again before it went (a later import wrote its own notice)'
            FROM notices n
            WHERE o.work_order_ids @> n.work_order_ids AND o.kind = 'contractor-order' AND o.status = 'pending'
              AND o.payload ->> 'change' = 'address'
            RETURNING o.id
        )
        SELECT (SELECT count(*) FROM notices)::int, (SELECT count(*) FROM superseded)::int
        """;

    /// <summary>
    /// Writes the changed-address notices of import <paramref name="run"/> (its <c>register_changes</c> already written);
    /// returns how many were written and how many earlier ones still waiting were superseded. Reads no order when the
    /// import changed no address.
    /// </summary>
    public static async Task<(int Notices, int Superseded)> WriteAsync(
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
            return (0, 0);
        }

        await using var write = new NpgsqlCommand(NoticesSql, connection, transaction) { CommandTimeout = 0 };
        write.Parameters.AddWithValue("kinds", kinds.ToArray());
        write.Parameters.AddWithValue("ids", ids.ToArray());
        write.Parameters.AddWithValue("run", run);
        write.Parameters.AddWithValue("now", now);
        await using var result = await write.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await result.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (result.GetInt32(0), result.GetInt32(1));
    }
}
