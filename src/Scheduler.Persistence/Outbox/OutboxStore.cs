using Npgsql;
using Scheduler.Persistence.Bulk;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// The dispatcher's side of the outbox, in short transactions of their own (never open while mail is sent): claim a
/// batch (<c>FOR UPDATE SKIP LOCKED</c>, status → <c>sending</c> with a lease, commit), read what the messages need,
/// and record what became of them (sent, retry, dead, superseded) with the orders sent moving planned → issued.
/// Any number of dispatchers can run at once: claims are disjoint, and a claim whose lease ran out (its dispatcher
/// died) is claimed again.
/// </summary>
public sealed partial class OutboxStore(NpgsqlDataSource dataSource)
{
    // The statements run once a batch with the same text (the batch's orders and contractors, the completion's fold and
    // issue) are prepared: Npgsql keeps a prepared statement on its physical connection across the pool, so PostgreSQL
    // parses and analyses each once per connection instead of once a batch, and plans it once when its generic plan is
    // no dearer than the custom ones (with the run-long sent recorder: the benchmark's server CPU a message 113-118 ->
    // 83-86 us, Dispatch7). The claim is not prepared: its plan must see the
    // batch size and the time (a generic plan, blind to LIMIT, could walk every open row), and it already plans in its
    // own short transaction with jit off.

    // Due rows by due time, then id: pending ones whose time has come, and sending ones whose lease ran out unless the
    // mail server already accepted them (a mark in outbox_sent_marks: the next round's catch-up folds it). A sending row
    // was due when claimed (next_attempt_at <= the claim's time < its lease), so "next_attempt_at <= @now" holds for
    // every row the claim may take: the claim reads the partial index ix_outbox_messages_due (next_attempt_at, id; open
    // rows) from its start up to now and stops after @limit rows, never reaching the rows deferred to a later release
    // (issueAhead, letterAhead: ~900,000 at 300,000 homes) however many there are. Rows due at once are due at their
    // creation, so among them the order is the order they were written in (id); a deferred row takes its place at its
    // release; a row retried after a failure at its retry time; a row not tried (the server unreachable) keeps its due
    // time, so a backlog drains in the order it was queued. A cancellation waits while an earlier notice or programme
    // naming its order is still pending or being sent, so a contractor never gets the cancellation before the order.
    // (is_open is the open-rows index's flag: status pending or sending. It is not repeated as status IN ('pending',
    // 'sending'): the planner would count that selectivity a second time on top of the partial index's rows, estimate a
    // single due row once most rows are sent, cost the whole index scan with the subplans per row, and JIT-compile the
    // claim with optimisation, ~1 s a claim; measured, Dispatch6.) The update changes no indexed value (status is in no
    // index; next_attempt_at and is_open stay as they are), so it is HOT where the page has room (Dispatch6).
    // The cancellation check finds the earlier messages naming the cancellation's orders through the GIN index on
    // work_order_ids, and only through it: "p.id + 0" keeps "earlier than the cancellation" out of any index condition,
    // and the claim's transaction turns sequential scans off (PrepareClaimAsync). Written "p.id < o.id", an EXISTS whose
    // matches the planner overestimates (no element statistics for unique order ids: ~1 % of the table) was planned for
    // its first row as a walk of pk_outbox_messages from the table's start, filtering every earlier message: with
    // hundreds of cancellations due at 300,000 homes a claim ran 41 s (session 35's year, branch gas35), and on 1.2
    // million messages with 450 cancellations due 488 s, against 17 ms this way (EXPLAIN ANALYZE, session 36). Without
    // the index, "p.id + 0" alone leaves a sequential scan a close second for the first row (its cost within ~10 %).
    internal const string ClaimSql = $"""
        WITH claimed AS (
            SELECT o.id FROM outbox_messages o
            WHERE {ClaimableSql}
              AND (o.kind <> 'contractor-cancellation' OR NOT EXISTS (
                    SELECT 1 FROM outbox_messages p
                    WHERE p.work_order_ids && o.work_order_ids AND p.id + 0 < o.id
                      AND p.kind IN ('contractor-order', 'contractor-programme') AND p.status IN ('pending', 'sending')))
            ORDER BY o.next_attempt_at, o.id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
        )
        {ClaimUpdateSql}
        """;

