using Microsoft.EntityFrameworkCore;
using Npgsql;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Migrations;

public class MigrationTests
{
    [Fact]
    public async Task Migrate_EmptyDatabase_CreatesEveryTableAndIsUpToDate()
    {
        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateEmptyDatabaseAsync();
        try
        {
            await using var dataSource = EstateDatabase.CreateDataSource(server.ConnectionString(name));

            await EstateDatabase.MigrateAsync(dataSource);

            await using var db = EstateDatabase.CreateContext(dataSource);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration covers: add a migration");
            var tables = (await Tables(dataSource)).Where(t => !t.StartsWith(QuartzSchema.TablePrefix, StringComparison.Ordinal)).ToList();
            Assert.Equal(
                ["__EFMigrationsHistory", "api_keys", "areas", "blocks", "config_versions", "contractors", "gas_appointments", "gas_booking_changes", "gas_booking_state", "gas_checks", "gas_escalations", "generation_watermark", "homes", "import_runs", "outbox_messages",
                 "outbox_sent_marks", "planning_changes", "register_changes", "register_version", "sites", "tenants", "work_order_events", "work_order_history", "work_orders"],
                tables);
        }
        finally
        {
            await server.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task Migrate_TwiceOnTheSameDatabase_ChangesNothingTheSecondTime()
    {
        await using var database = await EstateTestDatabase.CreateAsync();

        await EstateDatabase.MigrateAsync(database.DataSource);

        await using var db = database.CreateContext();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Migrate_EmptyDatabase_CreatesTheQuartzJobStoreTables()
    {
        await using var database = await EstateTestDatabase.CreateAsync();

        var quartz = (await Tables(database.DataSource)).Where(t => t.StartsWith(QuartzSchema.TablePrefix, StringComparison.Ordinal)).ToList();

        Assert.Equal(
            ["qrtz_blob_triggers", "qrtz_calendars", "qrtz_cron_triggers", "qrtz_execution_history", "qrtz_fired_triggers", "qrtz_job_details",
             "qrtz_job_status", "qrtz_locks", "qrtz_misfire_history", "qrtz_paused_job_grps", "qrtz_paused_trigger_grps", "qrtz_scheduler_state",
             "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_triggers"],
            quartz);
    }

    [Fact]
    public void QuartzSchema_Statements_OnlyCreateWhatIsMissing()
    {
        var statements = QuartzSchema.Statements();

        Assert.Equal(15, statements.Count(s => s.StartsWith("CREATE TABLE IF NOT EXISTS qrtz_", StringComparison.Ordinal)));
        Assert.All(statements, s => Assert.Matches(@"^CREATE (TABLE|INDEX) IF NOT EXISTS ", s));
        Assert.All(statements, s => Assert.DoesNotContain("DROP", s, StringComparison.OrdinalIgnoreCase));
        Assert.All(statements, s => Assert.DoesNotContain("{", s, StringComparison.Ordinal));
    }

    private static async Task<List<string>> Tables(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
