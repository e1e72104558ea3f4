using Scheduler.Domain.Estate;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Outbox;

/// <summary>
/// How an order's address is shown is one definition (<c>ShownAddress</c>, branch small38) read in three places: the
/// dispatcher's orders read (what the email, <c>.ics</c> and <c>.csv</c> say), and the changed-address notices' where the
/// order is now and where it was before the import. They must agree, or a notice is written for an address the contractor
/// already holds, or none for one it does not. Pinned through the product: each notice's <c>held</c> is the fingerprint of
/// what the orders read gave for the message the contractor was sent (the "before" reading), and an import that puts
/// back what was sent writes no notice (the "now" reading equals it), for a home whose address has an empty line and a
/// flat number, a home with a long postcode, a site (long postcode) and the blocks on it.
/// </summary>
public sealed partial class AddressChangeNoticeTests
{
    /// <summary>The orders of the assets whose shown address the imports below change.</summary>
    private const string OddAssets = "asset_id IN ('H1', 'H4', 'S1', 'B1', 'B2')";

    private static EstateRegister Odd(string flat, string postcode, string site, string sitePostcode, string block) => Changed(
        TestEstate.Estate(),
        site: s => s.Id == "S1" ? s with { Name = site, Postcode = sitePostcode } : s,
        block: b => b.Id == "B1" ? b with { Name = block } : b,
        home: h => h.Id switch
        {
            "H1" => h with { Address = flat },
            "H4" => h with { Postcode = postcode },
            _ => h,
        });

    /// <summary>What the dispatcher's orders read shows for each order, as the notices' fingerprint (md5 of address, LF, postcode).</summary>
    private async Task<Dictionary<long, string>> ShownAsync(IReadOnlyCollection<long> ids)
    {
        var orders = await new OutboxStore(Database.DataSource).LoadOrdersAsync(ids);
        var shown = new Dictionary<long, string>();
        foreach (var order in orders.Where(o => ids.Contains(o.Id)))
        {
            await using var command = Database.DataSource.CreateCommand("SELECT md5(@address || chr(10) || @postcode)");
            command.Parameters.AddWithValue("address", order.Address);
            command.Parameters.AddWithValue("postcode", order.Postcode);
            shown[order.Id] = (string)(await command.ExecuteScalarAsync())!;
        }

        return shown;
    }

    /// <summary>Each notice of <paramref name="run"/>: its order's id and its <c>held</c>.</summary>
    private async Task<Dictionary<long, string>> HeldAsync(long run) =>
        (await Database.DataSource.RowsAsync($"""
            SELECT work_order_ids[1], payload ->> 'held' FROM outbox_messages
            WHERE {AddressChanges} AND idempotency_key LIKE '%/address/{run}'
            """))
        .Select(r => r.Split('|'))
        .ToDictionary(r => long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), r => r[1]);

    [Fact]
    public async Task ShownAddress_TheOrdersReadAndTheNoticesBeforeAndNow_Agree_ForEmptyLinesFlatNumbersAndLongPostcodes()
    {
        const string LongPostcode = "BFPO 2000 (c/o WC2H 7LT)";
        var first = Odd("Flat 3\n\n12 Acacia Avenue", "GIR 0AA", "Kingfisher Court Estate", LongPostcode, "Flats 1-24 (north stair)");
        var second = Odd("Flat 3\n12 Acacia Avenue", LongPostcode, "Kingfisher Court", "SW1A 1AA", "Flats 1-24");
        var third = Odd("Flat 3A\n\n\n12 Acacia Avenue\n", "GIR  0AA", "Kingfisher Ct. Estate", "SW1A 1AA ", "Flats 1-24, north stair");
        Assert.Equal(4, (await ImportAsync(first)).Updated); // S1, B1, H1, H4 (B2 shows S1)
        var config = PerOrderConfig();
        await ApplyAsync(config);
        Assert.NotEmpty(await DispatchAsync(config));
        var ids = (await Database.DataSource.RowsAsync($"""
                SELECT id FROM work_orders WHERE {OddAssets} AND {Open}
                AND EXISTS (SELECT 1 FROM outbox_messages o WHERE o.work_order_ids @> ARRAY[work_orders.id] AND o.status = 'sent'
                            AND o.kind IN ('contractor-order', 'contractor-programme'))
                ORDER BY id
                """))
            .Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var sent = await ShownAsync(ids);
        Assert.Equal(ids.Count, sent.Count);
        Assert.Equal(["B1", "B2", "H1", "H4", "S1"], (await Database.DataSource.RowsAsync($"SELECT DISTINCT asset_id FROM work_orders WHERE id = ANY('{{{string.Join(',', ids)}}}') ORDER BY 1")));

        // Changed: each notice holds what the orders read showed in the message sent (the "before" reading).
        var toSecond = await ImportAsync(second);
        Assert.Equal(ids.Count, toSecond.AddressNotices);
        Assert.Equal(sent, await HeldAsync(toSecond.ImportRunId));
        Assert.Equal(ids.Count, (await DispatchAsync(config)).Count(m => m.Subject!.StartsWith("New address for work order ", StringComparison.Ordinal)));
        var sentSecond = await ShownAsync(ids);
        Assert.All(ids, id => Assert.NotEqual(sent[id], sentSecond[id]));

        // Changed again, then back to what was sent before its notices went: none written (the "now" reading equals what
        // the orders read showed), every waiting one superseded.
        var toThird = await ImportAsync(third);
        Assert.Equal(ids.Count, toThird.AddressNotices);
        Assert.Equal(sentSecond, await HeldAsync(toThird.ImportRunId));
        var back = await ImportAsync(second);
        Assert.Equal(0, back.AddressNotices);
        Assert.Equal(ids.Count, await CountAsync($"{AddressChanges} AND status = 'superseded' AND last_error = '{AddressChangeNotices.BackToSent}'"));
        Assert.Empty(await DispatchAsync(config));
    }
}
