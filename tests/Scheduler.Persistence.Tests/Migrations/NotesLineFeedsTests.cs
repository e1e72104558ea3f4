using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Migrations;

/// <summary>
/// Migration <c>NotesLineFeeds</c> on a database with contractors' notes stored before branch feedback38, when a note
/// kept the line breaks its route sent (a browser's textarea CRLF, a CSV file's CR): each reads with LF after
/// migrating, as <c>CompletionNote.Normalise</c> stores a note since, and through the audit view too; a note already
/// in LF, one on one line and a missing one are left as they were (not even rewritten), and no CR is left for a second
/// run to find.
/// </summary>
public sealed class NotesLineFeedsTests
{
    private const string Before = "20261202170000_TenantsRegisterVersion";

    [Fact]
    public async Task Migrate_NotesStoredWithCrlfOrCr_ReadWithLf_OthersUntouched()
    {
        await using var database = await PartlyMigratedDatabase.CreateAsync(Before);
        var dataSource = database.DataSource;
        await dataSource.ExecuteAsync("""
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                     status, contractor_id, occurrence_key, config_version, created_at)
            VALUES ('V1', 's', 's', 'H1', 'property', '2027-03-01', '2027-03-31', '2027-03-10', 'completed', 'c', 'k/V1', 'v1', now())
            """);
        string?[] notes = ["Boiler\r\nserviced\r\n\r\nFlue checked", "Gutter\rcleared", "Mixed\r\nbreaks\rand\nLF", "Already\nLF", "One line", null];
        foreach (var (note, i) in notes.Select((n, i) => (n, i)))
        {
            // As the routes stored a note before feedback38: trimmed, line breaks as sent.
            await dataSource.ExecuteAsync(
                $"""
                INSERT INTO work_order_events (work_order_id, at, kind, from_status, to_status, reason, source, outcome, contractor_id, note, visit_on)
                SELECT id, now(), 'completed', 'issued', 'completed', 'reported {i}', 'page', 'done', 'c', {(note is null ? "NULL" : $"E'{note.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}'")}, '2027-03-04'
                FROM work_orders WHERE reference = 'V1'
                """);
        }

        var untouched = await dataSource.RowsAsync("SELECT reason || ' ' || xmin::text FROM work_order_events WHERE note !~ E'\\r' OR note IS NULL ORDER BY id");
        Assert.Equal(3, await dataSource.ScalarAsync<int>("SELECT count(*)::int FROM work_order_events WHERE note ~ E'\\r'"));

        await database.MigrateOnAsync();

        Assert.Equal(
            ["Boiler\nserviced\n\nFlue checked", "Gutter\ncleared", "Mixed\nbreaks\nand\nLF", "Already\nLF", "One line", "(none)"],
            await dataSource.RowsAsync("SELECT coalesce(note, '(none)') FROM work_order_events ORDER BY id"));
        Assert.Equal(
            await dataSource.RowsAsync("SELECT coalesce(note, '(none)') FROM work_order_events ORDER BY id"),
            await dataSource.RowsAsync("SELECT coalesce(note, '(none)') FROM work_order_history WHERE id IS NOT NULL ORDER BY id"));
        Assert.Equal(untouched, await dataSource.RowsAsync("SELECT reason || ' ' || xmin::text FROM work_order_events WHERE note !~ E'\\r' AND reason IN ('reported 3', 'reported 4', 'reported 5') OR note IS NULL ORDER BY id"));
        Assert.Equal(0, await dataSource.ScalarAsync<int>("SELECT count(*)::int FROM work_order_events WHERE note ~ E'\\r'"));
    }
}
