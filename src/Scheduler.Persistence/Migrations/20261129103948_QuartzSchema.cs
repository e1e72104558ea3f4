using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// The Quartz.NET job-store tables (<c>qrtz_*</c>) for the worker's clustered scheduler: the script embedded in the
    /// Quartz assembly, every statement <c>CREATE … IF NOT EXISTS</c> (see <see cref="QuartzSchema"/>). Changes no EF model.
    /// </summary>
    public partial class QuartzSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in Scheduler.Persistence.QuartzSchema.Statements())
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever add, and dropping the scheduler's tables would lose its state.
        }
    }
}
