using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// <c>outbox_sent_marks</c>: the dispatcher's per-message record that the mail server accepted a message (one narrow
    /// row, inserted as the server accepts it), folded into <c>outbox_messages</c> by the batch's completion
    /// (<see cref="Scheduler.Persistence.Outbox.OutboxSentRecorder"/>). Until now the record updated the wide
    /// <c>outbox_messages</c> row itself, a non-HOT update that also wrote its GIN, unique and primary-key entries, and
    /// the completion updated the row once more to clear its lease: one of the three row versions a message cost is
    /// gone. Rows an earlier version recorded sent whose orders its batch had not issued yet (status <c>sent</c> with a
    /// lease left on as the mark) have their planned orders issued here, with the audit row the dispatcher would have
    /// written, and lose the lease. Changes no EF model (the table is the dispatcher's own, written only in SQL).
    /// </summary>
    public partial class Dispatch5 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE outbox_sent_marks (
                    message_id bigint NOT NULL,
                    sent_at timestamp with time zone NOT NULL,
                    CONSTRAINT pk_outbox_sent_marks PRIMARY KEY (message_id)
                )
                """);
            migrationBuilder.Sql("""
                WITH stale AS (
                    UPDATE outbox_messages SET lease_until = NULL
                    WHERE status = 'sent' AND lease_until IS NOT NULL
                    RETURNING kind, work_order_ids
                ), target AS (
                    SELECT id FROM work_orders
                    WHERE id IN (SELECT unnest(work_order_ids) FROM stale WHERE kind IN ('contractor-order', 'contractor-programme'))
                      AND status = 'planned'
                    ORDER BY id
                    FOR UPDATE
                ), issued AS (
                    UPDATE work_orders w SET status = 'issued' FROM target t WHERE w.id = t.id RETURNING w.id
                )
                INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason)
                SELECT id, now(), 'issued', 'planned', 'issued', 'sent to the contractor' FROM issued
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
