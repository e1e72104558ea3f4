using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using NodaTime;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Commands;

namespace Scheduler.Worker.Tests.Commands;

public class DatabaseCommandsTests
{
    private static readonly LocalDate AsOf = new(2027, 3, 1);

    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesTheMigrationsThenSaysUpToDate()
    {
        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateEmptyDatabaseAsync();
        try
        {
            var (code, output, error) = await Run((o, e) => MigrateCommand.RunAsync(server.ConnectionString(name), o, e, default));
            var (again, output2, _) = await Run((o, e) => MigrateCommand.RunAsync(server.ConnectionString(name), o, e, default));

            Assert.Equal(0, code);
            Assert.Empty(error);
            var all = AllMigrations();
            Assert.Contains(all, m => m.EndsWith("_Initial", StringComparison.Ordinal));
            Assert.Equal($"Applied {all.Count} migration(s): {string.Join(", ", all)}." + Environment.NewLine, output);
            Assert.Equal(0, again);
            Assert.Equal("The database is up to date; nothing to migrate." + Environment.NewLine, output2);
        }
        finally
        {
            await server.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task Plan_UnmigratedDatabase_SaysToRunMigrateAndWritesNothing()
    {
        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateEmptyDatabaseAsync();
        try
        {
            var (code, output, error) = await Run((o, e) => PlanCommand.RunAsync(
                new PlanCommand.Options(AsOf, "text"), apply: true, TestEstate.Config(), TestEstate.Calendar, server.ConnectionString(name), TestEstate.Clock(), o, e, default));

            Assert.Equal(1, code);
            Assert.Empty(output);
            var all = AllMigrations();
            Assert.StartsWith(
                $"The database '{name}' is missing {all.Count} migration(s) ({string.Join(", ", all)}). Run 'estate-scheduler migrate' to bring it up to date",
                error,
                StringComparison.Ordinal);
            await using var dataSource = Scheduler.Persistence.EstateDatabase.CreateDataSource(server.ConnectionString(name));
            Assert.Equal(0, await dataSource.ScalarAsync<int>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        }
        finally
        {
            await server.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task Orders_UnreachableServer_OneParagraphSayingWhatToDo()
    {
        var port = ClosedPort();

        var (code, output, error) = await Run((o, e) => OrdersCommand.RunAsync(
            new OrdersCommand.Options(null, null, null, "table"), $"Host=127.0.0.1;Port={port};Username=estate;Database=estate;Timeout=3", o, e, default));

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.StartsWith($"Cannot reach PostgreSQL at 127.0.0.1:{port}: ", error, StringComparison.Ordinal);
        Assert.EndsWith("Check that the server is running and that Host and Port in the connection string are right." + Environment.NewLine, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_WrongPassword_OneParagraphSayingToCheckTheLogin()
    {
        var server = await PostgresServer.SharedAsync();
        var password = await server.PasswordRoleAsync();
        var login = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString("postgres")) { Username = PostgresServer.PasswordRole, Pooling = false };
        var port = login.Port;

        var (code, output, error) = await Run((o, e) => MigrateCommand.RunAsync(
            new Npgsql.NpgsqlConnectionStringBuilder(login.ConnectionString) { Password = password + "-wrong" }.ConnectionString, o, e, default));

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Equal(
            $"PostgreSQL at {login.Host}:{port} refused the login for user '{PostgresServer.PasswordRole}'. "
            + "Check the Username and Password in ConnectionStrings:Estate (environment variable ConnectionStrings__Estate)." + Environment.NewLine,
            error);

        // The same login with the right password gets in: the refusal was the password, not the host rules.
        await using var right = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(login.ConnectionString) { Password = password }.ConnectionString);
        await right.OpenAsync();
        Assert.Equal(PostgresServer.PasswordRole, right.UserName);
    }

    [Fact]
    public async Task Orders_MissingDatabase_SaysHowToCreateIt()
    {
        var server = await PostgresServer.SharedAsync();
        var connection = server.ConnectionString("estate_nowhere_to_be_found");

        var (code, _, error) = await Run((o, e) => OrdersCommand.RunAsync(new OrdersCommand.Options(null, null, null, "csv"), connection, o, e, default));

        Assert.Equal(1, code);
        Assert.Contains("The database 'estate_nowhere_to_be_found' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_NoConnectionString_NamesTheSetting()
    {
        var (code, _, error) = await Run((o, e) => MigrateCommand.RunAsync(null, o, e, default));

        Assert.Equal(1, code);
        Assert.StartsWith("No database is configured. Set the connection string in the configuration key ConnectionStrings:Estate (environment variable ConnectionStrings__Estate, ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportApplyPlanOrders_OnAFreshDatabase_PrintTheSummariesAndListings()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var cs = database.ConnectionString;
        var clock = TestEstate.Clock();

        var (importCode, imported, _) = await Run((o, e) => ImportCommand.RunAsync(TestEstate.Estate(), "config/sample", AsOf, cs, clock, o, e, default));
        var (applyCode, applied, _) = await Run((o, e) => PlanCommand.RunAsync(
            PlanCommand.ReadOptions(CommandLineArgs.Parse(["apply", "--as-of", "2027-03-01", "--format", "json"])), true, TestEstate.Config(), TestEstate.Calendar, cs, clock, o, e, default));
        var (planCode, planned, _) = await Run((o, e) => PlanCommand.RunAsync(
            new PlanCommand.Options(AsOf, "text"), false, TestEstate.Config(), TestEstate.Calendar, cs, clock, o, e, default));
        var (ordersCode, csv, _) = await Run((o, e) => OrdersCommand.RunAsync(
            OrdersCommand.ReadOptions(CommandLineArgs.Parse(["orders", "--from", "2027-03-02", "--to", "2027-03-02", "--status", "planned", "--format", "csv"])), cs, o, e, default));

        Assert.Equal([0, 0, 0, 0], new[] { importCode, applyCode, planCode, ordersCode });
        Assert.StartsWith("Imported config/sample (import 1): 13 added, 0 updated, 0 deactivated, 0 reactivated, 0 unchanged; 0 future unsent order(s) cancelled.", imported, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(applied);
        var root = json.RootElement;
        Assert.Equal(20, root.GetProperty("create").GetInt32());
        Assert.Equal(0, root.GetProperty("cancel").GetInt32());
        Assert.Equal(0, root.GetProperty("unchanged").GetInt32());
        Assert.True(root.GetProperty("applied").GetBoolean());
        var created = root.GetProperty("references").GetProperty("create").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(20, created.Distinct().Count());
        Assert.All(created, r => Assert.Matches("^WO-2027-[0-9]{6}$", r));

        Assert.Equal("plan as of 2027-03-01, horizon to 2027-04-26: 0 to create, 0 to cancel, 20 unchanged" + Environment.NewLine, planned);

        var lines = csv.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("reference,schedule,service,asset,window_start,window_end,target_date,status,contractor", lines[0]);
        Assert.Equal(
            ["clean-weekly,block-clean,B1,2027-03-01,2027-03-05,2027-03-02,planned,sparkle",
             "grass-cut,path-sweep,S1,2027-03-02,2027-04-01,2027-03-02,planned,greenscape"], // open until a working day after March, the cut's window
            lines.Skip(1).Select(l => l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Contains(l.Split(',')[0], created));
    }

    [Fact]
    public async Task Apply_AreaWithNoGasEngineerAndAreaWithTwoCleaners_ListsEveryProblemExitsOneAndWritesNothing()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var clock = TestEstate.Clock();
        await Run((o, e) => ImportCommand.RunAsync(TestEstate.Estate(), "config/sample", AsOf, database.ConnectionString, clock, o, e, default));
        var config = TestEstate.Config(contractors:
        [
            TestEstate.Cleaner(),
            TestEstate.Cleaner("shine") with { Areas = ["north"] },
            TestEstate.Grounds(),
            TestEstate.GasEngineer() with { Areas = ["north"] },
        ]);

        var (code, output, error) = await Run((o, e) => PlanCommand.RunAsync(
            new PlanCommand.Options(AsOf, "json"), apply: true, config, TestEstate.Calendar, database.ConnectionString, clock, o, e, default));

        Assert.Equal(1, code);
        Assert.Empty(output);
        var lines = error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        string[] expected =
        [
            "schedule 'clean-weekly': 2 contractors serve block-clean in area north (1 block): sparkle, shine; exactly one may, so every work order has one contractor (found 'sparkle, shine')",
            "schedule 'clean-fortnightly': 2 contractors serve block-clean in area north (1 block): sparkle, shine; exactly one may, so every work order has one contractor (found 'sparkle, shine')",
            "schedule 'gas-safety': no contractor serves gas-safety in area south (1 property); add gas-safety and south to one contractor's services and areas",
            "3 problem(s) found between config and the estate register in the database; nothing was planned or changed.",
        ];
        Assert.Equal(expected.Length, lines.Length);
        Assert.All(expected.Zip(lines), pair => Assert.EndsWith(pair.First, pair.Second, StringComparison.Ordinal));
        Assert.Equal(0, await database.DataSource.ScalarAsync<int>("SELECT (SELECT count(*) FROM work_orders) + (SELECT count(*) FROM contractors)"));
    }

    [Theory]
    [InlineData("--status lost", "--status 'lost' is not one of: planned, issued, appointed, completed, no-access, cancelled.")]
    [InlineData("--from 2027-02-30", "--from '2027-02-30' is not a date: use yyyy-MM-dd, e.g. 2027-01-01.")]
    [InlineData("--from 2027-03-02 --to 2027-03-01", "--to 2027-03-01 is before --from 2027-03-02.")]
    [InlineData("--format xml", "--format 'xml' is not one of: table, csv, json.")]
    public void OrdersReadOptions_BadValue_IsAUsageError(string options, string message)
    {
        var args = CommandLineArgs.Parse(["orders", .. options.Split(' ')]);

        var error = Assert.Throws<UsageException>(() => OrdersCommand.ReadOptions(args));

        Assert.Equal(message, error.Message);
    }

    private static async Task<(int Code, string Output, string Error)> Run(Func<TextWriter, TextWriter, Task<int>> command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await command(output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Every migration in the assembly, oldest first (from EF, not a list kept by hand).</summary>
    private static List<string> AllMigrations()
    {
        using var dataSource = Scheduler.Persistence.EstateDatabase.CreateDataSource("Host=127.0.0.1"); // never opened
        using var db = Scheduler.Persistence.EstateDatabase.CreateContext(dataSource);
        return [.. Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetMigrations(db.Database)];
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
