using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// A partial index for the nightly gas booking (<see cref="Scheduler.Persistence.Gas.GasAppointmentBooking"/>):
    /// <c>ix_gas_appointments_taken</c>, the appointments that take a slot (every status but cancelled) by area and day,
    /// with their slot. The booking counts the slots taken in each area from the day of planning to the last day its plan
    /// can book there (about two months on a later night, not the ~214,000 appointments of the year ahead at 300,000
    /// homes), from this index alone. Changes no EF model.
    /// </summary>
    public partial class Book7 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                "CREATE INDEX ix_gas_appointments_taken ON gas_appointments (area_id, date) INCLUDE (slot) WHERE status <> 'cancelled'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
