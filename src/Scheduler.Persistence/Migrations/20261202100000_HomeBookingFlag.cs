using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// The gas booking's appointing of a home's order becomes a HOT update. Since <c>HotIssue</c>
    /// <c>ix_work_orders_open_property</c> (the booking's candidates: a home's orders by schedule and home) was on the
    /// stored flag <c>awaits_booking</c> (planned, issued, no-access), so booking an order (planned or issued → appointed)
    /// moved it: an ordinary update, a new entry in each of the table's twelve indexes. The flag is replaced by
    /// <c>unfinished_home_order</c>: a home's order without a parent, planned, issued, appointed or no-access, false for
    /// every other order whatever its status. The index then holds the homes' appointed orders too, and the booking's
    /// read of candidates says the statuses it wants (<c>status IN ('planned', 'issued', 'no-access')</c>); booking an
    /// order moves no flag (<c>is_open</c> is true before and after) and, with the fillfactor's room on the page,
    /// PostgreSQL writes it beside the old version. <c>is_open</c> and its two indexes are kept as they are:
    /// <c>ix_work_orders_open_contractor_first</c> (<c>WeeklyOpenOrders</c>) holds the open orders of every kind of asset
    /// (docs/benchmarks-history.md, branches rep31 and rep32). Dropping <c>awaits_booking</c> loses no data (it is
    /// computed from <c>status</c>); adding the stored column rewrites the table once, and the index is built again.
    /// </summary>
    public partial class HomeBookingFlag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The index on the old flag first, so that the rewrite does not build it only to drop it.
            migrationBuilder.Sql("DROP INDEX ix_work_orders_open_property");
            migrationBuilder.Sql(
                """
                ALTER TABLE work_orders
                    DROP COLUMN awaits_booking,
                    ADD COLUMN unfinished_home_order boolean GENERATED ALWAYS AS (parent_id IS NULL AND asset_kind = 'property' AND status IN ('planned', 'issued', 'appointed', 'no-access')) STORED NOT NULL
                """);

            // Days6's index (HotIssue: on awaits_booking), now with the homes' appointed orders too.
            migrationBuilder.Sql("CREATE INDEX ix_work_orders_open_property ON work_orders (schedule_id, asset_id) WHERE unfinished_home_order");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
