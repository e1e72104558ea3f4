using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// The view <c>work_order_history</c>: an order's audit trail, its creation included. Apply no longer writes a
    /// <c>created</c> row into <c>work_order_events</c> for each order it creates (669,066 rows and their index on a
    /// year's first apply); the order row already holds what that row repeated (when: <c>created_at</c>; which config
    /// version: <c>config_version</c>; why: its schedule, or the parent it follows), and the view presents it as the
    /// same <c>created</c> event (no id), for every order that has no stored <c>created</c> row. Rows written before this
    /// migration, and the repairs raised from a defect (which still store theirs), are shown as stored: never twice.
    /// Nothing is rewritten (migrations here only ever go forward).
    /// </summary>
    public partial class WorkOrderHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE VIEW work_order_history AS
                SELECT e.id, e.work_order_id, e.at, e.kind, e.from_status, e.to_status, e.reason, e.config_version,
                       e.source, e.outcome, e.visit_on, e.contractor_id, e.defect_category, e.note
                FROM work_order_events e
                UNION ALL
                SELECT NULL::bigint, w.id, w.created_at, 'created', NULL::text, 'planned',
                       CASE WHEN w.parent_id IS NULL THEN 'schedule ' || w.schedule_id ELSE 'follow-up of ' || p.reference END,
                       w.config_version, NULL::text, NULL::text, NULL::date, NULL::text, NULL::text, NULL::text
                FROM work_orders w
                LEFT JOIN work_orders p ON p.id = w.parent_id
                WHERE NOT EXISTS (SELECT 1 FROM work_order_events c WHERE c.work_order_id = w.id AND c.kind = 'created');

                COMMENT ON VIEW work_order_history IS
                    'The audit trail of every work order, creation included: work_order_events, plus a created event (id null) derived from the order row for each order with no stored created event (those apply creates).';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
