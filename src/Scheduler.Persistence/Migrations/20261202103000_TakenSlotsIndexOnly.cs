using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// Drops <c>ix_gas_appointments_area_id_date</c> (<c>GasCompliance</c>: every appointment by area and day). Since
    /// <c>Book7</c> the partial <c>ix_gas_appointments_taken</c> on the same columns (with <c>slot</c>, without the
    /// cancelled appointments) serves every statement that reads appointments by area and day — the booking's and the
    /// completion effect's taken slots, the demo's day of visits (<c>EXPLAIN</c>, docs/benchmarks-history.md, branch
    /// rep32); no statement asks for the cancelled ones by area or day. The index was written by every appointment
    /// booked, every visit's outcome (an ordinary update: the status is in two partial indexes) and every cancellation.
    /// </summary>
    public partial class TakenSlotsIndexOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_gas_appointments_area_id_date",
                table: "gas_appointments");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