    // A row the claim may take: open, due, and pending, or sending under a lease that ran out and not recorded sent.
    private const string ClaimableSql = """
        o.is_open AND o.next_attempt_at <= @now
              AND (o.status = 'pending'
                   OR (o.status = 'sending' AND o.lease_until <= @now
                       AND NOT EXISTS (SELECT 1 FROM outbox_sent_marks m WHERE m.message_id = o.id)))
        """;

    // The claimed rows leased, and what the dispatcher needs of each.
    private const string ClaimUpdateSql = """
        UPDATE outbox_messages o SET status = 'sending', lease_until = @lease
        WHERE o.id = ANY(ARRAY(SELECT id FROM claimed))
        RETURNING o.id, o.kind, o.idempotency_key, o.message_id, o.recipient_kind, o.recipient_id, o.work_order_ids,
                  o.sequence, o.week_start, o.attempts, coalesce(o.release_at, o.created_at), o.payload::text, o.delivered_via,
                  o.next_attempt_at
        """;

    // While the mail server cannot be reached the dispatcher claims only the letters to post (ClaimLettersToPostAsync):
    // a tenant letter whose tenant takes post or has no email address (the composer prints those too; the register
    // requires an address for channel email, so a tenant on email without one was edited by hand), or one already put to
    // a batch (delivered_via, after a crash), so that a day without mail does not hold back the printed letters, which
    // need no mail server. The same due order as the claim's; no cancellation check (a tenant letter is never a
    // cancellation). A letter the composer still sends by email (its tenant moved to email since) goes back untried while
    // the pause lasts, as any mail does. An address the register took but MimeKit would not parse (the composer's
    // EmailAddresses.IsValid) is not tested here: such a letter waits for the mail, as before (session 39).
    internal const string ClaimLettersToPostSql = $"""
        WITH claimed AS (
            SELECT o.id FROM outbox_messages o
            WHERE {ClaimableSql}
              AND o.kind = 'tenant-letter'
              AND (o.delivered_via LIKE 'post:%'
                   OR EXISTS (SELECT 1 FROM tenants t WHERE t.id = o.recipient_id
                                AND (t.channel = 'post' OR t.email IS NULL OR btrim(t.email) = '')))
            ORDER BY o.next_attempt_at, o.id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
        )
        {ClaimUpdateSql}
        """;

    // The orders asked for, and the live follow-ups of each (shown on the parent's message). Two index look-ups (by id,
    // by parent) rather than one OR, and each home by its key: with the OR and a plain join the planner scanned every
    // work order and hashed every home for each batch (~3-9 ms a batch of 200 at 8,000 homes, growing with the estate).
    // Each asset is read from its own table only (a LATERAL subquery whose asset_kind test is a one-time filter): as
    // plain LEFT JOINs with the kind in the join condition, the plan probed sites' and blocks' primary keys for every
    // order and only then discarded the row by its kind (auto_explain at 300,000 homes: 7,445 buffers a batch of 500
    // gas orders, 2,000 of them those probes; 5,445 this way; branch scale20). Keys are unique: LIMIT 1 changes nothing.
    // An order's live appointment (the tenant's booked day and slot, told to the contractor) is read the same way, by
    // the partial unique index ix_gas_appointments_booked_order: one probe an order, in the batch's one read (branch appt25).
    // A repair raised from a defect gets the defect's description, the note of the report that raised it (its
    // raised_by_event_id, read here), in a second statement run only when the batch holds repairs (DefectNotesSql).
    // Branch defect29 first read it in this statement (a CASE around a sub-select); with it, day 1's dispatch at 300,000
    // homes took ~6-8 s more of the server's CPU in the lead's runs (20.9 s against 12.6 s on session 28's main, 14.9 s
    // with the column NULL; one run each). The asset's name, address and postcode are ShownAddress's (the one definition
    // the changed-address notices compare by; branch small38), its three LATERALs the ones described above.
    private static readonly Register.ShownAddress Shown = Register.ShownAddress.Now(string.Empty);

