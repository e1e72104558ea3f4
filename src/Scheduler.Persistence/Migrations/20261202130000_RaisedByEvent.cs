using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// Each repair raised from a defect names the report that raised it: <c>work_orders.raised_by_event_id</c>, the id of
    /// the visited order's defect report in <c>work_order_events</c>, whose note is the defect's description the repair's
    /// notice gives its contractor. Before it, the dispatcher read the note of the visited order's latest defect report,
    /// which would give every repair of a visit the last defect's words once a visit may report several (another category
    /// each, branch <c>notes35</c>; docs/feedback.md, Defects become repairs).
    /// <list type="bullet">
    /// <item>The column is added nullable, without a default (no rewrite of the table), and without an index or a foreign
    /// key: it is read from the repair's row, and the trail's rows are never deleted.</item>
    /// <item>The repairs raised before it (an order with an SLA category and a parent) are linked to their parent's defect
    /// report of the repair's category (the SLA id the report stored). Until this branch an order took one report, so a
    /// parent holds at most one defect report, and that is the one. A repair whose parent's trail holds none of its
    /// category (a repair written by hand, a category renamed) stays unlinked (null): the dispatcher then reads, for it
    /// alone, the visited order's latest defect report as before, or "no description was given" when there is none.</item>
    /// </list>
    /// </summary>
    public partial class RaisedByEvent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "raised_by_event_id",
                table: "work_orders",
                type: "bigint",
                nullable: true);

            migrationBuilder.Sql(
                """
                UPDATE work_orders r
                SET raised_by_event_id = (SELECT max(e.id) FROM work_order_events e
                                          WHERE e.work_order_id = r.parent_id AND e.outcome = 'defect' AND e.defect_category = r.sla_category)
                WHERE r.sla_category IS NOT NULL AND r.parent_id IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
