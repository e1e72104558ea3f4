using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Scheduler.Persistence;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Tests.Cli;
using Scheduler.Worker.Tests.Feedback;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>
/// Every database verb, failing in the middle of its run: another session holds a table lock past the verb's
/// <c>lock_timeout</c> (a server error, SQLSTATE 55P03) or its <c>Command Timeout</c> (the client's timeout). Each then
/// writes one line on stderr — the verb, why, what was stored — and exits 1 (before: an unhandled exception), nothing
/// partial is stored, and the same command once the lock is gone works. Through the real command line in-process
/// (<see cref="CliRunner"/>), with the shipped config and sample register applied as of 23 November 2026 (the CLI's
/// today is 29 November 2026); <c>import</c> also as a real process, for its exit code. The line never quotes a value:
/// a server error whose message or detail does (a data exception such as <c>invalid input syntax for type integer:
/// "12 Acacia Avenue"</c>, an integrity error whose detail holds the row) is named by its condition and SQLSTATE, checked
/// against real server errors, one of them inside <c>complete</c>'s transaction.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class DatabaseFailureTests(FeedbackVerbsTests.SampleDatabase fixture)
    : IClassFixture<FeedbackVerbsTests.SampleDatabase>, IDisposable
{
    // The server gives up waiting for a lock after 1 s: the statement fails with SQLSTATE 55P03.
    private const string LockTimeout = "Options=-c lock_timeout=1000";
    private const string LockTimeoutReason = "canceling statement due to lock timeout (SQLSTATE 55P03)";

    // Made up, as a CSV would carry them: a tenant's address and name.
    private const string Address = "Flat 3, 12 Acacia Avenue";
    private const string Name = "Mrs Ada Pemberton";

    private readonly EstateTestDatabase _database = fixture.Use();

    public void Dispose() => fixture.Release();

    [Theory]
    [InlineData("plan only reads, so nothing was changed", 0, "plan", "--as-of", "2026-11-23")]
    [InlineData("The work orders are written in one transaction, so none were created or cancelled", 0, "apply", "--as-of", "2026-11-23")]
    [InlineData("orders only reads, so nothing was changed", 0, "orders")]
    [InlineData("overdue only reads, so nothing was changed", 0, "overdue")]
    [InlineData("report only reads, so nothing was changed and no report was written", 0, "report", "--year", "2026", "--format", "csv")]
    [InlineData("compliance only reads, so nothing was changed", 0, "compliance")]
    [InlineData("improvements only reads, so nothing was changed", 0, "improvements", "--year", "2027")]
    [InlineData("The letters are queued in one statement, so this run queued none", 0, "improvements", "--year", "2027", "--send-letters")]
    [InlineData("outbox list only reads, so nothing was changed", 0, "outbox", "list")]
    [InlineData("outbox show only reads, so nothing was changed", 0, "outbox", "show", "1")]
    [InlineData("The retry is one statement, so the message was not changed", 1, "outbox", "retry", "1")]
    [InlineData("apikey list only reads, so nothing was changed", 0, "apikey", "list")]
    [InlineData("The key is made in one statement, so no key was made", 0, "apikey", "create", "sparkle")]
    [InlineData("The key was not revoked", 1, "apikey", "revoke", "0123456789abcdef")]
    [InlineData("It is recorded in one statement, so nothing was recorded", 1, "tenant-copy", "WO-2026-000001", "--sent-on", "2026-11-29")]
    [InlineData("It is recorded in one statement, so nothing was recorded", 1, "tenant-rung", "WO-2026-000001", "--on", "2026-11-29")]
    public async Task Verb_EveryTableLockedPastTheLockTimeout_OneLineExit1_ThenRunsOnceUnlocked(string stored, int exitAfter, params string[] args)
    {
        var before = await ChangesAsync();

        var failed = await RunWhileLockedAsync(LockTimeout, await AllTablesAsync(), args);

        AssertOneLine(failed, args[0], LockTimeoutReason, stored);
        Assert.Equal(before, await ChangesAsync());
        var again = await CliRunner.RunAsync(args);
        Assert.DoesNotContain("the database failed", again.Error, StringComparison.Ordinal);
        Assert.Equal(exitAfter, again.Exit);
    }

    [Fact]
    public async Task Import_HomesLockedAfterAreasSitesAndBlocksWereWritten_OneLineExit1_NothingImported_ThenImports()
    {
        await using var fresh = await EstateTestDatabase.CreateAsync();
        (int Exit, string Out, string Error) failed;
        await using (var holder = await LockAsync(fresh.ConnectionString, ["homes"]))
        {
            failed = await WorkerProcess.RunAsync(
                RepositoryRoot.Path, fresh.ConnectionString + ";" + LockTimeout, "import", "--estate", "config/sample", "--as-of", "2026-11-23");
        }

        AssertOneLine(failed, "import", LockTimeoutReason, "The import is one transaction, so nothing was imported; run import again.");
        Assert.Empty(failed.Out);
        Assert.Equal(
            ["0|0|0|0|0"],
            await fresh.DataSource.RowsAsync("SELECT (SELECT count(*) FROM import_runs), (SELECT count(*) FROM areas), (SELECT count(*) FROM sites), (SELECT count(*) FROM blocks), (SELECT count(*) FROM register_changes)"));

        var again = await WorkerProcess.RunAsync(RepositoryRoot.Path, fresh.ConnectionString, "import", "--estate", "config/sample", "--as-of", "2026-11-23");

        Assert.True(again.Exit == 0, again.Error);
        Assert.StartsWith("Imported ", again.Out, StringComparison.Ordinal);
        Assert.Equal(1, await fresh.DataSource.ScalarAsync<int>("SELECT count(*) FROM import_runs"));
        Assert.True(await fresh.DataSource.ScalarAsync<int>("SELECT count(*) FROM homes") > 0);
    }

    [Fact]
    public async Task Complete_ChangeLogLockedPastTheCommandTimeout_OneLineExit1_NothingRecorded_ThenRecords()
    {
        // The order's UPDATE runs, then its row trigger waits to write planning_changes until the client gives up.
        var reference = await OpenOrderAsync("block-clean");
        var status = await _database.DataSource.ScalarAsync<string>($"SELECT status FROM work_orders WHERE reference = '{reference}'");

        var failed = await RunWhileLockedAsync("Command Timeout=2", ["planning_changes"], "complete", reference, "--on", "2026-11-29");

        AssertOneLine(failed, "complete", "did not answer within the command timeout", "A visit is recorded in one transaction, so nothing was recorded; run complete again.");
        Assert.Equal([$"{status}|0"], await _database.DataSource.RowsAsync(
            $"SELECT w.status, (SELECT count(*) FROM work_order_events e WHERE e.work_order_id = w.id AND e.outcome IS NOT NULL) FROM work_orders w WHERE w.reference = '{reference}'"));

        var again = await CliRunner.RunAsync("complete", reference, "--on", "2026-11-29");

        Assert.Equal((0, $"Recorded: work order {reference} done on 2026-11-29." + Environment.NewLine, string.Empty), again);
    }

    [Fact]
    public async Task ImportCompletions_ChangeLogLockedPastTheLockTimeout_OneLineExit1_NothingRecorded_ThenRecordsEveryRow()
    {
        var clean = await OpenOrderAsync("block-clean");
        var gas = await OpenOrderAsync("gas-safety");
        var file = Path.Combine(Path.GetTempPath(), $"completions-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, string.Join("\n",
            "reference,contractor,date,outcome",
            $"{clean},sparkle,2026-11-29,done",
            $"{gas},warmsafe,2026-11-29,done") + "\n");
        var orders = $"SELECT w.status, (SELECT count(*) FROM work_order_events e WHERE e.work_order_id = w.id AND e.outcome IS NOT NULL) FROM work_orders w WHERE w.reference IN ('{clean}', '{gas}') ORDER BY w.reference";
        try
        {
            var before = await _database.DataSource.RowsAsync(orders);

            var failed = await RunWhileLockedAsync(LockTimeout, ["planning_changes"], "import-completions", file);

            AssertOneLine(failed, "import-completions", LockTimeoutReason, "Rows are recorded in transactions of up to 5,000: those committed before the failure stay recorded, the failing one recorded nothing;");
            Assert.Empty(failed.Out);
            Assert.Equal(before, await _database.DataSource.RowsAsync(orders));
            Assert.All(before, row => Assert.EndsWith("|0", row, StringComparison.Ordinal));

            var again = await CliRunner.RunAsync("import-completions", file);

            Assert.True(again.Exit == 0, again.Error);
            Assert.EndsWith("2 row(s): 2 recorded, 0 already recorded, 0 refused." + Environment.NewLine, again.Out, StringComparison.Ordinal);
            Assert.Equal(["completed|1", "completed|1"], await _database.DataSource.RowsAsync(orders));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task DispatchOnce_WorkOrdersLockedPastTheLockTimeout_OneLineExit1_NothingSentOrClaimed_ThenSends()
    {
        var pickup = Directory.CreateTempSubdirectory("estate-dispatch-failure-").FullName;
        var previous = (From: Environment.GetEnvironmentVariable("Smtp__From"), Pickup: Environment.GetEnvironmentVariable("Mail__PickupDirectory"));
        Environment.SetEnvironmentVariable("Smtp__From", "Example Homes <repairs@examplehomes.example>");
        Environment.SetEnvironmentVariable("Mail__PickupDirectory", pickup);
        try
        {
            const string Outbox = "SELECT status, count(*) FROM outbox_messages GROUP BY status ORDER BY status";
            var before = await _database.DataSource.RowsAsync(Outbox);

            var failed = await RunWhileLockedAsync(LockTimeout, ["work_orders"], "dispatch", "--once");

            AssertOneLine(failed, "dispatch", LockTimeoutReason, "This run sent 0 message(s) before it stopped, recorded as sent and not sent again. Nothing was lost: the 0 message(s) it claimed");
            Assert.Equal("claimed 0: sent 0, retry later 0, dead 0, superseded 0; enqueued for weekly contractors 0" + Environment.NewLine, failed.Out);
            Assert.Equal(before, await _database.DataSource.RowsAsync(Outbox));
            Assert.Empty(Directory.EnumerateFiles(pickup));

            var again = await CliRunner.RunAsync("dispatch", "--once");

            Assert.True(again.Exit == 0, again.Error);
            Assert.Matches("^claimed [1-9][0-9]*: sent [1-9]", again.Out);
            Assert.NotEmpty(Directory.EnumerateFiles(pickup, "*.eml"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Smtp__From", previous.From);
            Environment.SetEnvironmentVariable("Mail__PickupDirectory", previous.Pickup);
            Directory.Delete(pickup, recursive: true);
        }
    }

    [Fact]
    public async Task Migrate_WorkOrdersLockedWhenAMigrationAltersThem_OneLineExit1_EarlierMigrationsKept_ThenMigratesTheRest()
    {
        var server = await PostgresServer.SharedAsync();
        var name = await server.CreateEmptyDatabaseAsync();
        var cs = server.ConnectionString(name);
        try
        {
            await using var dataSource = EstateDatabase.CreateDataSource(cs);
            await using (var db = EstateDatabase.CreateContext(dataSource))
            {
                // Up to the last migration before Attention (an index on outbox_messages); HotIssue then alters work_orders.
                await db.GetService<IMigrator>().MigrateAsync("20261130013000_OpenRepairs");
            }

            const string History = "SELECT migration_id FROM \"__EFMigrationsHistory\" ORDER BY 1";
            var applied = await dataSource.RowsAsync(History);
            (int Exit, string Out, string Error) failed;
            await using (var holder = await LockAsync(cs, ["work_orders"]))
            {
                failed = await WithConnectionStringAsync(cs + ";" + LockTimeout, () => CliRunner.RunAsync("migrate"));
            }

            AssertOneLine(failed, "migrate", LockTimeoutReason, "Each migration is applied in its own transaction");
            Assert.Equal([.. applied, "20261130043000_Attention"], await dataSource.RowsAsync(History));

            var again = await WithConnectionStringAsync(cs, () => CliRunner.RunAsync("migrate"));

            Assert.Equal((0, "Applied 12 migration(s): 20261130150000_HotIssue, 20261130170000_FollowUpParentIndex, 20261201160000_WeeklyOpenOrders, 20261202100000_HomeBookingFlag, 20261202103000_TakenSlotsIndexOnly, 20261202110000_UsualOccurrenceKey, 20261202120000_HotReports, 20261202130000_RaisedByEvent, 20261202150000_ShortNoticeBookings, 20261202160000_TenantRung, 20261202170000_TenantsRegisterVersion, 20261202171000_NotesLineFeeds." + Environment.NewLine, string.Empty), again);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(name);
        }
    }

    [Fact]
    public async Task Orders_TheServerEndsTheSessionWhileItWaits_OneLineExit1()
    {
        await using var holder = await LockAsync(_database.ConnectionString, ["work_orders"]);
        var running = CliRunner.RunAsync("orders");

        // The verb's session waits for the lock (no timeout); end it from the server, as a restart or an operator would.
        var ended = 0;
        while (ended == 0 && !running.IsCompleted)
        {
            ended = await _database.DataSource.ScalarAsync<int>(
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{_database.Name}' AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
        }

        var failed = await running;

        Assert.Equal(1, ended);
        AssertOneLine(failed, "orders", "terminating connection due to administrator command (SQLSTATE 57P01)", "orders only reads, so nothing was changed");
    }

    [Theory]
    [InlineData("SELECT @value::integer", Address, true, "invalid text representation (SQLSTATE 22P02)")]
    [InlineData("SELECT @value::date", "2026-02-30", true, "datetime field overflow (SQLSTATE 22008)")]
    [InlineData("SELECT @value::integer", "99999999999", true, "numeric value out of range (SQLSTATE 22003)")]
    [InlineData("INSERT INTO failure_values (name, postcode) VALUES (@value, 'AB1 2CD'), (@value, 'AB1 2CD')", Name, true,
        "unique violation (SQLSTATE 23505; table failure_values, constraint failure_values_name_key)")]
    [InlineData("INSERT INTO failure_values (name, postcode) VALUES (@value, NULL)", Name, true,
        "not null violation (SQLSTATE 23502; table failure_values, column postcode)")]
    [InlineData("INSERT INTO failure_values (name, postcode) VALUES (@value, 'ab1 2cd')", Name, true,
        "check violation (SQLSTATE 23514; table failure_values, constraint failure_values_postcode_check)")]
    [InlineData("INSERT INTO failure_values (name, postcode) VALUES ('x', @value)", Address, false, "string data right truncation (SQLSTATE 22001)")]
    [InlineData("SELECT 1 / (length(@value) - length(@value))", Address, false, "division by zero (SQLSTATE 22012)")]
    public async Task Line_ServerErrorOfADataOrIntegrityClass_NamesTheConditionAndSqlState_NeverTheValue(string sql, string value, bool quoted, string reason)
    {
        var error = await FailAsync(sql, value);

        var line = DatabaseFailure.Line("import-completions", error, "STORED.");

        // The server's own words (its message or detail) quote the value where the case says so: the line leaves them out.
        Assert.Equal(quoted, (error.MessageText + " " + error.Detail).Contains(value, StringComparison.Ordinal));
        Assert.Equal($"estate-scheduler import-completions: the database failed: {reason}. STORED.", line);
        Assert.DoesNotContain(value, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Line_ServerErrorsOfClassesThatQuoteNoValue_KeepTheServersMessage()
    {
        var timeout = await FailAsync("SET LOCAL statement_timeout = 1; SELECT pg_sleep(1), @value", Address);
        var readOnly = await FailAsync("SET TRANSACTION READ ONLY; UPDATE homes SET address = @value WHERE false", Address, scratch: false);

        Assert.Equal("canceling statement due to statement timeout (SQLSTATE 57014)", DatabaseFailure.Describe(timeout));
        Assert.Equal("cannot execute UPDATE in a read-only transaction (SQLSTATE 25006)", DatabaseFailure.Describe(readOnly));
    }

    [Fact]
    public async Task Complete_TransactionFailsOnTheTenantsAddress_TheLineNamesTheConditionNotTheAddress_NothingRecorded()
    {
        // A fault inside the verb's transaction that quotes a stored value: a trigger (the test's, standing in for a
        // defect) that reads the home's address as a number when the order's row changes.
        var reference = (await _database.DataSource.RowsAsync(
            """
            SELECT w.reference FROM work_orders w
            WHERE w.service = 'gas-safety' AND w.asset_kind = 'property' AND w.status IN ('planned', 'issued', 'appointed') AND w.window_start <= '2026-11-29'
              AND NOT EXISTS (SELECT 1 FROM work_order_events e WHERE e.work_order_id = w.id AND e.outcome IS NOT NULL)
            ORDER BY w.id LIMIT 1
            """))[0];
        var address = await _database.DataSource.ScalarAsync<string>(
            $"SELECT h.address FROM homes h JOIN work_orders w ON w.asset_id = h.id WHERE w.reference = '{reference}'");
        const string Orders = "SELECT status, (SELECT count(*) FROM work_order_events e WHERE e.work_order_id = w.id) FROM work_orders w WHERE w.reference = ";
        var before = await _database.DataSource.RowsAsync(Orders + $"'{reference}'");
        await _database.DataSource.ExecuteAsync(
            """
            CREATE FUNCTION failure_values_address() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN PERFORM (SELECT h.address FROM homes h WHERE h.id = NEW.asset_id)::integer; RETURN NEW; END $$;
            CREATE TRIGGER failure_values_address BEFORE UPDATE ON work_orders FOR EACH ROW WHEN (NEW.asset_kind = 'property')
            EXECUTE FUNCTION failure_values_address();
            """);
        (int Exit, string Out, string Error) failed;
        try
        {
            failed = await CliRunner.RunAsync("complete", reference, "--on", "2026-11-29");
        }
        finally
        {
            await _database.DataSource.ExecuteAsync("DROP TRIGGER failure_values_address ON work_orders; DROP FUNCTION failure_values_address();");
        }

        AssertOneLine(
            failed, "complete", "the database failed: invalid text representation (SQLSTATE 22P02). ",
            "A visit is recorded in one transaction, so nothing was recorded; run complete again.");
        Assert.DoesNotContain(address, failed.Error, StringComparison.Ordinal);
        Assert.Equal(before, await _database.DataSource.RowsAsync(Orders + $"'{reference}'"));

        var again = await CliRunner.RunAsync("complete", reference, "--on", "2026-11-29");

        Assert.Equal((0, $"Recorded: work order {reference} done on 2026-11-29." + Environment.NewLine, string.Empty), again);
    }

    // Runs the statement with the value as its parameter in a transaction that is rolled back (with, unless told not to,
    // a scratch table whose constraints the statements break), and returns the server's error; asserts there was one.
    private async Task<PostgresException> FailAsync(string sql, string value, bool scratch = true)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (scratch)
        {
            await using var table = new NpgsqlCommand(
                "CREATE TEMP TABLE failure_values (name text UNIQUE, postcode varchar(8) NOT NULL CHECK (postcode = upper(postcode))) ON COMMIT DROP",
                connection,
                transaction);
            await table.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("value", value);
        return await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
    }

    // An open order of the service that nothing has reported on yet, reachable today (29 November 2026).
    private async Task<string> OpenOrderAsync(string service) =>
        (await _database.DataSource.RowsAsync(
            $"""
            SELECT reference FROM work_orders w
            WHERE service = '{service}' AND status IN ('planned', 'issued') AND window_start <= '2026-11-29'
              AND NOT EXISTS (SELECT 1 FROM work_order_events e WHERE e.work_order_id = w.id AND e.outcome IS NOT NULL)
            ORDER BY id DESC LIMIT 1
            """))[0];

    // The line: exit 1, nothing else on stderr, the verb, the reason and what was stored; no stack trace.
    internal static void AssertOneLine((int Exit, string Out, string Error) run, string verb, string reason, string stored)
    {
        Assert.True(run.Exit == 1, $"exit {run.Exit}: {run.Error}");
        var line = Assert.Single(run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"estate-scheduler {verb}: the database failed: ", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.Contains(stored, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }

    // Everything a verb could have written: the rows of every table the verbs write.
    private Task<List<string>> ChangesAsync() => _database.DataSource.RowsAsync(
        """
        SELECT (SELECT count(*) FROM work_orders), (SELECT count(*) FROM work_order_events), (SELECT count(*) FROM outbox_messages),
               (SELECT count(*) FROM outbox_messages WHERE status = 'pending'), (SELECT count(*) FROM api_keys),
               (SELECT count(*) FROM gas_appointments), (SELECT count(*) FROM gas_checks WHERE tenant_copy_sent_on IS NOT NULL)
        """);

    private async Task<string[]> AllTablesAsync() =>
        [.. await _database.DataSource.RowsAsync(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory' ORDER BY tablename")];

    // Runs the command line while another session holds ACCESS EXCLUSIVE locks on the tables, connecting with the options.
    private async Task<(int Exit, string Out, string Error)> RunWhileLockedAsync(string options, string[] tables, params string[] args)
    {
        await using var holder = await LockAsync(_database.ConnectionString, tables);
        return await WithConnectionStringAsync(_database.ConnectionString + ";" + options, () => CliRunner.RunAsync(args));
    }

    private async Task<T> WithConnectionStringAsync<T>(string connectionString, Func<Task<T>> run)
    {
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, connectionString);
        try
        {
            return await run();
        }
        finally
        {
            Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, _database.ConnectionString);
        }
    }

    // A session holding ACCESS EXCLUSIVE locks on the tables until disposed (its transaction then rolls back).
    private static async Task<NpgsqlConnection> LockAsync(string connectionString, string[] tables)
    {
        var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using var command = new NpgsqlCommand($"BEGIN; LOCK TABLE {string.Join(", ", tables)} IN ACCESS EXCLUSIVE MODE", holder);
        await command.ExecuteNonQueryAsync();
        return holder;
    }
}