    private static readonly string OrdersSql = $"""
        SELECT w.id, w.reference, w.service, w.asset_id,
               {Shown.Asset("w")},
               {Shown.Address("w")},
               {Shown.Postcode("w")},
               w.window_start, w.window_end, w.target_date, w.status, w.contractor_id, w.parent_id, w.cancelled_reason,
               a.date, a.slot, a.id, w.sla_category, w.reported_at, w.sla_due_at, w.raised_by_event_id
        FROM (SELECT * FROM work_orders WHERE id = ANY(@ids)
              UNION ALL
              SELECT * FROM work_orders WHERE parent_id = ANY(@ids) AND status <> 'cancelled' AND NOT (id = ANY(@ids))) w
        {Shown.Joins("w")}
        LEFT JOIN LATERAL (SELECT ga.date, ga.slot, ga.id FROM gas_appointments ga
                           WHERE ga.work_order_id = w.id AND ga.status = 'booked' LIMIT 1) a ON true
        ORDER BY w.target_date, w.reference
        """;

    // The note of the report that raised each repair (work_orders.raised_by_event_id), by the events' primary key; run
    // only for a batch that holds repairs (LoadOrdersAsync). One visit may report several defects (another category each,
    // docs/feedback.md), each raising its own repair: each repair reads its own report, not its visit's latest.
    private const string DefectNotesSql = "SELECT id, note FROM work_order_events WHERE id = ANY(@events)";

    // A repair raised before migration RaisedByEvent whose report it could not find (its parent's trail holds no defect
    // report of its category) has no link: it reads its visited order's latest defect report, as every repair did before,
    // by ix_work_order_events_work_order_id. Run only when a batch holds such a repair.
    private const string UnlinkedDefectNotesSql = """
        SELECT DISTINCT ON (e.work_order_id) e.work_order_id, e.note
        FROM work_order_events e
        WHERE e.work_order_id = ANY(@parents) AND e.outcome = 'defect'
        ORDER BY e.work_order_id, e.id DESC
        """;

    private const string ContractorsSql = "SELECT id, name, email, services, areas, dispatch, active FROM contractors WHERE id = ANY(@ids)";

    // Delivered is delivered: a message sent is marked sent even if its lease ran out meanwhile. The recorder's marks
    // (OutboxSentRecorder) are folded in: the row takes the mark's time (else now, e.g. a printed letter) and the marks
    // go. A row already sent (folded by another dispatcher's catch-up) is left as it is. Its orders are issued by the
    // statement that follows, in the same transaction. (The rows are found by id = ANY, an index scan: joined to the
    // ids alone, the planner hashed a scan of the whole outbox. Each row's mark is read by its key: joined to the
    // marks deleted in a CTE, the planner rescanned the CTE for every row, 200 x 200 comparisons a batch, more than
    // half of the statement's CPU. The DELETE sees the marks as they were before the UPDATE, as the UPDATE does.)
    private const string SentSql = """
        WITH done AS (
            UPDATE outbox_messages o
            SET sent_at = coalesce((SELECT m.sent_at FROM outbox_sent_marks m WHERE m.message_id = o.id), @now),
                attempts = o.attempts + 1, status = 'sent', lease_until = NULL, last_error = NULL,
                delivered_via = coalesce(o.delivered_via, 'email')
            WHERE o.id = ANY(@ids) AND o.status <> 'sent'
            RETURNING o.id
        )
        DELETE FROM outbox_sent_marks WHERE message_id = ANY(@ids)
        """;

