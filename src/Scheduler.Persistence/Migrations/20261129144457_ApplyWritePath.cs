using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// Cheaper inserts into <c>outbox_messages</c> (an apply COPYs a notice per order of a per-order contractor): the
    /// full index on <c>status</c> becomes a partial index of the rows that ended unsent (dead, superseded), which a
    /// new pending message never enters; the GIN index on <c>work_order_ids</c> stops using a pending list
    /// (<c>fastupdate = off</c>), altered in place, its pending entries merged now.
    /// </summary>
    public partial class ApplyWritePath : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_status",
                table: "outbox_messages");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_not_sent",
                table: "outbox_messages",
                column: "id",
                filter: "status IN ('dead', 'superseded')");

            migrationBuilder.Sql("ALTER INDEX ix_outbox_messages_work_order_ids SET (fastupdate = off)");
            migrationBuilder.Sql("SELECT gin_clean_pending_list('ix_outbox_messages_work_order_ids')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
