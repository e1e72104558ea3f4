using NodaTime;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Import;

/// <summary>
/// An import that changes a tenth of a table or more analyzes it in its own transaction, so the apply that follows at
/// once plans with the new rows' statistics instead of none (the tenant letters' lookup, without them, scanned the
/// tenants once per letter). <c>pg_class.reltuples</c> is what the last ANALYZE counted: -1 for a table never analyzed.
/// </summary>
public class ImportStatisticsTests
{
    private static readonly LocalDate AsOf = new(2027, 3, 1);

    [Fact]
    public async Task Import_NewRegister_AnalyzesEveryTableItFilled()
    {
        await using var database = await EstateTestDatabase.CreateAsync();

        await new RegisterImporter(database.DataSource, Clock()).ImportAsync(WithHomes(40), "first", AsOf);

        Assert.Equal(["areas|2", "blocks|3", "homes|40", "sites|2", "tenants|40"], await CountedAsync(database));
        Assert.True(await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM pg_stats WHERE tablename = 'tenants' AND attname = 'home_id'") > 0);
    }

    [Fact]
    public async Task Import_ChangingLessThanATenth_LeavesTheStatisticsToAutovacuum_ATenthOrMore_AnalyzesAgain()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var importer = new RegisterImporter(database.DataSource, Clock());
        await importer.ImportAsync(WithHomes(40), "first", AsOf);

        await importer.ImportAsync(WithHomes(43), "three more", AsOf);
        var afterFew = await CountedAsync(database);
        await importer.ImportAsync(WithHomes(48), "five more", AsOf);

        Assert.Equal(["areas|2", "blocks|3", "homes|40", "sites|2", "tenants|40"], afterFew);
        Assert.Equal(["areas|2", "blocks|3", "homes|48", "sites|2", "tenants|48"], await CountedAsync(database));
    }

    [Fact]
    public async Task Import_DeactivatingATenthOrMore_AnalyzesTheTable()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var importer = new RegisterImporter(database.DataSource, Clock());
        await importer.ImportAsync(WithHomes(40), "first", AsOf);
        var before = await ActiveValuesAsync(database);

        await importer.ImportAsync(WithHomes(36), "four gone", AsOf);

        // The deactivated rows stay (active = false), so the count does not move, but the statistics now know them.
        Assert.Equal("{t}", before);
        Assert.Equal("{t,f}", await ActiveValuesAsync(database));
    }

    /// <summary>The sample estate's areas, sites and blocks, with <paramref name="homes"/> homes in block B1, a tenant each.</summary>
    private static EstateRegister WithHomes(int homes)
    {
        var estate = Estate();
        var list = Enumerable.Range(1, homes).Select(i => Home($"H{i:D3}", "B1", "S1", new LocalDate(2026, 6, 1))).ToList();
        return new EstateRegister(estate.Areas, estate.Sites, estate.Blocks, list, [.. list.Select(h => Tenant($"T{h.Id}", h.Id))]);
    }

    private static async Task<List<string>> CountedAsync(EstateTestDatabase database) =>
        await database.DataSource.RowsAsync(
            "SELECT relname || '|' || reltuples::bigint FROM pg_class WHERE relname IN ('areas', 'sites', 'blocks', 'homes', 'tenants') AND relkind = 'r' ORDER BY relname");

    private static Task<string> ActiveValuesAsync(EstateTestDatabase database) =>
        database.DataSource.ScalarAsync<string>("SELECT most_common_vals::text FROM pg_stats WHERE tablename = 'homes' AND attname = 'active'");
}
