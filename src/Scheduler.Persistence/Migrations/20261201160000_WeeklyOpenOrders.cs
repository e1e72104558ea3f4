using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// <c>ix_work_orders_open_contractor_first</c>: the open orders (<c>is_open</c>: planned, issued, appointed) of each
    /// contractor by the earlier of their target date and window start, the day from which a weekly programme can list
    /// them. The dispatcher's weekly statements (<c>OutboxProgrammes</c>: a week's orders, and the late orders no programme
    /// carries; every run, for every weekly contractor) read a contractor's orders near one week. Through
    /// <c>ix_work_orders_contractor_id</c> they read every order the contractor ever had, the completed history included,
    /// and filtered nearly all of them out: at 300,000 homes ~2,300 heap pages a call in January, ~5,600 by the end of May,
    /// a server cost per dispatch run that grew with the history (docs/benchmarks-history.md, branch disp31). A completed or
    /// cancelled order leaves the index (its flag moves: that update was never HOT); issuing an order moves no flag and
    /// changes no indexed value, so it stays HOT.
    /// </summary>
    public partial class WeeklyOpenOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE INDEX ix_work_orders_open_contractor_first ON work_orders (contractor_id, least(target_date, window_start))
                WHERE is_open
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
