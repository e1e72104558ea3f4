using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// Messages for contractors on weekly dispatch, written by the dispatcher: the programme of a week (once per
/// contractor and week, whole or in parts of at most the contractor's <c>programmeMaxOrders</c>), and a notice for
/// each order that no programme will carry — made after its week's programme was written, or for a week whose
/// programme day passed while no dispatcher ran. A programme (or part) that died (dead) keeps its orders: they wait for
/// the operator's <c>outbox retry</c>, as a dead notice's do.
/// </summary>
public static class OutboxProgrammes
{
    // The programme's advisory lock class ("PROG"), with the hash of the week's programme key: one writer per contractor
    // and week at a time, so two dispatchers that see different orders (an apply committed between them) cannot both
    // write the week, one whole and one in parts, under different keys.
    private const int ProgrammeLockClass = 0x50524F47;

    // Taken before the week is read; held to the end of the transaction.
    private const string LockSql = "SELECT pg_advisory_xact_lock(@class, hashtext(@key))";

    // The week's live orders of the contractor, by target date then reference (the programme's order), unless the week's
    // programme is written already: whole (@key) or in parts (its part 1). Null for an empty or written week. A separate
    // statement from the lock's, so (read committed) it sees what a writer that held the lock before committed.
    // The week's orders (ProgrammeWeek, since prog29): aimed on or after its Monday, with a window whose first working
    // day is not before the week (window_start >= @opens_from), and either aimed in the week or with that first working
    // day in it (window_start <= @opens_through): an order whose window opens in the week and is aimed weeks later is
    // here, and an order aimed in the week whose window opened in an earlier week is in that week's programme instead.
    // Before prog29: target_date BETWEEN @week_start AND @week_end. The uncorrelated NOT EXISTS is a one-time filter,
    // so a written week reads no order.
    // The last line but one adds nothing the others do not imply (a live status; the earlier of the target date and
    // the window start is at least the earlier lower bound and at most the later upper bound): it lets the orders be
    // read from ix_work_orders_live_contractor_first, the contractor's live orders by that day, one week's worth
    // (the week's orders reported already among them, filtered by status). Without it the plan read every order the
    // contractor ever had through ix_work_orders_contractor_id, the completed history included (at 300,000 homes ~2,300
    // heap pages a call in January, ~5,600 by the end of May; branch disp31). The index is on is_live, not on the open
    // statuses (disp31's ix_work_orders_open_contractor_first), so that a report, which moves no indexed value of a
    // block's or a site's order, is a HOT update (migration HotReports, branch rep33).
    internal const string WeekSql = """
        SELECT array_agg(w.id ORDER BY w.target_date, w.reference), array_agg(w.target_date ORDER BY w.target_date, w.reference)
        FROM work_orders w
        WHERE w.contractor_id = @contractor AND w.status IN ('planned', 'issued', 'appointed')
          AND w.target_date >= @week_start AND w.window_start >= @opens_from
          AND (w.target_date <= @week_end OR w.window_start <= @opens_through)
          AND w.is_live AND least(w.target_date, w.window_start) BETWEEN least(@week_start, @opens_from) AND greatest(@week_end, @opens_through)
          AND NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.idempotency_key IN (@key, @first_part))
        """;

