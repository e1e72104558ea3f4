using Npgsql;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// Closes the gas orders that can no longer be done: still open (planned, issued, appointed) after their window passed
/// although the check for their deadline is known — a check of the home later than the check the deadline counted from
/// (<c>FloatingRule.Covers</c>, in SQL <see cref="CoversSql"/>), made on another order (a <c>gas_checks</c> row's
/// <c>effective_on</c>) or recorded in the register (<c>last_gas_check</c>), whether made in the order's window or before
/// it opened: the rule <c>GasAppointmentBooking</c> uses to tell that an earlier deadline's check is made, and the
/// planner to cancel such an order while its window is open. Typically an overdue home's first urgent order whose visit
/// day passed with nothing reported while the check was done on the next urgent order, or outside the system. An order
/// without a deadline (its home had no check known) counts the same way, its check being the home's first: a
/// <c>gas_checks</c> row with no previous deadline, or any <c>last_gas_check</c> in the register (branch <c>nocheck26</c>).
/// The planner never changes such an order again (it is aimed in the past), so without this it stayed open for ever:
/// listed by <c>overdue</c> against its contractor, counted as not done in the performance report.
/// </summary>
/// <remarks>
/// Each is cancelled as the apply cancels an order (<see cref="PlanWriter.CancelAsync(NpgsqlConnection, NpgsqlTransaction, string[], string[], string, Instant, CancellationToken)"/>:
/// status, <c>cancelled_reason</c> <c>check-made: …</c>, a <c>cancelled</c> audit row) and its messages are those of an
/// apply's cancellation (<see cref="OutboxWriter.EnqueueForCancelledAsync"/>: a notice or letter still waiting superseded, a
/// <c>contractor-cancellation</c> to a contractor who had been sent the order). Run by the booking in its transaction
/// before it cancels the appointments of cancelled orders, so a visit still booked under such an order goes with it.
/// Read from the partial index <c>ix_work_orders_open_window_end</c>, and from it alone: the open orders whose window has
/// ended are few (<see cref="FindSql"/>).
/// </remarks>
internal static class GasCheckedOrders
{
    /// <summary>
    /// The search. The open homes' orders whose window ended are read first, alone, from
    /// <c>ix_work_orders_open_window_end</c> (a <c>MATERIALIZED</c> CTE), and only then matched to the gas schedules:
    /// with the schedules joined to <c>work_orders</c> directly PostgreSQL ANDed that index's few entries with a bitmap of
    /// <c>ix_work_orders_asset_id_schedule_id</c> for <c>schedule_id</c> alone — the whole index, every order of the
    /// schedule (2,216 buffers at 300,000 homes on day 150 to find 3 orders; ~4,600 a night in January, branch book30),
    /// where the open orders' own index is ~2 buffers (branch rep32). The same rows in the same order. The flag
    /// <c>open_home_visit</c> says the order is a home's calendar visit, open (no parent, no SLA category; migration
    /// <c>HotReports</c>), so those are not tested again.
    /// </summary>
    internal static readonly string FindSql = $"""
        WITH ended AS MATERIALIZED (
            SELECT w.id, w.reference, w.schedule_id, w.asset_id, w.deadline
            FROM work_orders w
            WHERE w.open_home_visit AND w.window_end < @as_of)
        SELECT w.reference, w.asset_id, w.deadline, k.reference, h.last_gas_check
        FROM ended w
        JOIN unnest(@schedules, @afters) AS r(schedule_id, span) ON r.schedule_id = w.schedule_id
        JOIN homes h ON h.id = w.asset_id
        LEFT JOIN LATERAL (SELECT o.reference
                           FROM gas_checks c JOIN work_orders o ON o.id = c.work_order_id
                           WHERE c.home_id = w.asset_id
                             AND (CASE WHEN w.deadline IS NULL THEN c.previous_deadline IS NULL
                                       ELSE {CoversSql("c.effective_on", "r.span", "w.deadline")} END)
                           ORDER BY c.id LIMIT 1) k ON true
        WHERE (k.reference IS NOT NULL
               OR (CASE WHEN w.deadline IS NULL THEN h.last_gas_check IS NOT NULL
                        ELSE {CoversSql("h.last_gas_check", "r.span", "w.deadline")} END))
        ORDER BY w.id
        """;

    /// <summary>
    /// <c>FloatingRule.Covers</c> in SQL, for the booking's queries: true when the check effective on <paramref name="effective"/>
    /// (a date expression) is later than the check <paramref name="deadline"/> counted from, <paramref name="after"/> (an
    /// interval: the schedule's <c>FloatingRule.After</c>) before it — said, as the domain says it, as "the deadline it
    /// gives is later" (PostgreSQL's <c>date + interval</c> clamps to the month's end as NodaTime's <c>PlusMonths</c> does).
    /// Null, so false, when either date is null.
    /// </summary>
    internal static string CoversSql(string effective, string after, string deadline) => $"{effective} + {after} > {deadline}";

    /// <summary>
    /// Cancels, in <paramref name="transaction"/>, the orders of <paramref name="schedules"/> whose window ended before
    /// <paramref name="asOf"/> and whose deadline's check is known, and enqueues their messages; returns the homes of the
    /// orders cancelled and their references, in id order.
    /// </summary>
    public static async Task<List<(string HomeId, string Reference)>> CloseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<GasSchedule> schedules, LocalDate asOf, string configVersion, Instant now,
        CancellationToken cancellationToken)
    {
        var found = new List<(string Reference, string HomeId, string Reason)>();
        await using (var command = new NpgsqlCommand(FindSql, connection, transaction))
        {
            command.Parameters.AddWithValue("as_of", asOf);
            command.Parameters.AddWithValue("schedules", schedules.Select(g => g.Schedule.Id).ToArray());
            command.Parameters.AddWithValue("afters", schedules.Select(g => g.Rule.After).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // An order without a deadline (the home had no check known): its check is the home's first.
                var check = reader.IsDBNull(2) ? "the home's first known gas check" : $"the check for deadline {LocalDatePattern.Iso.Format(reader.GetFieldValue<LocalDate>(2))}";
                var detail = reader.IsDBNull(3)
                    ? $"{check} is recorded in the register (last gas check {LocalDatePattern.Iso.Format(reader.GetFieldValue<LocalDate>(4))})"
                    : $"{check} was made on order {reader.GetString(3)}";
                found.Add((reader.GetString(0), reader.GetString(1), $"{CancellationReason.CheckMade.ToCode()}: {detail}"));
            }
        }

        var cancelled = await PlanWriter.CancelAsync(
            connection, transaction, [.. found.Select(f => f.Reference)], [.. found.Select(f => f.Reason)], configVersion, now, cancellationToken).ConfigureAwait(false);
        if (cancelled.Count == 0)
        {
            return [];
        }

        await OutboxWriter.EnqueueForCancelledAsync(connection, transaction, cancelled, now, cancellationToken).ConfigureAwait(false);
        var done = cancelled.ToHashSet(StringComparer.Ordinal);
        return [.. found.Where(f => done.Contains(f.Reference)).Select(f => (f.HomeId, f.Reference))];
    }
}
