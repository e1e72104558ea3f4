using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// A gas visit booked at short notice is stored as such (<c>gas_appointments.short_notice</c>, with the day its letter
    /// reaches the tenant, <c>letter_reaches</c>), so the manager digest can list the visits still to come whose tenant
    /// should be rung. Before, only <c>apply</c> printed them; the worker's nightly booking told no one. Rows booked
    /// before this migration are not short notice (false) and have no letter day (null): which of them were cannot be
    /// known without the booking's inputs at the time. The partial index holds only short-notice visits still booked.
    /// </summary>
    public partial class ShortNoticeBookings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<LocalDate>(
                name: "letter_reaches",
                table: "gas_appointments",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "short_notice",
                table: "gas_appointments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_gas_appointments_short_notice",
                table: "gas_appointments",
                column: "date",
                filter: "short_notice AND status = 'booked'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_gas_appointments_short_notice",
                table: "gas_appointments");

            migrationBuilder.DropColumn(
                name: "letter_reaches",
                table: "gas_appointments");

            migrationBuilder.DropColumn(
                name: "short_notice",
                table: "gas_appointments");
        }
    }
}
