using System.Globalization;
using MimeKit;
using Scheduler.Worker.Letters;
using Scheduler.Persistence;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Cli;
using Scheduler.Worker.Tests.Hosting;

namespace Scheduler.Worker.Tests.Demo;

/// <summary>
/// <c>estate-scheduler demo</c> through the real command line, on the test fixture's PostgreSQL: the connection string
/// is given (ConnectionStrings__Estate), so the demo makes no cluster of its own. These set the process's environment,
/// so they run one at a time with the other tests that do.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class DemoCommandTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "estate-demo-" + Guid.NewGuid().ToString("N"));
    private string? _previous;

    public Task InitializeAsync()
    {
        _previous = Environment.GetEnvironmentVariable(EstateDatabase.ConnectionStringVariable);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, _previous);
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Demo_EmptyConfiguredDatabase_CreatesEachOccurrenceOnceWritesMimeMailAndSummarisesWhatIsStored()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, database.ConnectionString);

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--from", "2027-03-01", "--to", "2027-03-14", "--data", _data);

        Assert.True(exit == 0, error);
        Assert.False(Directory.Exists(Path.Combine(_data, "postgres")), "a configured database must not start a cluster");
        Assert.Contains("Using the configured database", error, StringComparison.Ordinal);
        var summary = DemoSummary.Parse(output);

        // The orders table equals what generation stored (repairs raised by reports are counted apart), counted by SQL:
        // by service and month of target, 'later' after the range.
        var stored = await database.DataSource.RowsAsync("""
            SELECT service, CASE WHEN target_date > DATE '2027-03-14' THEN 'later' ELSE to_char(target_date, 'Mon') END, count(*)
            FROM work_orders WHERE sla_category IS NULL GROUP BY 1, 2
            """);
        Assert.Equal(["Mar", "later"], summary.Columns);
        Assert.Equal(
            stored.Order(StringComparer.Ordinal),
            summary.Orders.Where(o => o.Value > 0).Select(o => $"{o.Key.Service}|{o.Key.Column}|{o.Value}").Order(StringComparer.Ordinal));
        Assert.Contains(summary.Orders, o => o.Key.Service == "grass-cut" && o.Value > 0);

        // Each occurrence is created once: no key twice, and every fixed-calendar visit the preview lists for the range is one order.
        Assert.Empty(await database.DataSource.RowsAsync("SELECT occurrence_key FROM work_orders GROUP BY 1 HAVING count(*) > 1"));
        var preview = await CliRunner.RunAsync("preview", "--from", "2027-03-01", "--to", "2027-03-14", "--as-of", "2027-03-01", "--format", "csv");
        Assert.Equal(0, preview.Exit);
        var expected = preview.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.TrimEnd('\r').Split(','))
            .Where(c => c[1] != "gas-safety")
            .Select(c => string.Join('|', c[0], c[1], c[2], c[3], c[4], c[5]))
            .Order(StringComparer.Ordinal)
            .ToList();
        var orders = await database.DataSource.RowsAsync("""
            SELECT schedule_id, service, asset_id, window_start, window_end, target_date FROM work_orders
            WHERE service <> 'gas-safety' AND sla_category IS NULL AND target_date <= DATE '2027-03-14'
            """);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, orders.Select(IsoDates).Order(StringComparer.Ordinal));

        // Every message sent is one .eml in the pickup folder that parses as MIME; kinds counted from the attachments
        // (contractors' mail carries one CSV; tenants' letters, managers' digests and escalations none, told apart by the
        // file's name) equal the summary's, which equal the outbox's.
        var files = Directory.GetFiles(Path.Combine(_data, "mail"), "*.eml");
        Assert.Equal(summary.EmlFiles, files.Length);
        var byKind = files
            .Select(f => (Name: Path.GetFileName(f), Csv: MimeMessage.Load(f).Attachments.OfType<MimePart>().Select(a => a.FileName ?? string.Empty)
                .SingleOrDefault(n => n.EndsWith(".csv", StringComparison.Ordinal))))
            .GroupBy(m => m.Csv is not { } n
                    ? (m.Name.StartsWith("letter_", StringComparison.Ordinal) ? "tenant-letter"
                        : m.Name.StartsWith("manager-digest_", StringComparison.Ordinal) ? "manager-digest" : "manager-escalation")
                : n.StartsWith("programme-", StringComparison.Ordinal) ? "contractor-programme"
                : n.EndsWith("-cancelled.csv", StringComparison.Ordinal) ? "contractor-cancellation" : "contractor-order")
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(
            byKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}|{k.Value}"),
            await database.DataSource.RowsAsync("SELECT kind, count(*) FROM outbox_messages WHERE status = 'sent' AND delivered_via = 'email' GROUP BY 1 ORDER BY 1"));

        // Letters to tenants who get them by post are in the day's printable batch file, each once.
        var printed = Directory.GetFiles(Path.Combine(_data, "letters"), "*.html")
            .SelectMany(f => LetterBatchDocument.ReadLetters(File.ReadAllText(f)) ?? []).Select(l => l.MessageId).ToList();
        Assert.Equal(printed.Count, printed.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(
            await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE status = 'sent' AND delivered_via LIKE 'post:%'"),
            printed.Count);
        Assert.Equal(
            // A pending row written ahead (issueAhead, letterAhead) whose release is after the last simulated day is
            // scheduled (a released one went on the 07:00 dispatch of its day: its release is at 00:00).
            await database.DataSource.RowsAsync(
                "SELECT kind, CASE WHEN status = 'pending' AND release_at IS NOT NULL THEN 'scheduled' ELSE status END, count(*) FROM outbox_messages GROUP BY 1, 2 ORDER BY 1, 2"),
            summary.Messages.Where(m => m.Value > 0).Select(m => $"{m.Key.Kind}|{m.Key.Status}|{m.Value}").Order(StringComparer.Ordinal));
        // The manager digest, as the worker writes it each morning: at most one a day, every one of them sent, each on a day
        // some section had something (the sample estate has gas homes overdue or due within 14 days on 1 March 2027).
        var digests = await database.DataSource.RowsAsync(
            "SELECT idempotency_key, status FROM outbox_messages WHERE kind = 'manager-digest' ORDER BY 1");
        Assert.NotEmpty(digests);
        Assert.All(digests, d => Assert.Matches(@"^manager-digest:2027-03-(0[1-9]|1[0-4])\|sent$", d));
        Assert.Contains("manager-digest:2027-03-01|sent", digests);

        // The office records each gas check's tenant copy the day of the check, so no digest lists a copy as outstanding.
        Assert.Equal(0, await database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM gas_checks WHERE tenant_copy_sent_on IS DISTINCT FROM completed_on"));
        Assert.True(await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_checks") > 0, "no gas check was made in two weeks");

        Assert.True(File.Exists(Path.Combine(_data, "planner.html")));
        Assert.True(File.Exists(Path.Combine(_data, "report.html")));

        // The contractors' reports, counted from the audit rows the recorder wrote, equal the summary's.
        var visits = await database.DataSource.RowsAsync("""
            SELECT e.outcome, count(*) FROM work_order_events e JOIN work_orders w ON w.id = e.work_order_id
            WHERE e.outcome IS NOT NULL AND w.sla_category IS NULL GROUP BY 1 ORDER BY 1
            """);
        Assert.True(summary.Visits.Total > 0, "no visit was reported in two weeks");
        Assert.Equal(summary.Visits.Done + summary.Visits.NoAccess + summary.Visits.Defect, summary.Visits.Total);
        Assert.Equal(
            new[] { $"defect|{summary.Visits.Defect}", $"done|{summary.Visits.Done}", $"no-access|{summary.Visits.NoAccess}" }.Where(r => !r.EndsWith("|0", StringComparison.Ordinal)),
            visits);
        Assert.Equal(
            await database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE status IN ('completed', 'no-access') AND sla_category IS NULL"),
            summary.Visits.Total);
        Assert.Equal(
            await database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE sla_category IS NOT NULL AND parent_id IS NOT NULL"),
            summary.Repairs.Raised);
        Assert.Equal(
            await database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE sla_category IS NOT NULL AND status = 'completed'"),
            summary.Repairs.Completed);
        Assert.Equal(
            await database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE sla_category IS NOT NULL AND status = 'completed' AND completed_at > sla_due_at"),
            summary.Repairs.Late);
        Assert.Equal(await database.DataSource.ScalarAsync<int>("SELECT count(*) FROM homes WHERE active AND gas"), summary.Bs01.Total);
        Assert.Equal(await database.DataSource.ScalarAsync<int>("SELECT count(DISTINCT home_id) FROM gas_escalations"), summary.Escalated);
        var compliance = await CliRunner.RunAsync("compliance", "--as-of", "2027-03-14");
        Assert.Contains($"BS01 gas safety as of 2027-03-14: {summary.Bs01.InDate} of {summary.Bs01.Total} gas homes", compliance.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// The shipped sample is dated for <see cref="Scheduler.Worker.Demo.SampleEstate.Year"/> (2027); the demo's default is
    /// next year, 2028 from 1 January 2027. Read as it is for 2028, every gas home's check had lapsed by January and all
    /// were visited then (76 of the year's gas orders in January, 0 from February to October); for 2026 the register was
    /// refused (51 checks dated after the year began). The demo now reads a copy with the dates moved to its year: the
    /// same homes are due in the first week of 2028 as in the first week of 2027.
    /// </summary>
    [Fact]
    public async Task Demo_AYearAfterTheSamplesOwn_MovesTheSampleDatesToIt_TheSameGasHomesAreDueAsInTheSamplesYear()
    {
        await using var own = await EstateTestDatabase.CreateAsync();
        await using var later = await EstateTestDatabase.CreateAsync();
        const string GasHomes = "SELECT DISTINCT asset_id FROM work_orders WHERE service = 'gas-safety' AND sla_category IS NULL AND window_start <= DATE '{0}-01-31' ORDER BY 1";

        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, own.ConnectionString);
        var first = await CliRunner.RunAsync("demo", "--from", "2027-01-01", "--to", "2027-01-07", "--data", _data);
        Assert.True(first.Exit == 0, first.Error);
        Assert.DoesNotContain("The sample estate is dated for", first.Error, StringComparison.Ordinal);
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, later.ConnectionString);
        var second = await CliRunner.RunAsync("demo", "--from", "2028-01-01", "--to", "2028-01-07", "--data", _data);
        Assert.True(second.Exit == 0, second.Error);

        Assert.Contains("The sample estate is dated for 2027: for 2028 its last gas checks and components' install years are moved 1 year(s) later", second.Error, StringComparison.Ordinal);
        // Every date and year of the register one year on, nothing else changed.
        const string Homes = "SELECT id || '|' || coalesce(to_char(last_gas_check, 'YYYY-MM-DD'), '') || '|' || coalesce(kitchen_year::text, '') || '|' || address FROM homes ORDER BY id";
        var moved = (await own.DataSource.RowsAsync(Homes)).Select(r => r.Split('|'))
            .Select(c => string.Join('|', c[0], c[1].Length == 0 ? string.Empty : NodaTime.Text.LocalDatePattern.Iso.Format(NodaTime.Text.LocalDatePattern.Iso.Parse(c[1]).Value.PlusYears(1)),
                c[2].Length == 0 ? string.Empty : (int.Parse(c[2], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture), c[3]))
            .ToList();
        Assert.Equal(moved, await later.DataSource.RowsAsync(Homes));
        Assert.Contains(moved, r => r.Split('|')[1].Length > 0);
        var due2027 = await own.DataSource.RowsAsync(string.Format(CultureInfo.InvariantCulture, GasHomes, 2027));
        Assert.NotEmpty(due2027);
        Assert.True(due2027.Count < await own.DataSource.ScalarAsync<int>("SELECT count(*) FROM homes WHERE gas") / 2, $"{due2027.Count} gas homes due in January 2027");
        Assert.Equal(due2027, await later.DataSource.RowsAsync(string.Format(CultureInfo.InvariantCulture, GasHomes, 2028)));
    }

    /// <summary>A year before the sample's: its dates moved earlier, so none is after the day the year starts (before, 51 problems).</summary>
    [Fact]
    public async Task Demo_AYearBeforeTheSamplesOwn_MovesTheSampleDatesEarlier_TheRegisterIsAccepted()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, database.ConnectionString);

        var (exit, _, error) = await CliRunner.RunAsync("demo", "--from", "2026-01-01", "--to", "2026-01-02", "--data", _data);

        Assert.True(exit == 0, error);
        Assert.Contains("for 2026 its last gas checks and components' install years are moved 1 year(s) earlier", error, StringComparison.Ordinal);
        Assert.Equal(0, await database.DataSource.ScalarAsync<int>("SELECT count(*) FROM homes WHERE last_gas_check > DATE '2026-01-01'"));
        Assert.True(await database.DataSource.ScalarAsync<int>("SELECT count(*) FROM homes WHERE last_gas_check IS NOT NULL") > 0);
    }

    [Fact]
    public async Task Demo_ConfiguredDatabaseHoldingAnEstate_RefusesWithoutResetAndChangesNothing()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, database.ConnectionString);

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--from", "2027-03-01", "--to", "2027-03-02", "--data", _data);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("already holds an estate", error, StringComparison.Ordinal);
        Assert.Contains("--reset", error, StringComparison.Ordinal);
        Assert.Equal(1, await database.DataSource.ScalarAsync<int>("SELECT count(*) FROM import_runs"));
        Assert.Equal(0, await database.DataSource.ScalarAsync<int>("SELECT count(*) FROM work_orders"));
    }

    [Fact]
    public async Task Demo_ResetOnAConfiguredDatabaseWithAnEstate_StartsItAndThePickupFolderAfresh()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        Assert.Equal(["2027-01-04"], await database.DataSource.RowsAsync("SELECT to_char(as_of, 'YYYY-MM-DD') FROM import_runs"));
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, database.ConnectionString);
        var stale = Path.Combine(_data, "mail", "left-by-a-previous-run.eml");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        await File.WriteAllTextAsync(stale, "Subject: stale\r\n\r\nfrom a database that is gone\r\n");

        var (exit, output, error) = await CliRunner.RunAsync("demo", "--from", "2027-03-01", "--to", "2027-03-01", "--data", _data, "--reset");

        Assert.True(exit == 0, error);
        Assert.Contains("dropped and created empty (--reset)", error, StringComparison.Ordinal);
        var summary = DemoSummary.Parse(output);
        await using var fresh = EstateDatabase.CreateDataSource(database.ConnectionString);
        Assert.Equal(["2027-03-01"], await fresh.RowsAsync("SELECT to_char(as_of, 'YYYY-MM-DD') FROM import_runs"));
        Assert.Equal(summary.Orders.Values.Sum(), await fresh.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE sla_category IS NULL"));
        Assert.False(File.Exists(stale));
        Assert.Equal(summary.EmlFiles, Directory.GetFiles(Path.Combine(_data, "mail"), "*.eml").Length);
        Assert.Equal(await fresh.ScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE status = 'sent' AND delivered_via = 'email'"), summary.EmlFiles);
    }

    [Fact]
    public async Task Demo_PostgresBinFolderWithoutInitdb_SaysWhatIsWrongAndExitsOne()
    {
        var previousBin = Environment.GetEnvironmentVariable(Scheduler.Worker.Demo.PostgresPackage.BinVariable);
        Environment.SetEnvironmentVariable(EstateDatabase.ConnectionStringVariable, null);
        Environment.SetEnvironmentVariable(Scheduler.Worker.Demo.PostgresPackage.BinVariable, _data);
        try
        {
            var (exit, output, error) = await CliRunner.RunAsync("demo", "--from", "2027-03-01", "--to", "2027-03-01", "--data", _data);

            Assert.Equal(1, exit);
            Assert.Empty(output);
            Assert.Contains($"ESTATE_PG_BIN names '{_data}', which does not hold initdb and pg_ctl", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Scheduler.Worker.Demo.PostgresPackage.BinVariable, previousBin);
        }
    }

    [Theory]
    [InlineData("--year", "27")]
    [InlineData("--year", "2027", "--from", "2027-01-01", "--to", "2027-01-31")]
    [InlineData("--from", "2027-01-01")]
    [InlineData("--from", "2027-02-01", "--to", "2027-01-31")]
    [InlineData("--yaer", "2027")]
    public async Task Demo_CommandLineMistake_ExitsTwoWithOneLine(params string[] options)
    {
        var (exit, output, error) = await CliRunner.RunAsync(["demo", .. options, "--data", _data]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("estate-scheduler: ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_data));
    }

    private static string IsoDates(string row) =>
        string.Join('|', row.Split('|').Select(c => DateTime.TryParse(c, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : c));
}
