using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SharedContracts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_outbox_messages_kind",
                table: "outbox_messages");

            migrationBuilder.DropCheckConstraint(
                name: "ck_outbox_messages_recipient_kind",
                table: "outbox_messages");

            migrationBuilder.AddColumn<Instant>(
                name: "completed_at",
                table: "work_orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "reported_at",
                table: "work_orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sla_category",
                table: "work_orders",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "sla_due_at",
                table: "work_orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "payload",
                table: "outbox_messages",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_outbox_messages_kind",
                table: "outbox_messages",
                sql: "kind IN ('contractor-order', 'contractor-programme', 'contractor-cancellation', 'tenant-letter', 'manager-escalation', 'manager-digest')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_outbox_messages_recipient_kind",
                table: "outbox_messages",
                sql: "recipient_kind IN ('contractor', 'tenant', 'manager')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever add; dropping columns would lose recorded history.
        }
    }
}
