using System.Globalization;
using System.Text;
using Npgsql;
using NodaTime;
using Scheduler.Persistence;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Outbox;
using Scheduler.Worker.Tests.Cli;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Feedback;

namespace Scheduler.Worker.Tests.Commands;

/// <summary>
/// The two verbs that store part of their work before the database can fail — <c>dispatch</c> (each message recorded
/// as the mail server accepts it) and <c>import-completions</c> (transactions of up to 5,000 rows) — failing after some
/// of it was stored: what their line says was stored is what the tables hold, and the same command again stores exactly
/// the rest. Through the real command line in-process (<see cref="CliRunner"/>) against a real PostgreSQL with the
/// shipped config and sample register applied as of 23 November 2026 (the CLI's today is 29 November 2026); dispatch
/// sends to a real SMTP server (<see cref="TestSmtpServer"/>).
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class DatabaseFailureMidRunTests(FeedbackVerbsTests.SampleDatabase fixture)
    : IClassFixture<FeedbackVerbsTests.SampleDatabase>, IDisposable
{
    private readonly EstateTestDatabase _database = fixture.Use();

    public void Dispose() => fixture.Release();

    [Fact]
    public async Task DispatchOnce_RecorderSessionEndedAfterNMessages_OneLineExit1_SentStaySent_AfterTheLeaseTheRestGoInOrderOnce()
    {
        // Batches of 10 (the next one claimed while one is sent): the recorder's session ends while the server holds
        // the 24th message, in the third batch, before it says OK, so the 24th is sent but cannot be recorded.
        const int Batch = 10;
        const int KillAt = 24;
        await using var server = TestSmtpServer.Start();
        var ended = -1;
        server.Stored = _ =>
        {
            if (server.Messages.Count == KillAt)
            {
                ended = EndSessions("query LIKE 'INSERT INTO outbox_sent_marks%'");
            }
        };
        var letters = Directory.CreateTempSubdirectory("estate-dispatch-letters-").FullName;
        using var mail = new EnvironmentScope(
            ("Smtp__Host", "127.0.0.1"), ("Smtp__Port", server.Port.ToString(CultureInfo.InvariantCulture)), ("Smtp__Security", "None"),
            ("Smtp__From", "Example Homes <repairs@examplehomes.example>"), ("Mail__PickupDirectory", null), ("Mail__LetterBatchDirectory", letters));

        // Recorded sent: the row is sent, or the recorder's mark says the server took it (folded into the row later).
        // By email: not a letter put in the day's print file.
        const string Sent = "(o.status = 'sent' OR EXISTS (SELECT 1 FROM outbox_sent_marks m WHERE m.message_id = o.id))";
        const string ByEmail = "coalesce(o.delivered_via, 'email') NOT LIKE 'post:%'";
        const string Closed = "SELECT status, count(*) FROM outbox_messages WHERE status NOT IN ('pending', 'sending', 'sent') GROUP BY status ORDER BY status";
        Assert.Equal(0, await _database.DataSource.ScalarAsync<int>($"SELECT count(*) FROM outbox_messages o WHERE {Sent}"));
        var closed = await _database.DataSource.RowsAsync(Closed);
        try
        {
            var failed = await CliRunner.RunAsync("dispatch", "--once", "--batch", Batch.ToString(CultureInfo.InvariantCulture));

            Assert.Equal(1, ended);

            // The summary it prints on success, with the counts so far, which are the rows': sent, the messages recorded
            // sent (the 23 by email and the post letters of the batches finished); claimed, every row this run took.
            var soFar = DispatchCutShortTests.Summary(failed.Out);
            var recordedSent = await _database.DataSource.ScalarAsync<int>($"SELECT count(*) FROM outbox_messages o WHERE {Sent}");
            Assert.Equal(recordedSent, soFar.Sent);
            Assert.Equal(await _database.DataSource.ScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE status IN ('sent', 'sending')"), soFar.Claimed);
            Assert.Equal((0, 0, 0), (soFar.Retried, soFar.Dead, soFar.Superseded));
            DatabaseFailureTests.AssertOneLine(
                failed, "dispatch", "terminating connection due to administrator command (SQLSTATE 57P01)",
                $"This run sent {recordedSent} message(s) before it stopped, recorded as sent and not sent again. Nothing was lost: the {soFar.Claimed - recordedSent} message(s) it "
                + "claimed and did not send, and every message not yet claimed, stay queued in the outbox and go out when dispatch next runs (those still marked sending once "
                + "their 5-minute lease has run out); the one in flight when the database failed may have reached the server, and if so goes again with the same Message-Id. "
                + "Run dispatch again once the database answers.");

            // The server has 24 messages; the first 23 are recorded sent by email, the 24th (the one in flight) is not —
            // the crash bound — and no other message is recorded sent by email.
            var received = server.Messages.Select(m => m.MessageId).ToList();
            Assert.Equal(KillAt, received.Count);
            var recorded = await _database.DataSource.RowsAsync($"SELECT o.message_id FROM outbox_messages o WHERE {Sent} AND {ByEmail}");
            Assert.Equal(received.Take(KillAt - 1).Order(StringComparer.Ordinal), recorded.Order(StringComparer.Ordinal));
            Assert.Equal(
                ["sending|0"],
                await _database.DataSource.RowsAsync($"SELECT o.status, o.attempts FROM outbox_messages o WHERE o.message_id = '{received[^1]}' AND NOT {Sent}"));

            // Nothing lost: every message not recorded sent is still open (pending, or sending under this run's lease).
            Assert.Equal(closed, await _database.DataSource.RowsAsync(Closed));
            var sentBefore = await _database.DataSource.ScalarAsync<int>($"SELECT count(*) FROM outbox_messages o WHERE {Sent}");

            // After the lease: the 24th again (same Message-Id), then exactly the rest, in queue order, each once.
            var later = CliRunner.Now + DispatchOptions.Default.Lease + Duration.FromSeconds(1);
            var due = $"o.is_open AND o.next_attempt_at <= '{NodaTime.Text.InstantPattern.ExtendedIso.Format(later)}'";
            var rest = await _database.DataSource.RowsAsync($"SELECT o.message_id FROM outbox_messages o WHERE {due} AND NOT {Sent} ORDER BY o.next_attempt_at, o.id");
            Assert.Equal(received[^1], rest[0]);
            Assert.True(rest.Count > 2 * Batch, $"only {rest.Count} messages left: the test must leave more than two batches");

            var again = await CliRunner.RunAtAsync(later, CliRunner.RepositoryRoot, "dispatch", "--once", "--batch", Batch.ToString(CultureInfo.InvariantCulture));

            Assert.True(again.Exit == 0, again.Error);
            Assert.Equal(
                $"claimed {rest.Count}: sent {rest.Count}, retry later 0, dead 0, superseded 0; enqueued for weekly contractors 0" + Environment.NewLine,
                again.Out);
            var emailed = (await _database.DataSource.RowsAsync($"SELECT o.message_id FROM outbox_messages o WHERE {ByEmail}")).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(rest.Where(emailed.Contains), server.Messages.Skip(KillAt).Select(m => m.MessageId));
            Assert.Equal(sentBefore + rest.Count, await _database.DataSource.ScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE status = 'sent' AND attempts = 1 AND lease_until IS NULL"));
            Assert.Equal(0, await _database.DataSource.ScalarAsync<int>($"SELECT count(*) FROM outbox_messages o WHERE {due} OR o.status = 'sending'"));
            Assert.Equal(0, await _database.DataSource.ScalarAsync<int>("SELECT count(*) FROM outbox_sent_marks"));
            Assert.Equal(closed, await _database.DataSource.RowsAsync(Closed));
            Assert.Equal(
                (await _database.DataSource.RowsAsync($"SELECT o.message_id FROM outbox_messages o WHERE o.status = 'sent' AND {ByEmail}")).Order(StringComparer.Ordinal),
                server.Messages.Select(m => m.MessageId).Distinct().Order(StringComparer.Ordinal));
            Assert.Single(server.Messages.GroupBy(m => m.MessageId), g => g.Count() > 1);

            // Every order a sent notice carried is out of planned, issued at most once (gas orders are appointed, not issued).
            Assert.Equal(
                ["0|0"],
                await _database.DataSource.RowsAsync(
                    """
                    SELECT count(*) FILTER (WHERE w.status = 'planned'),
                           count(*) FILTER (WHERE (SELECT count(*) FROM work_order_events e WHERE e.work_order_id = w.id AND e.kind = 'issued') > 1)
                    FROM work_orders w
                    WHERE EXISTS (SELECT 1 FROM outbox_messages o WHERE o.status = 'sent' AND o.kind IN ('contractor-order', 'contractor-programme') AND w.id = ANY(o.work_order_ids))
                    """));
        }
        finally
        {
            Directory.Delete(letters, recursive: true);
        }
    }

    [Fact]
    public async Task ImportCompletions_SecondBatchWaitsPastTheLockTimeout_OneLineExit1_FirstBatchRecordedWithItsEffects_ThenTheRestOnce()
    {
        // 5,003 rows: the first transaction takes rows 1-5,000 (4,997 references no order has, then three reports), the
        // second rows 5,001-5,003. The second's gas visit waits for its appointment, which another session holds, after
        // the batch has already written its orders, audit rows, repair and gas check: all of it must go.
        var cleans = await OpenOrdersAsync("block-clean", 4);
        var gases = await _database.DataSource.RowsAsync(
            """
            SELECT w.reference FROM work_orders w
            WHERE w.service = 'gas-safety' AND w.status IN ('planned', 'issued', 'appointed') AND w.window_start <= '2026-11-29'
              AND EXISTS (SELECT 1 FROM gas_appointments a WHERE a.work_order_id = w.id AND a.status = 'booked')
              AND NOT EXISTS (SELECT 1 FROM work_order_events e WHERE e.work_order_id = w.id AND e.outcome IS NOT NULL)
            ORDER BY w.id LIMIT 2
            """);
        Assert.Equal(2, gases.Count);
        string[] first = [cleans[0], gases[0], cleans[1]];
        string[] second = [cleans[2], gases[1], cleans[3]];
        var csv = new StringBuilder("reference,contractor,date,outcome,category\n");
        for (var i = 1; i <= 4_997; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"WO-2099-{i:000000},sparkle,2026-11-29,done,\n");
        }

        foreach (var reports in new[] { first, second })
        {
            csv.Append(CultureInfo.InvariantCulture, $"{reports[0]},sparkle,2026-11-29,done,\n");
            csv.Append(CultureInfo.InvariantCulture, $"{reports[1]},warmsafe,2026-11-29,done,\n");
            csv.Append(CultureInfo.InvariantCulture, $"{reports[2]},sparkle,2026-11-29,defect,repairs-routine\n");
        }

        var file = Path.Combine(Path.GetTempPath(), $"completions-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, csv.ToString());
        try
        {
            var before = await StateAsync(first.Concat(second));
            (int Exit, string Out, string Error) failed;
            await using (var holder = new NpgsqlConnection(_database.ConnectionString))
            {
                await holder.OpenAsync();
                await using var holding = await holder.BeginTransactionAsync();
                await using (var hold = new NpgsqlCommand(
                    $"SELECT a.id FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.reference = '{second[1]}' AND a.status = 'booked' FOR UPDATE OF a",
                    holder,
                    holding))
                {
                    Assert.NotNull(await hold.ExecuteScalarAsync());
                }

                using var timeout = new EnvironmentScope((EstateDatabase.ConnectionStringVariable, _database.ConnectionString + ";Options=-c lock_timeout=1000"));
                failed = await CliRunner.RunAsync("import-completions", file);
            }

            DatabaseFailureTests.AssertOneLine(
                failed, "import-completions", "canceling statement due to lock timeout (SQLSTATE 55P03)",
                "Rows are recorded in transactions of up to 5,000: those committed before the failure stay recorded, the failing one recorded nothing; "
                + "run it again with the same file: rows already recorded are answered 'already recorded', not recorded twice.");
            Assert.Empty(failed.Out);

            // The first transaction is recorded with its effects: each order completed with one report, the gas check and
            // the attended appointment, the repair raised from the defect. The second left nothing.
            var afterFailure = await StateAsync(first.Concat(second));
            Assert.Equal(
                [
                    $"{first[0]}|completed|1|0|0|∅",
                    $"{first[1]}|completed|1|1|0|attended",
                    $"{first[2]}|completed|1|0|1|∅",
                ],
                afterFailure.Take(3));
            Assert.Equal(before.Skip(3), afterFailure.Skip(3));

            var again = await CliRunner.RunAsync("import-completions", file);

            Assert.Equal(1, again.Exit); // the 4,997 unknown references are refused, as the first time they would have been
            Assert.DoesNotContain("the database failed", again.Error, StringComparison.Ordinal);
            Assert.Equal(4_997, again.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
            var lines = again.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(7, lines.Length);
            Assert.All(lines.Take(3), line => Assert.Contains(": Already recorded: ", line, StringComparison.Ordinal));
            Assert.All(lines.Skip(3).Take(3), line => Assert.Contains(": Recorded: work order ", line, StringComparison.Ordinal));
            Assert.Equal("5003 row(s): 3 recorded, 3 already recorded, 4997 refused.", lines[^1]);
            Assert.Equal(
                [.. afterFailure.Take(3), $"{second[0]}|completed|1|0|0|∅", $"{second[1]}|completed|1|1|0|attended", $"{second[2]}|completed|1|0|1|∅"],
                await StateAsync(first.Concat(second)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    // Each order, in the given order: reference, status, its reports, its gas checks, the repairs raised from it, its gas appointment's status.
    private async Task<List<string>> StateAsync(IEnumerable<string> references)
    {
        var rows = new List<string>();
        foreach (var reference in references)
        {
            rows.AddRange(await _database.DataSource.RowsAsync(
                $"""
                SELECT w.reference, w.status,
                       (SELECT count(*) FROM work_order_events e WHERE e.work_order_id = w.id AND e.outcome IS NOT NULL),
                       (SELECT count(*) FROM gas_checks g WHERE g.work_order_id = w.id),
                       (SELECT count(*) FROM work_orders r WHERE r.parent_id = w.id),
                       (SELECT a.status FROM gas_appointments a WHERE a.work_order_id = w.id ORDER BY a.id DESC LIMIT 1)
                FROM work_orders w WHERE w.reference = '{reference}'
                """));
        }

        return rows;
    }

    private async Task<List<string>> OpenOrdersAsync(string service, int count) =>
        await _database.DataSource.RowsAsync(
            $"""
            SELECT reference FROM work_orders w
            WHERE service = '{service}' AND status IN ('planned', 'issued') AND window_start <= '2026-11-29'
              AND NOT EXISTS (SELECT 1 FROM work_order_events e WHERE e.work_order_id = w.id AND e.outcome IS NOT NULL)
            ORDER BY id LIMIT {count}
            """);

    // Ends the sessions of this database that match the condition, waiting until each has gone; how many it ended.
    private int EndSessions(string condition)
    {
        using var connection = new NpgsqlConnection(_database.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            $"SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND {condition}",
            connection);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
