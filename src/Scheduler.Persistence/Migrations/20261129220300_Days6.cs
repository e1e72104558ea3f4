using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// Two partial indexes for the nightly gas booking (<see cref="Scheduler.Persistence.Gas.GasAppointmentBooking"/>),
    /// which read every order of the gas schedule and every booked appointment each night (~264,000 and ~214,000 at
    /// 300,000 homes) to find the few that changed:
    /// <list type="bullet">
    /// <item><c>ix_work_orders_cancelled</c>: the cancelled orders, by id. The booking cancels the appointments still
    /// booked on cancelled orders; it now finds them from the cancelled orders, not from every booked appointment. The
    /// apply's COPY of new (planned) orders adds nothing to it.</item>
    /// <item><c>ix_work_orders_open_property</c>: the open, not yet appointed orders of homes (planned, issued, no-access;
    /// not follow-ups), by schedule and home: the booking's candidates come from it (~50,000 a night at 300,000 homes,
    /// instead of every gas order). The first apply's COPY adds each new order of a home to it (the gas orders: ~264,000
    /// at 300,000 homes); booking them (appointed) takes them out of what a query sees.</item>
    /// </list>
    /// A status change is not a HOT update already (<c>status</c> is in the predicate of the live-occurrence-key index),
    /// so the cancellations and bookings pay one more small index entry at most. Changes no EF model.
    /// </summary>
    public partial class Days6 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX ix_work_orders_cancelled ON work_orders (id) WHERE status = 'cancelled'");
            migrationBuilder.Sql(
                """
                CREATE INDEX ix_work_orders_open_property ON work_orders (schedule_id, asset_id)
                WHERE parent_id IS NULL AND asset_kind = 'property' AND status IN ('planned', 'issued', 'no-access')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
