using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// <c>work_order_events.visit_on</c>: the visit date of a contractor's report, kept when the order moves on (a gas
    /// no-access visit rebooks the order and clears its <c>completed_on</c>), so the same report sent again is answered
    /// "already recorded" instead of being recorded twice. Earlier reports keep a null (migrations never rewrite data).
    /// </summary>
    public partial class ReportVisitDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<LocalDate>(
                name: "visit_on",
                table: "work_order_events",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
