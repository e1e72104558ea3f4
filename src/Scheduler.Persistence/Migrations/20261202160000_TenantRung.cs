using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// The call to the tenant about a visit booked at short notice is recorded (<c>gas_appointments.tenant_rung_on</c>,
    /// <c>estate-scheduler tenant-rung</c>): the manager digest lists such a visit until then, not every morning until its
    /// day. Null for every row before this migration: no call was recorded before.
    /// </summary>
    public partial class TenantRung : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<LocalDate>(
                name: "tenant_rung_on",
                table: "gas_appointments",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "tenant_rung_on",
                table: "gas_appointments");
        }
    }
}
