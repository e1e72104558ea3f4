using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// Issuing an order becomes a HOT update. The four partial indexes of <c>work_orders</c> that tested
    /// <c>status</c> (the live occurrence key, the cancelled orders, the open orders of homes by schedule and by window
    /// end) are rebuilt on three stored generated flags instead: <c>is_live</c> (not cancelled), <c>is_open</c> (planned,
    /// issued, appointed) and <c>awaits_booking</c> (planned, issued, no-access). No index then depends on
    /// <c>status</c> itself, so the dispatcher's issue of the orders it sent (planned → issued) changes no indexed value,
    /// and with room on the page (fillfactor 50: every order on a page can be issued in one batch) PostgreSQL writes the
    /// new version beside the old one without new entries in the table's eleven indexes. Statuses and their meaning are
    /// unchanged; every other status change moves a flag and is an ordinary update, as before. The fillfactor applies
    /// to pages written from now on, and to this migration's rewrite of the table for the new columns.
    /// </summary>
    public partial class HotIssue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The partial indexes that test status go first, so that the rewrite below (new stored columns) does not
            // build them only to drop them.
            migrationBuilder.DropIndex(
                name: "ix_work_orders_occurrence_key",
                table: "work_orders");
            migrationBuilder.Sql("DROP INDEX ix_work_orders_cancelled");
            migrationBuilder.Sql("DROP INDEX ix_work_orders_open_property");
            migrationBuilder.Sql("DROP INDEX ix_work_orders_open_window_end");

            // Before the columns: adding a stored column rewrites the table, and the rewrite fills pages to this.
            migrationBuilder.AlterTable(
                name: "work_orders")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.AddColumn<bool>(
                name: "awaits_booking",
                table: "work_orders",
                type: "boolean",
                nullable: false,
                computedColumnSql: "status IN ('planned', 'issued', 'no-access')",
                stored: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_live",
                table: "work_orders",
                type: "boolean",
                nullable: false,
                computedColumnSql: "status <> 'cancelled'",
                stored: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_open",
                table: "work_orders",
                type: "boolean",
                nullable: false,
                computedColumnSql: "status IN ('planned', 'issued', 'appointed')",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_work_orders_occurrence_key",
                table: "work_orders",
                column: "occurrence_key",
                unique: true,
                filter: "is_live");

            // The same three indexes as before (Days6, Days7), each on the flag that says what its status list said.
            migrationBuilder.Sql("CREATE INDEX ix_work_orders_cancelled ON work_orders (id) WHERE NOT is_live");
            migrationBuilder.Sql(
                """
                CREATE INDEX ix_work_orders_open_property ON work_orders (schedule_id, asset_id)
                WHERE parent_id IS NULL AND asset_kind = 'property' AND awaits_booking
                """);
            migrationBuilder.Sql(
                """
                CREATE INDEX ix_work_orders_open_window_end ON work_orders (window_end)
                WHERE parent_id IS NULL AND sla_category IS NULL AND asset_kind = 'property' AND is_open
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
