using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// <c>ix_work_orders_repairs_due</c>: repairs (orders with an SLA category) by deadline, a partial index. The open
    /// repairs were found by a scan of every work order (at 300,000 homes ~835,000 rows, ~120 ms of server CPU each
    /// time the simulated contractors looked for the repairs to report). Calendar orders have no category, so the bulk
    /// apply writes no entry and no issue or completion of a calendar order touches it.
    /// </summary>
    public partial class OpenRepairs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_work_orders_repairs_due",
                table: "work_orders",
                column: "sla_due_at",
                filter: "sla_category IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
