using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// <c>ix_work_orders_cancelled</c>: the cancelled orders, by id (a partial index). The nightly gas booking cancels the
    /// appointments still booked on cancelled orders (<see cref="Scheduler.Persistence.Gas.GasAppointmentBooking"/>); it
    /// used to find them from every booked appointment (~214,000 at 300,000 homes, one index probe each, every night) and
    /// now finds them from the cancelled orders. Only a cancelled row is in the index: the apply's COPY of new (planned)
    /// orders adds nothing to it, and a cancellation is not a HOT update already (<c>status</c> is in the predicate of
    /// the live-occurrence-key index). Changes no EF model.
    /// </summary>
    public partial class Days6 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX ix_work_orders_cancelled ON work_orders (id) WHERE status = 'cancelled'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
