using NodaTime;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Orders.FullCompare;

/// <summary>
/// <c>work_orders.usual_key</c> (migration <c>UsualOccurrenceKey</c>) is true exactly when the row's occurrence key is
/// the text its schedule, asset, window start and service give (<c>schedule/asset/yyyy-MM-dd/service</c>, a four-digit
/// year, no <c>/</c> in the ids), also after an update; and the stored orders' read, which sends the key only when the
/// flag is false (<see cref="StoredOrderReader"/>), gives every row back with its key exactly as stored.
/// </summary>
public sealed class UsualKeyTests : IAsyncLifetime
{
    private EstateTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await EstateTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task UsualKey_VariedKeys_TrueExactlyForTheKeyTheColumnsGive_AndTheReadGivesEveryKeyAsStored()
    {
        var ds = _database.DataSource;
        (string Reference, string Schedule, string Asset, string Start, string Service, string Key, bool Usual)[] rows =
        [
            ("WO-2027-000001", "gas-safety", "H1", "2027-03-01", "gas-safety", "gas-safety/H1/2027-03-01/gas-safety", true),
            ("WO-2027-000002", "gas-safety", "H2", "2027-03-01", "gas-safety", "gas-safety/H2/2027-3-1/gas-safety", false), // another date text
            ("WO-2027-000003", "gas-safety", "H3", "2027-03-01", "gas-safety", "gas-safety/H9/2027-03-01/gas-safety", false), // another asset's
            ("WO-2027-000004", "gas-safety", "H/4", "2027-03-01", "gas-safety", "gas-safety/H/4/2027-03-01/gas-safety", false), // '/' in the asset
            ("WO-2027-000005", "grass/cut", "S1", "2027-03-01", "grass-cut", "grass/cut/S1/2027-03-01/grass-cut", false), // '/' in the schedule
            ("WO-2027-000006", "grass-cut", "S1", "2027-03-01", "path/sweep", "grass-cut/S1/2027-03-01/path/sweep", false), // '/' in the service
            ("WO-2027-000007", "gas-safety", "H5", "0999-06-01", "gas-safety", "gas-safety/H5/0999-06-01/gas-safety", true), // a year of three digits
            ("WO-2027-000008", "gas-safety", "H6", "2027-03-01", "gas-safety", "gas-safety/H6/2027-03-01/gas-safety/x", false), // more after it
            ("WO-2027-000009", "clean-weekly", "B1", "2027-12-31", "block-clean", "clean-weekly/B1/2027-12-31/block-clean", true),
            ("WO-2027-000010", "clean-weekly", "B1", "2027-12-31", "block-clean", "clean-weekly/b1/2027-12-31/block-clean", false), // case differs
        ];
        foreach (var r in rows)
        {
            await ds.ExecuteAsync($"""
                INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                         status, contractor_id, occurrence_key, config_version, created_at)
                VALUES ('{r.Reference}', '{r.Schedule}', '{r.Service}', '{r.Asset}', 'property', '{r.Start}', '{r.Start}', '{r.Start}',
                        'planned', 'gas', '{r.Key}', 'v1', '2027-01-01 06:00Z')
                """);
        }

        Assert.Equal(
            rows.Select(r => $"{r.Reference}|{(r.Usual ? "t" : "f")}"),
            await ds.RowsAsync("SELECT reference || '|' || usual_key::text::char FROM work_orders ORDER BY reference"));
        Assert.Equal(rows.Select(r => $"{r.Reference}|{r.Key}"), await ReadKeysAsync());

        // Written again: the flag follows the columns (another asset makes the key unusual, the key made to match it usual again).
        await ds.ExecuteAsync("UPDATE work_orders SET asset_id = 'H8' WHERE reference = 'WO-2027-000001'");
        Assert.False(await ds.ScalarAsync<bool>("SELECT usual_key FROM work_orders WHERE reference = 'WO-2027-000001'"));
        await ds.ExecuteAsync("UPDATE work_orders SET occurrence_key = 'gas-safety/H3/2027-03-01/gas-safety' WHERE reference = 'WO-2027-000003'");
        Assert.True(await ds.ScalarAsync<bool>("SELECT usual_key FROM work_orders WHERE reference = 'WO-2027-000003'"));
        Assert.Equal(
            await ds.RowsAsync("SELECT reference || '|' || occurrence_key FROM work_orders ORDER BY reference"),
            await ReadKeysAsync());
    }

    private async Task<IEnumerable<string>> ReadKeysAsync()
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        var table = await StoredOrderReader.ReadAsync(
            connection, null, new LocalDate(2027, 1, 1), new StoredOrderReader.KnownNames(["gas-safety", "clean-weekly"], ["gas-safety", "block-clean"], ["gas"]), default);
        return table.Select(o => $"{o.Reference}|{o.Key}").Order(StringComparer.Ordinal);
    }
}
