using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class HomeComponents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "condition",
                table: "homes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "electrics_year",
                table: "homes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "external_doors_year",
                table: "homes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "heating_distribution_year",
                table: "homes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "home_mot_year",
                table: "homes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "roof_year",
                table: "homes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "windows_year",
                table: "homes",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever add; dropping columns would lose recorded history.
        }
    }
}