    // The catch-up after a dispatcher died between recording messages sent and completing its batch: marks whose
    // row's lease has run out (or whose row is gone or no longer sending) are folded into their rows as the completion
    // would have (sent, the mark's time, attempts + 1, no lease) and their planned orders issued. Reads only the marks
    // table (at most a batch a live dispatcher), never the sent history. Idempotent: a mark is folded once, only
    // planned orders are issued.
    private const string IssueOrdersOfSentSql = """
        WITH stale AS (
            DELETE FROM outbox_sent_marks m
            WHERE NOT EXISTS (SELECT 1 FROM outbox_messages o
                              WHERE o.id = m.message_id AND o.status = 'sending' AND o.lease_until > @now)
            RETURNING m.message_id, m.sent_at
        ), folded AS (
            UPDATE outbox_messages o
            SET status = 'sent', sent_at = s.sent_at, attempts = o.attempts + 1, lease_until = NULL, last_error = NULL,
                delivered_via = coalesce(o.delivered_via, 'email')
            FROM stale s WHERE o.id = ANY(ARRAY(SELECT message_id FROM stale)) AND o.id = s.message_id AND o.status <> 'sent'
            RETURNING o.kind, o.work_order_ids
        ), target AS (
            SELECT id FROM work_orders
            WHERE id IN (SELECT unnest(work_order_ids) FROM folded WHERE kind IN ('contractor-order', 'contractor-programme'))
              AND status = 'planned'
            ORDER BY id
            FOR UPDATE
        ), issued AS (
            UPDATE work_orders w SET status = 'issued' WHERE w.id = ANY(ARRAY(SELECT id FROM target)) RETURNING w.id
        )
        INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason)
        SELECT id, @now, 'issued', 'planned', 'issued', 'sent to the contractor' FROM issued
        """;

    // The orders are updated by id = ANY(@orders), found through the primary key (joined to a list, the planner hashed
    // a scan of every work order for each batch). No SELECT ... ORDER BY id FOR UPDATE first any more (branch disp19):
    // it took a row lock on each order (a WAL record and a dirtied tuple header) just before the UPDATE rewrote the same
    // row. The UPDATE locks what it updates in the order its plan visits the rows (a bitmap scan of the primary key:
    // their order on disk, for the notices of one apply close to id order); a deadlock with a transaction locking in
    // another order is retried (the whole completion is idempotent: CompleteAsync), as it was with the lock first. A
    // row another transaction cancels meanwhile is re-checked (status = 'planned') and left alone, as before.
    private const string IssueSql = """
        WITH issued AS (
            UPDATE work_orders w SET status = 'issued' WHERE w.id = ANY(@orders) AND w.status = 'planned' RETURNING w.id
        )
        INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason)
        SELECT id, @now, 'issued', 'planned', 'issued', 'sent to the contractor' FROM issued
        """;

    // Failures and supersessions are written only while the row still carries this claim's lease: a dispatcher that
    // lost its lease to another does not overwrite the other's work.
    private const string OtherResultsSql = """
        UPDATE outbox_messages o
        SET status = r.status, next_attempt_at = coalesce(r.retry_at, o.next_attempt_at), attempts = o.attempts + r.counted,
            lease_until = NULL, last_error = r.error
        FROM unnest(@ids, @statuses, @retry_at, @counted, @errors, @leases) AS r(id, status, retry_at, counted, error, lease)
        WHERE o.id = ANY(@ids) AND o.id = r.id AND o.status = 'sending' AND o.lease_until = r.lease
        """;

    // A cancellation is pointless once the only notice of the order was superseded: the contractor never heard of it.
    private const string DropOrphanCancellationsSql = """
        UPDATE outbox_messages c SET status = 'superseded', last_error = 'not sent: the contractor was never sent the order'
        WHERE c.kind = 'contractor-cancellation' AND c.status = 'pending' AND c.work_order_ids && @orders
          AND NOT EXISTS (SELECT 1 FROM outbox_messages n
                          WHERE n.work_order_ids && c.work_order_ids AND n.kind IN ('contractor-order', 'contractor-programme')
                            AND n.status IN ('sending', 'sent'))
          AND NOT EXISTS (SELECT 1 FROM work_order_events e
                          WHERE e.work_order_id = ANY(c.work_order_ids) AND e.kind = 'cancelled' AND e.from_status IN ('issued', 'appointed'))
        """;

    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    private long _issuedEvents;

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> due messages in one short transaction: each becomes <c>sending</c>
    /// until <paramref name="now"/> + <paramref name="lease"/>. Rows other dispatchers hold are skipped, not waited for;
    /// rows deferred to a release after <paramref name="now"/> are not reached. Returns them in queue order: due time
    /// (<c>next_attempt_at</c>), then id. A message's <see cref="ClaimedMessage.CreatedAt"/> is its date: when it was
    /// written, or for a deferred one its release.
    /// </summary>
    public Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(int batchSize, Instant now, Duration lease, CancellationToken cancellationToken = default) =>
        ClaimAsync(ClaimSql, batchSize, now, lease, cancellationToken);

