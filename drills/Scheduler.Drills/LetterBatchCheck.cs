using Npgsql;
using Scheduler.Worker.Letters;

namespace Scheduler.Drills;

/// <summary>
/// After a drill, the printed letter batch against the outbox: every tenant letter the outbox says went by post is in
/// exactly one visible volume of the folder, every visible volume is whole (a torn write would show here), and no
/// volume holds a letter the outbox does not know. Hidden temporary files a killed writer left are counted, not failed
/// (the mailing house never takes them; the next write of their day removes them).
/// </summary>
internal static class LetterBatchCheck
{
    public static async Task CheckAsync(string connection, string folder, DrillResult result)
    {
        var posted = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT message_id, status FROM outbox_messages WHERE delivered_via LIKE 'post:%'", db);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                posted[LetterBatchDocument.MarkerId(reader.GetString(0))] = reader.GetString(1);
            }
        }

        var printed = new Dictionary<string, int>(StringComparer.Ordinal);
        var volumes = 0;
        var torn = 0;
        var hidden = 0;
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            if (Path.GetFileName(path).StartsWith('.'))
            {
                hidden++;
                continue;
            }

            volumes++;
            if (LetterBatchDocument.ReadLetters(await File.ReadAllTextAsync(path).ConfigureAwait(false)) is not { } letters)
            {
                torn++;
                continue;
            }

            foreach (var (id, _) in letters)
            {
                printed[id] = printed.GetValueOrDefault(id) + 1;
            }
        }

        var unsent = posted.Count(p => p.Value is not ("sent" or "superseded"));
        var missing = posted.Count(p => p.Value == "sent" && !printed.ContainsKey(p.Key));
        var unknown = printed.Keys.Count(id => !posted.ContainsKey(id));
        var doubled = printed.Values.Sum(n => n - 1);
        result.Note($"letters by post: {posted.Count:N0} rows, {printed.Count:N0} distinct printed in {volumes:N0} volume(s), {doubled} printed twice, {hidden} hidden leftover(s)");
        if (unsent > 0 || missing > 0 || unknown > 0 || doubled > 0 || torn > 0)
        {
            result.Fail($"letter batch: {unsent} post letters not sent, {missing} sent but in no volume, {unknown} printed but unknown to the outbox, {doubled} printed twice, {torn} volume(s) not whole");
        }
    }
}
