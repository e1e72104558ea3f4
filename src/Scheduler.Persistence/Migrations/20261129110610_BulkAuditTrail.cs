using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// Lets apply write a 'created' audit row for each of hundreds of thousands of new orders at bulk speed: drops the
    /// two foreign keys of work_order_events (to work_orders and config_versions) and the index on its config_version.
    /// No data is touched; the work_order_id index stays. Orders are never deleted and every writer records the order
    /// and config version first.
    /// </summary>
    public partial class BulkAuditTrail : Migration
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

            migrationBuilder.DropIndex(
                name: "ix_work_order_events_config_version",
                table: "work_order_events");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_work_order_events_config_version",
                table: "work_order_events",
                column: "config_version");

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