    /// <summary>
    /// <see cref="ClaimAsync(int, Instant, Duration, CancellationToken)"/> for the letters to post alone: the tenant
    /// letters whose tenant takes post (or already put to a letter batch). The dispatcher claims these while the mail
    /// server cannot be reached, so that the printed letters, which need no mail server, still go into the day's batch.
    /// </summary>
    public Task<IReadOnlyList<ClaimedMessage>> ClaimLettersToPostAsync(int batchSize, Instant now, Duration lease, CancellationToken cancellationToken = default) =>
        ClaimAsync(ClaimLettersToPostSql, batchSize, now, lease, cancellationToken);

    private async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(string sql, int batchSize, Instant now, Duration lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var leaseUntil = now + lease;

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PrepareClaimAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("lease", leaseUntil);
        command.Parameters.AddWithValue("limit", batchSize);
        var claimed = new List<(ClaimedMessage Message, Instant Due)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add((new ClaimedMessage(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetFieldValue<long[]>(6),
                    reader.GetInt32(7),
                    reader.IsDBNull(8) ? null : reader.GetFieldValue<LocalDate>(8),
                    reader.GetInt32(9),
                    reader.GetFieldValue<Instant>(10),
                    leaseUntil,
                    reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.IsDBNull(12) ? null : reader.GetString(12)), reader.GetFieldValue<Instant>(13)));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        claimed.Sort((a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : a.Message.Id.CompareTo(b.Message.Id));
        return [.. claimed.Select(c => c.Message)];
    }

    /// <summary>
    /// The claim's planner settings, for its transaction only (<c>SET LOCAL</c> ends with it, before anything is sent).
    /// Never JIT-compiled: the claim touches one batch of rows, but its cost estimate scales with the open rows times the
    /// cancellation check's per-row subplan, and once that estimate crossed PostgreSQL's jit thresholds (as the sent
    /// history grew during a run) each claim spent ~0.5-1 s compiling itself (measured, Dispatch6). No sequential scan:
    /// every table the claim reads has the index it needs (the open rows' for the claim, the GIN index for the
    /// cancellation check, the marks' key), and the cancellation check must never scan the outbox (see ClaimSql).
    /// </summary>
    internal static async Task PrepareClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SET LOCAL jit = off; SET LOCAL enable_seqscan = off", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A recorder that marks messages sent one at a time as the mail server accepts them (see
    /// <see cref="OutboxSentRecorder"/>); opens its connection on first use. One recorder can serve the batches of a run
    /// sent one after another; dispose it when the run is done.
    /// </summary>
    public OutboxSentRecorder CreateSentRecorder() => new(_dataSource);

    /// <summary>
    /// How many messages the outbox still has to send: pending or sending (the open rows' index), due now or later, and
    /// not already recorded sent by a mark (<see cref="OutboxSentRecorder"/>). For <c>dispatch --once</c>'s account of a run the mail server or pickup folder cut short.
    /// </summary>
    public async Task<long> CountOpenAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT count(*) FROM outbox_messages o WHERE o.is_open AND NOT EXISTS (SELECT 1 FROM outbox_sent_marks m WHERE m.message_id = o.id)");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Completes the messages recorded sent by a dispatcher that died before its batch was completed (marks whose row's
    /// lease ran out by <paramref name="now"/>): each row becomes <c>sent</c> at its mark's time (attempts + 1, no
    /// lease) and its planned orders <c>issued</c>, with an audit row each; one statement, idempotent. Returns how many
    /// orders it issued. The dispatcher runs it before each round.
    /// </summary>
    public async Task<int> IssueOrdersOfSentAsync(Instant now, CancellationToken cancellationToken = default)
    {
        // In a transaction of its own only to run without JIT: its estimate (the outbox and the orders behind four CTEs)
        // crossed the thresholds, and it compiled for ~8 ms a call to fold the usual nothing (branch jit27).
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await NoJit.ForTransactionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(IssueOrdersOfSentSql, connection, transaction);
        command.Parameters.AddWithValue("now", now);
        var issued = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _issuedEvents, issued);
        return issued;
    }

