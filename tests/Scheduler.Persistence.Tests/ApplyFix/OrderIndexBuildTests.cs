using NodaTime;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.ApplyFix;

/// <summary>
/// <see cref="OrderIndexBuild"/>: a first apply of more than <see cref="OrderIndexBuild.MinimumOrders"/> orders into an
/// empty <c>work_orders</c> drops the table's secondary indexes before the COPY and builds them again after the last
/// order, in the apply's transaction. The indexes come back exactly as they were (each from its own definition), the
/// orders are what the apply planned, a later apply finds them through the rebuilt indexes, and a unique violation that
/// only the rebuild can see still sends the apply down its idempotent path with the indexes as they were.
/// </summary>
public sealed class OrderIndexBuildTests : IAsyncLifetime
{
    private static readonly LocalDate AsOf = new(2027, 3, 1);

    // Every index of work_orders: its oid (new when it was built again), its name and its definition.
    private const string IndexesSql = """
        SELECT i.indexrelid::bigint, c.relname, pg_get_indexdef(i.indexrelid), i.indisprimary::text
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = 'work_orders'::regclass ORDER BY c.relname
        """;

    private EstateTestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await EstateTestDatabase.CreateAsync();
        await new RegisterImporter(_database.DataSource, Clock()).ImportAsync(LargeEstate(), "test", AsOf);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Apply_FirstLargeApply_IndexesBuiltAfterTheRowsExactlyAsTheyWere()
    {
        var before = await IndexesAsync();

        var result = await Generation().ApplyAsync(AsOf);

        Assert.InRange(result.CreateCount, OrderIndexBuild.MinimumOrders + 1, int.MaxValue);
        var after = await IndexesAsync();
        Assert.Equal(before.Select(i => (i.Name, i.Definition)), after.Select(i => (i.Name, i.Definition)));

        // Built again: every secondary index is a new relation, the primary key is the one the migration made.
        foreach (var (b, a) in before.Zip(after))
        {
            Assert.True(b.Primary ? a.Oid == b.Oid : a.Oid != b.Oid, $"{a.Name}: oid {b.Oid} before, {a.Oid} after");
        }

        var ds = _database.DataSource;
        Assert.Equal(result.CreateCount, await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders"));
        Assert.Equal(result.Plan.Create.Select(o => o.Key).Order(StringComparer.Ordinal), (await ds.RowsAsync("SELECT occurrence_key FROM work_orders")).Order(StringComparer.Ordinal));
        Assert.Equal(0, await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders f WHERE f.service = 'path-sweep' AND f.parent_id IS NULL"));

        // The rebuilt indexes are what later applies read and what keeps a key live once: the same day again creates
        // nothing and leaves them alone (a full table is not worth a rebuild).
        var again = await Generation().ApplyAsync(AsOf);
        Assert.Equal(0, again.CreateCount);
        Assert.Equal(0, again.CancelCount);
        Assert.Equal(after, await IndexesAsync());
        Assert.Equal(1, await ds.ScalarAsync<int>("SELECT count(*) FROM pg_index i WHERE i.indexrelid = 'ix_work_orders_occurrence_key'::regclass AND i.indisvalid AND i.indisunique"));
    }

    [Fact]
    public async Task Apply_LargeApplyWithALiveKeyNotPlannedAgainst_FallsBackAndTheIndexesAreAsTheyWere()
    {
        // A live order with a key the plan wants, which the stored-order read does not cover (closed, aimed before
        // as-of): with the indexes dropped, only their rebuild sees the duplicate (CreateFallbackTests has the small case).
        var plan = await Generation().PlanAsync(AsOf);
        var taken = plan.Plan.Create.First(o => o.ScheduleId == "clean-weekly" && o.Parent is null);
        var ds = _database.DataSource;
        await ds.ExecuteAsync($"""
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                     status, contractor_id, occurrence_key, config_version, created_at, completed_on)
            VALUES ('WO-2026-900001', 'clean-weekly', 'block-clean', '{taken.AssetId}', 'block', '2026-12-01', '2026-12-31', '2026-12-01',
                    'completed', 'by-hand', '{taken.Key}', 'v0', '2026-12-01 09:00Z', '2026-12-01')
            """);
        var before = await IndexesAsync();

        var result = await Generation().ApplyAsync(AsOf);

        Assert.Equal(plan.Plan.Create.Count - 1, result.CreateCount);
        Assert.Equal(before, await IndexesAsync()); // the rollback to the savepoint undid the drop: the same relations
        Assert.Equal(
            [$"WO-2026-900001|completed"],
            await ds.RowsAsync($"SELECT reference, status FROM work_orders WHERE occurrence_key = '{taken.Key}'"));
        Assert.Equal(result.CreateCount + 1, await ds.ScalarAsync<int>("SELECT count(DISTINCT occurrence_key) FROM work_orders"));
    }

    [Theory]
    [InlineData(99, 0)] // fewer orders than the threshold
    [InlineData(150, 100)] // the table already holds as many rows as the threshold: adding to the indexes costs less
    public async Task DropIfWorth_SmallWriteOrTableNotEmpty_NothingDropped(int orders, int stored)
    {
        var ds = _database.DataSource;
        if (stored > 0)
        {
            await ds.ExecuteAsync($"""
                INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                         status, contractor_id, occurrence_key, config_version, created_at)
                SELECT 'WO-2026-' || lpad(n::text, 6, '0'), 'clean-weekly', 'block-clean', 'B1', 'block', '2026-12-01', '2026-12-01',
                       '2026-12-01', 'completed', 'by-hand', 'by-hand/' || n, 'v0', '2026-12-01 09:00Z'
                FROM generate_series(1, {stored}) n
                """);
        }

        var before = await IndexesAsync();
        await using var connection = await ds.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.Null(await OrderIndexBuild.DropIfWorthAsync(connection, transaction, orders, default, minimumOrders: 100));
        await transaction.CommitAsync();
        Assert.Equal(before, await IndexesAsync());
    }

    private WorkOrderGeneration Generation() =>
        new(_database.DataSource, Config(contractors: [Cleaner(), Grounds(), GasEngineer()], horizonWeeks: 52), Calendar, Clock());

    private async Task<List<(long Oid, string Name, string Definition, bool Primary)>> IndexesAsync() =>
        [.. (await _database.DataSource.RowsAsync(IndexesSql)).Select(r => r.Split('|')).Select(r => (long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), r[1], r[2], r[3] == "true"))];

    /// <summary>One site with grass (monthly and fortnightly cuts, a path sweep after each), 100 weekly blocks, 20 gas homes: ~5,300 orders a year.</summary>
    private static EstateRegister LargeEstate()
    {
        var blocks = Enumerable.Range(1, 100).Select(i => Block($"B{i}", "S1", "weekly")).ToList();
        var homes = Enumerable.Range(1, 20).Select(i => Home($"H{i}", $"B{i}", "S1", new LocalDate(2026, 1 + (i % 12), 10))).ToList();
        return new EstateRegister([new Area("north", "North patch"), new Area("south", "South patch")], [Site("S1")], blocks, homes, []);
    }
}
