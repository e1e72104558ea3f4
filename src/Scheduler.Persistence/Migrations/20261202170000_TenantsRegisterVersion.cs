using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Scheduler.Persistence.Migrations
{
    /// <summary>
    /// <c>tenants</c> raises <c>register_version</c> as <c>areas</c>, <c>sites</c>, <c>blocks</c> and <c>homes</c> do (a
    /// statement trigger, <c>IncrementalApply</c>'s <c>register_version_raise()</c>, in the writer's transaction). The
    /// planning register reads from the tenants which homes' letters go by post (<c>Home.LettersByPost</c>: the first
    /// active tenant asked for post or has no email address), and the urgent gas visit is aimed by it (8 working days
    /// by post, 5 emailed; branch gasproj38). An import raised the version anyway (it writes homes in the same
    /// statements), but a tenant's channel, email or move-out changed by hand in SQL did not, and the register a long-running
    /// worker kept (<c>PlanningRegisterCache</c>) and the booking's memo (<c>GasBookingMemo</c>) went on with the old one.
    /// </summary>
    public partial class TenantsRegisterVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE TRIGGER tenants_register_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenants
                    FOR EACH STATEMENT EXECUTE FUNCTION register_version_raise();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Deliberately nothing: migrations here only ever go forward.
        }
    }
}
