using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Orders;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Outbox;

/// <summary>
/// <see cref="OutboxStore.LoadOrdersAsync"/> (the dispatcher's read of a batch's orders) against the plain statement it
/// replaced: the orders asked for, each live follow-up of them, each once, with the asset's name, address and postcode.
/// </summary>
public sealed class OutboxStoreOrdersTests : GenerationTestBase
{
    // The statement before branch dispatch5 (one OR, plain joins): the specification of what the dispatcher reads.
    private const string Reference = """
        SELECT w.id, w.reference, coalesce(s.name, b.name, h.address, w.asset_id),
               coalesce(s.name, b.name || ', ' || coalesce(bs.name, b.site_id), h.address, w.asset_id),
               coalesce(s.postcode, bs.postcode, h.postcode, ''), w.status, w.parent_id
        FROM work_orders w
        LEFT JOIN sites s ON w.asset_kind = 'site' AND s.id = w.asset_id
        LEFT JOIN blocks b ON w.asset_kind = 'block' AND b.id = w.asset_id
        LEFT JOIN sites bs ON bs.id = b.site_id
        LEFT JOIN homes h ON w.asset_kind = 'property' AND h.id = w.asset_id
        WHERE w.id = ANY('{IDS}'::bigint[]) OR (w.parent_id = ANY('{IDS}'::bigint[]) AND w.status <> 'cancelled')
        ORDER BY w.target_date, w.reference
        """;

    [Fact]
    public async Task LoadOrders_ParentsFollowUpsAndHomes_SameRowsAsThePlainStatement()
    {
        await ApplyAsync(AsOf);
        var ds = Database.DataSource;
        var parents = (await ds.RowsAsync("SELECT DISTINCT parent_id FROM work_orders WHERE parent_id IS NOT NULL ORDER BY 1")).Select(long.Parse).ToList();
        var followUps = (await ds.RowsAsync("SELECT id FROM work_orders WHERE parent_id IS NOT NULL ORDER BY id")).Select(long.Parse).ToList();
        var homes = (await ds.RowsAsync("SELECT id FROM work_orders WHERE asset_kind = 'property' ORDER BY id")).Select(long.Parse).ToList();
        Assert.True(parents.Count >= 2 && followUps.Count >= 2 && homes.Count >= 1, "the test estate needs follow-ups and property orders");

        // Orders of every asset kind side by side (each read from its own table since branch scale20): sites, blocks
        // with their site's name and postcode, homes.
        var sites = (await ds.RowsAsync("SELECT id FROM work_orders WHERE asset_kind = 'site' ORDER BY id LIMIT 50")).Select(long.Parse).ToList();
        var blocks = (await ds.RowsAsync("SELECT id FROM work_orders WHERE asset_kind = 'block' ORDER BY id LIMIT 50")).Select(long.Parse).ToList();
        Assert.True(sites.Count >= 1 && blocks.Count >= 1, "the test estate needs site and block orders");

        // A cancelled follow-up is not shown under its parent, but is still read when asked for by id.
        await ds.ExecuteAsync($"UPDATE work_orders SET status = 'cancelled', cancelled_reason = 'test' WHERE id = {followUps[0]}");
        var store = new OutboxStore(ds);
        long[][] cases =
        [
            [.. parents],
            [parents[0], followUps[^1]], // a parent and one of its follow-ups (or another's): each once
            [.. followUps],
            [.. homes],
            [.. parents, .. followUps, .. homes],
            [followUps[0]],
            [.. sites],
            [.. blocks],
            [.. sites, .. blocks, .. homes.Take(50)],
        ];

        foreach (var ids in cases)
        {
            var loaded = await store.LoadOrdersAsync(ids);
            var expected = await ds.RowsAsync(Reference.Replace("{IDS}", "{" + string.Join(',', ids) + "}", StringComparison.Ordinal));
            Assert.Equal(expected, loaded.Select(o => $"{o.Id}|{o.Reference}|{o.AssetName}|{o.Address}|{o.Postcode}|{o.Status}|{(o.ParentId is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "∅")}"));
        }

        Assert.Contains(await store.LoadOrdersAsync([.. homes]), o => o.Postcode.Length > 0 && o.Address != o.AssetId);
        Assert.Contains(await store.LoadOrdersAsync([.. blocks]), o => o.Postcode.Length > 0 && o.Address.Contains(", ", StringComparison.Ordinal));
        Assert.Contains(await store.LoadOrdersAsync([.. sites]), o => o.Postcode.Length > 0 && o.AssetName != o.AssetId);
    }
}