    private const string ProgrammeSql = """
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                     sequence, week_start, status, attempts, next_attempt_at, created_at)
        VALUES ('contractor-programme', @key, @message_id, 'contractor', @contractor, @ids, @payload, 0, @week_start, 'pending', 0, @now, @now)
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    // Planned orders of the contractor aimed on or before @through whose window is still open, that no message
    // (other than a superseded one) names: each gets a notice of its own. Appointed ones too (branch prog28): a gas order
    // booked with its tenant before any message named it (the nightly booking sets it appointed) is as untold as a
    // planned one; before, an order of the current week booked before its notice was never sent to a weekly contractor.
    // Only a message to the contractor counts: the tenant's appointment letter names the order too. A dead message still names its orders: it is
    // parked for the operator (outbox retry), not replaced. (Before prog7 a dead programme's orders each got a notice
    // the next day: a programme of 1,500 orders that died became 1,500 emails, and 1,500 more if it was then revived.)
    // "Aimed on or before @through" is, since prog29, "listed by a programme of a week ending by @through": aimed by
    // then, or with a window whose first working day is by then (window_start <= @opens_through, ProgrammeWeek.OpensBy).
    // "w.is_live AND least(…) <= greatest(…)" is implied by the status and the dates (either date on or before its bound
    // puts the earlier of the two on or before the later bound): it is there for ix_work_orders_live_contractor_first
    // (contractor, that day, window_end), so that the contractor's orders are read from the index and only those whose
    // window is still open on @today (window_end, the index's third column, tested in the index) are fetched from the
    // table: the week's orders, not the whole history (as WeekSql; branches disp31, rep33). The history's index entries
    // before the week are still read (~200 a page), not its rows.
    internal const string LateSql = """
        INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids,
                                     sequence, status, attempts, next_attempt_at, created_at)
        SELECT 'contractor-order', k.key, k.key || '@estate-scheduler', 'contractor', w.contractor_id, ARRAY[w.id], 0, 'pending', 0, @now, @now
        FROM work_orders w
        CROSS JOIN LATERAL (SELECT 'order/' || w.reference || '/0' AS key) k
        WHERE w.contractor_id = @contractor AND w.status IN ('planned', 'appointed')
          AND (w.target_date <= @through OR w.window_start <= @opens_through) AND w.window_end >= @today
          AND w.is_live AND least(w.target_date, w.window_start) <= greatest(@through, @opens_through)
          AND NOT EXISTS (SELECT 1 FROM outbox_messages o
                          WHERE o.work_order_ids @> ARRAY[w.id] AND o.status <> 'superseded' AND o.recipient_kind = 'contractor')
        ORDER BY w.target_date, w.id
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    /// <summary>
    /// Enqueues <paramref name="contractorId"/>'s programme for <paramref name="week"/> (Monday to Sunday, both included;
    /// its orders are those <see cref="ProgrammeWeek"/> places in it: by their window's first working day, or target
    /// date when earlier), once: nothing when the week has no live orders or its programme is written already. A
    /// week of at most <paramref name="maxOrders"/> orders is one message, key <see cref="OutboxKeys.Programme"/>; a bigger
    /// one is messages of at most that many orders each, each day whole in one of them unless the day alone is bigger
    /// (<see cref="ProgrammePart.Split"/>), keys
    /// <see cref="OutboxKeys.ProgrammePart"/>, each with its <see cref="ProgrammePart"/> as payload. Message-Ids are
    /// <paramref name="messageIdOf"/> the key. Returns how many messages were written. Takes the week's advisory lock
    /// (held until <paramref name="transaction"/> ends).
    /// </summary>
    public static async Task<int> EnqueueProgrammeAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string contractorId,
        ProgrammeWeek week,
        int maxOrders,
        Func<string, string> messageIdOf,
        Instant now,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOrders, 1);
        ArgumentNullException.ThrowIfNull(messageIdOf);
        var weekStart = week.Monday;
        var key = OutboxKeys.Programme(contractorId, weekStart);
        long[] ids;
        LocalDate[] days;
        await using (var read = new NpgsqlBatch(connection, transaction))
        {
            var lockCommand = new NpgsqlBatchCommand(LockSql);
            lockCommand.Parameters.AddWithValue("class", ProgrammeLockClass);
            lockCommand.Parameters.AddWithValue("key", key);
            var orders = new NpgsqlBatchCommand(WeekSql);
            orders.Parameters.AddWithValue("contractor", contractorId);
            orders.Parameters.AddWithValue("week_start", weekStart);
            orders.Parameters.AddWithValue("week_end", week.Sunday);
            orders.Parameters.AddWithValue("opens_from", week.OpensFrom);
            orders.Parameters.AddWithValue("opens_through", week.OpensThrough);
            orders.Parameters.AddWithValue("key", key);
            orders.Parameters.AddWithValue("first_part", OutboxKeys.ProgrammePart(contractorId, weekStart, 1));
            read.BatchCommands.Add(lockCommand);
            read.BatchCommands.Add(orders);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(0))
            {
                return 0;
            }

            ids = reader.GetFieldValue<long[]>(0);
            days = reader.GetFieldValue<LocalDate[]>(1);
        }

        var parts = ProgrammePart.Split(ids, days, maxOrders);
        await using var write = new NpgsqlBatch(connection, transaction);
        for (var i = 0; i < parts.Count; i++)
        {
            var whole = parts.Count == 1;
            var partKey = whole ? key : OutboxKeys.ProgrammePart(contractorId, weekStart, i + 1);
            var insert = new NpgsqlBatchCommand(ProgrammeSql);
            insert.Parameters.AddWithValue("key", partKey);
            insert.Parameters.AddWithValue("message_id", messageIdOf(partKey));
            insert.Parameters.AddWithValue("contractor", contractorId);
            insert.Parameters.AddWithValue("ids", parts[i].ToArray());
            insert.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = whole ? DBNull.Value : new ProgrammePart(i + 1, parts.Count).ToJson() });
            insert.Parameters.AddWithValue("week_start", weekStart);
            insert.Parameters.AddWithValue("now", now);
            write.BatchCommands.Add(insert);
        }

        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        var written = 0;
        foreach (var insert in write.BatchCommands)
        {
            written += insert.RecordsAffected > 0 ? 1 : 0;
        }

        return written;
    }

    /// <summary>
    /// Enqueues a notice for each planned or appointed order of <paramref name="contractorId"/> that a programme of a week
    /// ending by <paramref name="through"/> (a Sunday) would list — aimed on or before it, or with its window's first
    /// working day on or before it (a window start on or before <paramref name="opensThrough"/>,
    /// <see cref="ProgrammeWeek.OpensBy"/>) — with its window still open on <paramref name="today"/>, that no message
    /// names (a dead one included: it waits for the operator; only a superseded one does not count).
    /// Returns how many were written.
    /// </summary>
    public static async Task<int> EnqueueLateOrdersAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string contractorId,
        LocalDate through,
        LocalDate opensThrough,
        LocalDate today,
        Instant now,
        CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(LateSql, connection, transaction);
        command.Parameters.AddWithValue("contractor", contractorId);
        command.Parameters.AddWithValue("through", through);
        command.Parameters.AddWithValue("opens_through", opensThrough);
        command.Parameters.AddWithValue("today", today);
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
