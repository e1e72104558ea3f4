using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// A report of a block's or a site's order (a clean, a grass cut), or of a follow-up (a repair raised from a defect
    /// included), becomes a HOT update. Since <c>HotIssue</c> the stored flag <c>is_open</c> (planned, issued, appointed) of
    /// every order's status sat in two partial indexes, <c>ix_work_orders_open_window_end</c> (the homes' floating
    /// windows) and <c>ix_work_orders_open_contractor_first</c> (migration <c>WeeklyOpenOrders</c>: the weekly programmes'
    /// statements), so a report (→ completed or no-access) moved it and was an ordinary update: a new entry in each of the
    /// table's twelve indexes. About 600,000 of a 300,000-home year's 860,000 visits are blocks' and sites'.
    /// <list type="bullet">
    /// <item><c>is_open</c> is replaced by <c>open_home_visit</c>: a home's calendar visit (no parent, no SLA category)
    /// planned, issued or appointed, false for every other order whatever its status (branch <c>rep31</c>'s flag).
    /// <c>ix_work_orders_open_window_end</c> is built again on it; it holds the same orders as before (its old predicate
    /// named the same parent, SLA category and kind).</item>
    /// <item><c>ix_work_orders_open_contractor_first</c> is replaced by <c>ix_work_orders_live_contractor_first</c>
    /// <c>(contractor_id, least(target_date, window_start), window_end) WHERE is_live</c>: every live order, reported ones
    /// too, so a report takes nothing out of it. The weekly statements still read one week's orders from the table:
    /// the week's statement has bounds on the second column; the late orders' statement has an upper bound there and
    /// tests <c>window_end &gt;= today</c> in the index, so of the contractor's history it reads index entries only.</item>
    /// </list>
    /// One rewrite of the table (the column dropped and the new stored one added in one <c>ALTER TABLE</c>), and the
    /// two indexes built again. Statuses and their meaning are unchanged.
    /// </summary>
    public partial class HotReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The indexes on the old flag first (dropping the column would drop them too; named, so the intent is plain).
            migrationBuilder.Sql("DROP INDEX ix_work_orders_open_contractor_first");
            migrationBuilder.Sql("DROP INDEX ix_work_orders_open_window_end");
            migrationBuilder.Sql(
                """
                ALTER TABLE work_orders
                    DROP COLUMN is_open,
                    ADD COLUMN open_home_visit boolean GENERATED ALWAYS AS (parent_id IS NULL AND sla_category IS NULL AND asset_kind = 'property' AND status IN ('planned', 'issued', 'appointed')) STORED NOT NULL
                """);
            migrationBuilder.Sql("CREATE INDEX ix_work_orders_open_window_end ON work_orders (window_end) WHERE open_home_visit");
            migrationBuilder.Sql(
                """
                CREATE INDEX ix_work_orders_live_contractor_first ON work_orders (contractor_id, least(target_date, window_start), window_end)
                WHERE is_live
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
