using System.Globalization;
using Npgsql;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Drills;

/// <summary>
/// SIGKILL <c>dispatch</c> while it is sending to a real SMTP server, N times, then let a clean dispatcher finish:
/// every outbox message arrives (0 lost), and the only duplicates are messages that were on the wire when a
/// dispatcher died, each carrying the same Message-Id as its first copy. The 5-minute lease a killed dispatcher leaves
/// on its claimed rows is fast-forwarded (set to now) rather than waited out.
/// </summary>
internal static class KillDispatchDrill
{
    public static async Task<DrillResult> RunAsync(DrillEstate estate, int kills, int seed)
    {
        var random = new Random(seed);
        var database = await Drill.CopyDatabaseAsync(estate.Server, estate.Applied).ConfigureAwait(false);
        var connection = estate.Server.ConnectionString(database);
        // The messages due now (the worker runs on the real clock): notices and letters written ahead of their time
        // (issueAhead, letterAhead) whose release is still to come are scheduled, not part of the drill's backlog.
        var total = await Drill.CountAsync(connection, $"SELECT count(*) FROM outbox_messages WHERE status = 'pending' AND {Due}").ConfigureAwait(false);
        await using var smtp = TestSmtpServer.Start();
        // Tenants who get letters by post need the printed letter batch folder, or their letters are dead at once.
        var letters = Directory.CreateTempSubdirectory("drill-letters-");
        var environment = Drill.Environment(estate.Server, database,
            ("Smtp__Host", "127.0.0.1"), ("Smtp__Port", smtp.Port.ToString(CultureInfo.InvariantCulture)), ("Smtp__Security", "None"),
            ("Smtp__From", "scheduler@examplehomes.example"), ("Mail__LetterBatchDirectory", letters.FullName));
        var result = new DrillResult("SIGKILL mid-dispatch", kills);
        Console.WriteLine($"  {total:N0} messages in the outbox");

        for (var kill = 1; kill <= kills; kill++)
        {
            var before = smtp.Messages.Count;
            using (var dispatch = WorkerProcess.Start(environment, "dispatch", "--config", estate.Config))
            {
                // Wait until this dispatcher is sending, then a little longer, so the kill lands mid-batch.
                var waited = await WaitAsync(() => smtp.Messages.Count > before || dispatch.HasExited, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                if (!waited || dispatch.HasExited)
                {
                    result.Fail($"kill {kill}: the dispatcher never started sending:\n{dispatch.Output}");
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50 + random.Next(1_500))).ConfigureAwait(false);
                dispatch.Kill();
                await dispatch.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }

            var sending = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status = 'sending'").ConfigureAwait(false);
            result.Count(sending > 0 ? "left claimed rows behind" : "left nothing claimed");
            await Drill.ExecuteAsync(connection, "UPDATE outbox_messages SET lease_until = now() - interval '1 second' WHERE lease_until IS NOT NULL").ConfigureAwait(false);
            Console.WriteLine($"  kill {kill}/{kills}: {smtp.Messages.Count - before:N0} received by then, {sending:N0} rows left claimed");
        }

        for (var round = 0; round < 50 && await OpenAsync(connection).ConfigureAwait(false) > 0; round++)
        {
            await WorkerProcess.RunAsync(environment, "dispatch", "--once", "--config", estate.Config).ConfigureAwait(false);
        }

        await CheckAsync(connection, smtp, kills, result).ConfigureAwait(false);
        await LetterBatchCheck.CheckAsync(connection, letters.FullName, result).ConfigureAwait(false);
        await estate.Server.DropDatabaseAsync(database).ConfigureAwait(false);
        letters.Delete(recursive: true);
        return result;
    }

    private static async Task CheckAsync(string connection, TestSmtpServer smtp, int kills, DrillResult result)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"SELECT message_id, status FROM outbox_messages WHERE coalesce(delivered_via, 'email') = 'email' AND {Due}", db);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                rows[Bare(reader.GetString(0))] = reader.GetString(1);
            }
        }

        var received = smtp.Messages.GroupBy(m => Bare(m.MessageId ?? string.Empty), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var unsent = rows.Count(r => r.Value is not ("sent" or "superseded"));
        var sentButMissing = rows.Count(r => r.Value == "sent" && !received.ContainsKey(r.Key));
        var unknown = received.Keys.Count(id => !rows.ContainsKey(id));
        result.Lost = unsent + sentButMissing;
        result.Duplicated = received.Values.Sum(n => n - 1);
        result.Note($"{rows.Count:N0} messages, {received.Count:N0} distinct received");
        if (unsent > 0)
        {
            var reasons = await Drill.CountAsync(connection, "SELECT count(DISTINCT last_error) FROM outbox_messages WHERE status = 'dead'").ConfigureAwait(false);
            result.Fail($"{unsent} messages are not sent: " + string.Join(", ", rows.Where(r => r.Value is not ("sent" or "superseded")).GroupBy(r => r.Value).Select(g => $"{g.Count()} {g.Key}")) + $" ({reasons} distinct errors among the dead)");
        }

        if (sentButMissing > 0 || unknown > 0)
        {
            result.Fail($"{sentButMissing} messages marked sent never arrived; {unknown} arrived with a Message-Id the outbox does not have");
        }

        if (result.Duplicated > kills)
        {
            result.Fail($"{result.Duplicated} duplicates for {kills} kills: more than one per kill");
        }
    }

    private const string Due = "NOT coalesce(release_at > now(), false)";

    private static Task<long> OpenAsync(string connection) =>
        Drill.CountAsync(connection, $"SELECT count(*) FROM outbox_messages WHERE status IN ('pending', 'sending') AND {Due}");

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        return true;
    }

    private static string Bare(string messageId) => messageId.Trim().TrimStart('<').TrimEnd('>');
}
