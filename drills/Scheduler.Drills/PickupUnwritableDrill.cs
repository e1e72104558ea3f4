namespace Scheduler.Drills;

/// <summary>
/// Dispatch to a pickup folder that cannot be written (its path runs through a regular file, which stops root too):
/// <c>dispatch --once</c> twice must name the folder in its error and leave every email pending (none sent, none dead);
/// the letters to post, which need no mail, go into the letter batch meanwhile (since session 38; before, they waited
/// with the mail); once the file is removed, dispatch rounds send every email exactly once (one <c>.eml</c> each). Since
/// session 28 an unwritable folder is an outage (no attempt counted, the messages stay due); the drill still moves every
/// pending row's <c>next_attempt_at</c> to now between runs, so it needs no wait whichever way a message came back.
/// </summary>
internal static class PickupUnwritableDrill
{
    public static async Task<DrillResult> RunAsync(DrillEstate estate)
    {
        var database = await Drill.CopyDatabaseAsync(estate.Server, estate.Applied).ConfigureAwait(false);
        var connection = estate.Server.ConnectionString(database);
        var root = Directory.CreateTempSubdirectory("drill-pickup-").FullName;
        var blocker = Path.Join(root, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a regular file where the pickup folder's parent should be").ConfigureAwait(false);
        var pickup = Path.Join(blocker, "mail");
        var letters = Path.Join(root, "letters");
        var environment = Drill.Environment(estate.Server, database,
            ("Mail__PickupDirectory", pickup), ("Mail__LetterBatchDirectory", letters), ("Smtp__From", "scheduler@examplehomes.example"));
        var result = new DrillResult("pickup folder unwritable", 1);
        var total = await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages").ConfigureAwait(false);
        Console.WriteLine($"  {total:N0} messages in the outbox; pickup folder {pickup}");

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            using var dispatch = WorkerProcess.Start(environment, "dispatch", "--once", "--config", estate.Config);
            var exit = await dispatch.WaitAsync(TimeSpan.FromMinutes(5)).ConfigureAwait(false);
            var named = dispatch.Output.Contains(pickup, StringComparison.Ordinal);
            var states = await StatesAsync(connection).ConfigureAwait(false);
            var attempts = await Drill.CountAsync(connection, "SELECT coalesce(sum(attempts), 0) FROM outbox_messages").ConfigureAwait(false);
            var firstLine = dispatch.Output.Split('\n').FirstOrDefault(l => l.Contains(pickup, StringComparison.Ordinal))?.Trim();
            Console.WriteLine($"  dispatch {attempt} while unwritable: exit {exit}; {states}; {attempts:N0} attempts counted; error names the folder: {named}");
            Console.WriteLine($"    {firstLine}");
            Console.WriteLine("    stored error: " + await Drill.ScalarAsync(connection,
                "SELECT string_agg(n || ' ' || e, '; ') FROM (SELECT count(*) AS n, left(coalesce(last_error, ''), 200) AS e FROM outbox_messages WHERE attempts > 0 AND status = 'pending' GROUP BY 2) d").ConfigureAwait(false));
            if (!named || states.Sent > states.Printed || states.Dead > 0 || states.Pending + states.Printed != total)
            {
                result.Fail($"dispatch {attempt}: exit {exit}, {states}, folder named: {named}\n{dispatch.Output}");
            }

            await Drill.ExecuteAsync(connection, "UPDATE outbox_messages SET next_attempt_at = now() WHERE status = 'pending'").ConfigureAwait(false);
        }

        var printedBefore = (await StatesAsync(connection).ConfigureAwait(false)).Printed;
        File.Delete(blocker);
        var rounds = 0;
        while (rounds < 100 && await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status IN ('pending', 'sending')").ConfigureAwait(false) > 0)
        {
            await WorkerProcess.RunAsync(environment, "dispatch", "--once", "--config", estate.Config).ConfigureAwait(false);
            rounds++;
        }

        var after = await StatesAsync(connection).ConfigureAwait(false);
        var deadWhy = await Drill.ScalarAsync(connection,
            "SELECT string_agg(n || ' ' || e, '; ') FROM (SELECT count(*) AS n, left(coalesce(last_error, ''), 160) AS e FROM outbox_messages WHERE status = 'dead' GROUP BY 2) d").ConfigureAwait(false);
        if (after.Dead > 0)
        {
            Console.WriteLine($"    dead: {deadWhy}");
        }

        var printedWhileDown = printedBefore;
        var files = Directory.Exists(pickup) ? Directory.GetFiles(pickup, "*.eml").Length : 0;
        var printed = Directory.Exists(letters) ? Directory.GetFiles(letters, "*", SearchOption.AllDirectories).Length : 0;
        Console.WriteLine($"  writable again: {rounds} dispatch round(s); {after}; {files:N0} .eml files in the pickup folder, {printed:N0} files in the letter batch folder (tenants who get post)");
        result.Lost = total - after.Sent;
        result.Duplicated = 0;
        result.Note($"{total:N0} messages: {files:N0} emails held while unwritable, all sent after; {printedWhileDown:N0} post letters printed meanwhile, {after.Printed - printedWhileDown:N0} after; 2 refused rounds, exit 1 naming the folder");
        if (after.Sent != total || files > total || files == 0)
        {
            result.Fail($"after the folder came back: {after}, {files} files for {total} messages");
        }

        Directory.Delete(root, recursive: true);
        await estate.Server.DropDatabaseAsync(database).ConfigureAwait(false);
        return result;
    }

    private static async Task<States> StatesAsync(string connection) => new(
        await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status = 'pending'").ConfigureAwait(false),
        await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status = 'sent'").ConfigureAwait(false),
        await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status = 'dead'").ConfigureAwait(false),
        await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status = 'sent' AND delivered_via LIKE 'post:%'").ConfigureAwait(false));

    /// <summary>The outbox's rows by status; <paramref name="Printed"/>: of the sent, the letters put in a letter batch.</summary>
    private sealed record States(long Pending, long Sent, long Dead, long Printed)
    {
        public override string ToString() => $"{Pending:N0} pending, {Sent:N0} sent ({Printed:N0} of them printed letters), {Dead:N0} dead";
    }
}