    /// <summary>
    /// The orders with these ids and the live follow-ups of each, by target date then reference, each with its live
    /// (booked) appointment when it has one, and a repair with its SLA category, report time, deadline and the defect's
    /// description (the note its reporting contractor wrote in the report that raised it).
    /// </summary>
    public async Task<IReadOnlyList<OutboxOrder>> LoadOrdersAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var orders = new List<OutboxOrder>();
        if (ids.Count == 0)
        {
            return orders;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(OrdersSql, connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var raisedBy = new Dictionary<long, long>(); // a linked repair's id -> the report that raised it
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!reader.IsDBNull(17) && !reader.IsDBNull(20))
            {
                raisedBy[reader.GetInt64(0)] = reader.GetInt64(20);
            }

            orders.Add(new OutboxOrder(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetFieldValue<LocalDate>(7),
                reader.GetFieldValue<LocalDate>(8),
                reader.GetFieldValue<LocalDate>(9),
                reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetInt64(12),
                reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : reader.GetFieldValue<LocalDate>(14),
                reader.IsDBNull(15) ? null : reader.GetString(15),
                reader.IsDBNull(16) ? null : reader.GetInt64(16),
                reader.IsDBNull(17) ? null : reader.GetString(17),
                reader.IsDBNull(18) ? null : reader.GetFieldValue<Instant>(18),
                reader.IsDBNull(19) ? null : reader.GetFieldValue<Instant>(19)));
        }

        await reader.DisposeAsync().ConfigureAwait(false);
        var unlinked = orders.Where(o => o.SlaCategory is not null && o.ParentId is not null && !raisedBy.ContainsKey(o.Id)).Select(o => o.ParentId!.Value).Distinct().ToArray();
        if (raisedBy.Count == 0 && unlinked.Length == 0)
        {
            return orders;
        }

