using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// Drops the two foreign keys of work_order_events (to work_orders and config_versions) so that apply can write a
    /// 'created' audit row for each of hundreds of thousands of new orders at bulk speed. No data is touched; the
    /// indexes stay. Orders are never deleted and every writer records the order and config version first.
    /// </summary>
    public partial class DropAuditForeignKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_work_order_events_config_versions_config_version",
                table: "work_order_events");

            migrationBuilder.DropForeignKey(
                name: "fk_work_order_events_work_orders_work_order_id",
                table: "work_order_events");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "fk_work_order_events_config_versions_config_version",
                table: "work_order_events",
                column: "config_version",
                principalTable: "config_versions",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_work_order_events_work_orders_work_order_id",
                table: "work_order_events",
                column: "work_order_id",
                principalTable: "work_orders",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
