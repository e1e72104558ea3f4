using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class GasCompliance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "gas_appointments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    work_order_id = table.Column<long>(type: "bigint", nullable: false),
                    home_id = table.Column<string>(type: "text", nullable: false),
                    area_id = table.Column<string>(type: "text", nullable: false),
                    deadline = table.Column<LocalDate>(type: "date", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    date = table.Column<LocalDate>(type: "date", nullable: false),
                    slot = table.Column<string>(type: "text", nullable: false),
                    letter = table.Column<string>(type: "text", nullable: true),
                    letter_on = table.Column<LocalDate>(type: "date", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    booked_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    outcome_on = table.Column<LocalDate>(type: "date", nullable: true),
                    outcome_at = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gas_appointments", x => x.id);
                    table.CheckConstraint("ck_gas_appointments_attempt", "attempt >= 1");
                    table.CheckConstraint("ck_gas_appointments_status", "status IN ('booked', 'attended', 'no-access', 'cancelled')");
                    table.ForeignKey(
                        name: "fk_gas_appointments_homes_home_id",
                        column: x => x.home_id,
                        principalTable: "homes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_gas_appointments_work_orders_work_order_id",
                        column: x => x.work_order_id,
                        principalTable: "work_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "gas_checks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    home_id = table.Column<string>(type: "text", nullable: false),
                    work_order_id = table.Column<long>(type: "bigint", nullable: false),
                    schedule_id = table.Column<string>(type: "text", nullable: false),
                    previous_deadline = table.Column<LocalDate>(type: "date", nullable: true),
                    completed_on = table.Column<LocalDate>(type: "date", nullable: false),
                    effective_on = table.Column<LocalDate>(type: "date", nullable: false),
                    next_deadline = table.Column<LocalDate>(type: "date", nullable: false),
                    outcome = table.Column<string>(type: "text", nullable: false),
                    tenant_copy_due = table.Column<LocalDate>(type: "date", nullable: false),
                    tenant_copy_sent_on = table.Column<LocalDate>(type: "date", nullable: true),
                    recorded_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gas_checks", x => x.id);
                    table.CheckConstraint("ck_gas_checks_dates", "effective_on <= next_deadline AND completed_on <= tenant_copy_due");
                    table.CheckConstraint("ck_gas_checks_outcome", "outcome IN ('done', 'defect')");
                    table.ForeignKey(
                        name: "fk_gas_checks_homes_home_id",
                        column: x => x.home_id,
                        principalTable: "homes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_gas_checks_work_orders_work_order_id",
                        column: x => x.work_order_id,
                        principalTable: "work_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "gas_escalations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    home_id = table.Column<string>(type: "text", nullable: false),
                    work_order_id = table.Column<long>(type: "bigint", nullable: false),
                    deadline = table.Column<LocalDate>(type: "date", nullable: false),
                    escalated_on = table.Column<LocalDate>(type: "date", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    evidence = table.Column<string>(type: "jsonb", nullable: false),
                    resolved_on = table.Column<LocalDate>(type: "date", nullable: true),
                    created_at = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gas_escalations", x => x.id);
                    table.ForeignKey(
                        name: "fk_gas_escalations_homes_home_id",
                        column: x => x.home_id,
                        principalTable: "homes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_gas_escalations_work_orders_work_order_id",
                        column: x => x.work_order_id,
                        principalTable: "work_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_gas_appointments_area_id_date",
                table: "gas_appointments",
                columns: new[] { "area_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_gas_appointments_booked_order",
                table: "gas_appointments",
                column: "work_order_id",
                unique: true,
                filter: "status = 'booked'");

            migrationBuilder.CreateIndex(
                name: "ix_gas_appointments_home_id_deadline_attempt",
                table: "gas_appointments",
                columns: new[] { "home_id", "deadline", "attempt" },
                unique: true,
                filter: "status <> 'cancelled'");

            migrationBuilder.CreateIndex(
                name: "ix_gas_appointments_work_order_id",
                table: "gas_appointments",
                column: "work_order_id");

            migrationBuilder.CreateIndex(
                name: "ix_gas_checks_home_id_completed_on",
                table: "gas_checks",
                columns: new[] { "home_id", "completed_on" });

            migrationBuilder.CreateIndex(
                name: "ix_gas_checks_work_order_id",
                table: "gas_checks",
                column: "work_order_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_gas_escalations_home_id_deadline",
                table: "gas_escalations",
                columns: new[] { "home_id", "deadline" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_gas_escalations_open",
                table: "gas_escalations",
                column: "home_id",
                filter: "resolved_on IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_gas_escalations_work_order_id",
                table: "gas_escalations",
                column: "work_order_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever add; dropping tables would lose recorded history.
        }
    }
}
