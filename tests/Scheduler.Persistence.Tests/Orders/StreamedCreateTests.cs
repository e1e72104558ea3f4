using NodaTime;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Orders;

/// <summary>
/// Apply writes the plan's leading creations into <c>work_orders</c> while it still compares (<c>CreateStream</c>),
/// then the rest (floating visits, follow-ups, creations after a replacement), then every creation's audit row and
/// notice. The result must be what one write after the compare gives: references in the plan's order, follow-ups
/// linked to their parents whether created now or stored, one audit row each, nothing lost between the two parts.
/// </summary>
public class StreamedCreateTests : GenerationTestBase
{
    [Fact]
    public async Task Apply_FirstTime_EachCreatedReferenceIsThePlannedOccurrenceAtTheSameIndex()
    {
        var result = await ApplyAsync(AsOf);

        var ds = Database.DataSource;
        var byReference = (await ds.RowsAsync("SELECT reference, occurrence_key, id FROM work_orders"))
            .Select(r => r.Split('|'))
            .ToDictionary(r => r[0], r => (Key: r[1], Id: long.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(result.Plan.Create.Count, result.CreatedReferences.Count);
        Assert.Equal(result.Plan.Create.Select(o => o.Key), result.CreatedReferences.Select(r => byReference[r].Key));

        // Ids (and so reference numbers) ascend in the plan's order across the streamed and the later part.
        var ids = result.CreatedReferences.Select(r => byReference[r].Id).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(0, await ds.ScalarAsync<int>("""
            SELECT count(*) FROM work_orders w
            WHERE (SELECT count(*) FROM work_order_history e WHERE e.work_order_id = w.id AND e.kind = 'created') <> 1
            """));
        Assert.Equal(
            await ds.RowsAsync("SELECT 'order/' || reference || '/0' FROM work_orders WHERE contractor_id = 'warmfix' ORDER BY id"),
            await ds.RowsAsync("SELECT idempotency_key FROM outbox_messages ORDER BY id"));
    }

    [Fact]
    public async Task Apply_FollowUpAddedWhileItsParentsAreStored_LinksEachToItsParentStoredOrCreated()
    {
        var noSweep = Config([CleanWeekly(), CleanFortnightly(), GrassCut() with { FollowUps = [] }, GasSafety()]);
        await ApplyAsync(AsOf, noSweep);
        var ds = Database.DataSource;
        var storedCuts = await ds.RowsAsync("SELECT reference FROM work_orders WHERE service = 'grass-cut' ORDER BY id");
        var later = AsOf.PlusWeeks(4); // the horizon reaches further: new block cleans and grass cuts, created now

        var result = await ApplyAsync(later, Config(version: "v2"));

        Assert.Equal(0, result.CancelCount);
        Assert.Contains(result.Plan.Create, o => o.ScheduleId == "clean-weekly");
        var sweeps = await ds.RowsAsync("""
            SELECT p.reference, CASE WHEN p.config_version = 'v1' THEN 'stored' ELSE 'created' END
            FROM work_orders f JOIN work_orders p ON p.id = f.parent_id
            JOIN work_order_history e ON e.work_order_id = f.id AND e.kind = 'created' AND e.reason = 'follow-up of ' || p.reference
            WHERE f.service = 'path-sweep' AND p.service = 'grass-cut' AND p.asset_id = f.asset_id AND p.target_date < f.target_date
            ORDER BY f.id
            """);
        Assert.Equal(await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE service = 'path-sweep'"), sweeps.Count);
        Assert.Equal(result.Plan.Create.Count(o => o.Service == "path-sweep"), sweeps.Count);
        Assert.Contains(sweeps, s => s.EndsWith("|stored", StringComparison.Ordinal) && storedCuts.Contains(s.Split('|')[0]));
        Assert.Contains(sweeps, s => s.EndsWith("|created", StringComparison.Ordinal));
        Assert.True((await ApplyAsync(later, Config(version: "v2"))).Plan.IsEmpty);
    }
}