        var byEvent = await NotesAsync(connection, DefectNotesSql, "events", [.. raisedBy.Values.Distinct()], cancellationToken).ConfigureAwait(false);
        var byParent = await NotesAsync(connection, UnlinkedDefectNotesSql, "parents", unlinked, cancellationToken).ConfigureAwait(false);
        return orders
            .Select(o => o.SlaCategory is null || o.ParentId is not { } parent ? o
                : raisedBy.TryGetValue(o.Id, out var report) ? o with { DefectNote = byEvent.GetValueOrDefault(report) }
                : o with { DefectNote = byParent.GetValueOrDefault(parent) })
            .ToList();
    }

    // The notes the statement reads for the ids (none read when there are none): id -> note, the rows without a note left out.
    private static async Task<Dictionary<long, string>> NotesAsync(
        NpgsqlConnection connection, string sql, string parameter, long[] ids, CancellationToken cancellationToken)
    {
        var notes = new Dictionary<long, string>();
        if (ids.Length == 0)
        {
            return notes;
        }

        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter, ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!reader.IsDBNull(1))
            {
                notes[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        return notes;
    }

    /// <summary>The contractors with these ids, as the last apply copied them from config.</summary>
    public async Task<IReadOnlyDictionary<string, OutboxContractor>> LoadContractorsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var contractors = new Dictionary<string, OutboxContractor>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return contractors;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(ContractorsSql, connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var contractor = new OutboxContractor(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3), reader.GetFieldValue<string[]>(4), reader.GetString(5), reader.GetBoolean(6));
            contractors[contractor.Id] = contractor;
        }

        return contractors;
    }

    /// <summary>
    /// Records a batch's results in one transaction: sent rows become <c>sent</c> (attempts + 1, no lease, at the time
    /// of the <see cref="OutboxSentRecorder"/>'s mark, which goes; a row already sent is left as it is) and the planned
    /// orders they carried <c>issued</c> (with an audit row each, one set-based statement); retries return to <c>pending</c> at their time;
    /// dead and superseded rows get their status and error. Failures are written only where the row still carries
    /// the claim's lease. A cancellation still waiting for an order whose only notice was superseded is superseded too.
    /// </summary>
    public async Task CompleteAsync(IReadOnlyList<OutboxCompletion> completions, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        if (completions.Count == 0)
        {
            return;
        }

        // The orders of a whole batch are locked at once (in id order): another transaction locking some of them in
        // another order can make PostgreSQL abort one of the two as a deadlock. The whole transaction is idempotent,
        // so it is simply run again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CompleteOnceAsync(completions, now, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CompleteOnceAsync(IReadOnlyList<OutboxCompletion> completions, Instant now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var sent = completions.Where(c => c.Result == OutboxResult.Sent).ToList();
        var issuedRows = 0;
        if (sent.Count > 0)
        {
            await using (var command = new NpgsqlCommand(SentSql, connection, transaction))
            {
                command.Parameters.AddWithValue("ids", sent.Select(c => c.Message.Id).ToArray());
                command.Parameters.AddWithValue("now", now);
                await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var issue = new NpgsqlCommand(IssueSql, connection, transaction);
            issue.Parameters.AddWithValue("orders", sent.SelectMany(c => c.IssuedOrderIds).Distinct().Order().ToArray());
            issue.Parameters.AddWithValue("now", now);
            await issue.PrepareAsync(cancellationToken).ConfigureAwait(false);
            issuedRows = await issue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var others = completions.Where(c => c.Result != OutboxResult.Sent).ToList();
        if (others.Count > 0)
        {
            await using var command = new NpgsqlCommand(OtherResultsSql, connection, transaction);
            command.Parameters.AddWithValue("ids", others.Select(c => c.Message.Id).ToArray());
            command.Parameters.AddWithValue("statuses", others.Select(c => StatusOf(c.Result)).ToArray());
            command.Parameters.AddWithValue("retry_at", others.Select(c => c.RetryAt).ToArray());
            command.Parameters.AddWithValue("counted", others.Select(c => c.CountsAsAttempt ? 1 : 0).ToArray());
            command.Parameters.AddWithValue("errors", others.Select(c => c.Error ?? string.Empty).ToArray());
            command.Parameters.AddWithValue("leases", others.Select(c => c.Message.LeaseUntil).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var supersededOrders = completions
            .Where(c => c.Result == OutboxResult.Superseded && c.Message.Kind == OutboxKinds.ContractorOrder)
            .SelectMany(c => c.Message.WorkOrderIds)
            .ToArray();
        if (supersededOrders.Length > 0)
        {
            await using var command = new NpgsqlCommand(DropOrphanCancellationsSql, connection, transaction);
            command.Parameters.AddWithValue("orders", supersededOrders);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _issuedEvents, issuedRows);
    }

    /// <summary>
    /// The <c>issued</c> audit rows this store's completions have written into <c>work_order_events</c> (one an order
    /// issued, counted once committed), for <see cref="AnalyzeEventsIfEnoughAsync"/>.
    /// </summary>
    public long IssuedEvents => Interlocked.Read(ref _issuedEvents);

    /// <summary>
    /// The <c>issued</c> audit rows are most of <c>work_order_events</c>, and a landlord's first dispatch writes them all
    /// (35,629 at 100,000 homes): a run that wrote <paramref name="written"/> of them, a tenth of the table or more as
    /// counted at its last ANALYZE (<see cref="TableStatistics.ChangedEnough"/>, none before the first), analyzes it, as
    /// the other bulk writers do what they fill, so the statements that read it next by order (the defect notes of repairs
    /// raised before their link was kept, <c>UnlinkedDefectNotesSql</c>; a linked repair's note is read by its report's
    /// key, <c>DefectNotesSql</c>) do not plan blind (the <c>first-run</c> drill, docs/reliability.md). Smaller runs are left
    /// to autovacuum. True when it analyzed.
    /// </summary>
    public async Task<bool> AnalyzeEventsIfEnoughAsync(long written, CancellationToken cancellationToken = default)
    {
        if (written <= 0)
        {
            return false;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!TableStatistics.ChangedEnough(written, await TableStatistics.CountedAsync(connection, "work_order_events", cancellationToken).ConfigureAwait(false) + written))
        {
            return false;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await TableStatistics.AnalyzeAsync(connection, transaction, "work_order_events", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static string StatusOf(OutboxResult result) => result switch
    {
        OutboxResult.Retry => OutboxStatuses.Pending,
        OutboxResult.Dead => OutboxStatuses.Dead,
        OutboxResult.Superseded => OutboxStatuses.Superseded,
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "Only Retry, Dead and Superseded are recorded here."),
    };
}
