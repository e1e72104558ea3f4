namespace Scheduler.Drills;

/// <summary>
/// Dispatch to a pickup folder that cannot be written (its path runs through a regular file, which stops root too):
/// <c>dispatch --once</c> twice must name the folder in its error and leave every message pending (none sent, none
/// dead); once the file is removed, dispatch rounds send every message exactly once (one <c>.eml</c> each). The retry
/// wait a transient failure sets (<c>next_attempt_at</c>) is fast-forwarded rather than waited out.
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
        var environment = Drill.Environment(estate.Server, database, ("Mail__PickupDirectory", pickup), ("Smtp__From", "scheduler@examplehomes.example"));
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
            if (!named || states.Sent > 0 || states.Dead > 0 || states.Pending != total)
            {
                result.Fail($"dispatch {attempt}: exit {exit}, {states}, folder named: {named}\n{dispatch.Output}");
            }

            await Drill.ExecuteAsync(connection, "UPDATE outbox_messages SET next_attempt_at = now() WHERE status = 'pending'").ConfigureAwait(false);
        }

        File.Delete(blocker);
        var rounds = 0;
        while (rounds < 100 && await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status IN ('pending', 'sending')").ConfigureAwait(false) > 0)
        {
            await WorkerProcess.RunAsync(environment, "dispatch", "--once", "--config", estate.Config).ConfigureAwait(false);
            rounds++;
        }

        var after = await StatesAsync(connection).ConfigureAwait(false);
        var files = Directory.Exists(pickup) ? Directory.GetFiles(pickup, "*.eml").Length : 0;
        Console.WriteLine($"  writable again: {rounds} dispatch rounds; {after}; {files:N0} .eml files");
        result.Lost = total - after.Sent;
        result.Duplicated = Math.Max(0, files - after.Sent);
        result.Note($"{total:N0} messages held while unwritable, all sent after");
        if (after.Sent != total || files != total)
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
        await Drill.CountAsync(connection, "SELECT count(*) FROM outbox_messages WHERE status = 'dead'").ConfigureAwait(false));

    private sealed record States(long Pending, long Sent, long Dead)
    {
        public override string ToString() => $"{Pending:N0} pending, {Sent:N0} sent, {Dead:N0} dead";
    }
}
