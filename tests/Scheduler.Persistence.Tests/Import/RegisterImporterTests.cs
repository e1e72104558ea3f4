using Npgsql;
using NodaTime;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Import;

public class RegisterImporterTests
{
    private static readonly LocalDate AsOf = new(2027, 3, 1);

    [Fact]
    public async Task Import_GoodRegister_WritesEveryRowAndRecordsTheRun()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var importer = new RegisterImporter(database.DataSource, Clock());

        var summary = await importer.ImportAsync(Estate(), "config/sample", AsOf);

        Assert.Equal(2 + 2 + 3 + 4 + 2, summary.Added);
        Assert.Equal(0, summary.Updated + summary.Deactivated + summary.Reactivated + summary.Unchanged);
        Assert.Empty(summary.CancelledOrders);
        var ds = database.DataSource;
        Assert.Equal(
            ["H1|B1|S1|north|True|2026-04-20|2010|∅|2015|True", "H2|B1|S1|north|True|2026-09-01|2010|∅|2015|True",
             "H3|B2|S1|north|False|∅|2010|∅|2015|True", "H4|∅|∅|south|True|2026-03-10|2010|∅|2015|True"],
            await ds.RowsAsync("SELECT id, block_id, site_id, area_id, gas, to_char(last_gas_check, 'YYYY-MM-DD'), kitchen_year, bathroom_year, boiler_year, active FROM homes ORDER BY id"));
        Assert.Equal("weekly", await ds.ScalarAsync<string>("SELECT attributes ->> 'cleaning' FROM blocks WHERE id = 'B1'"));
        Assert.Equal(["T1|H1|email|T1@tenant.example", "T2|H4|post|∅"],
            await ds.RowsAsync("SELECT id, home_id, channel, email FROM tenants ORDER BY id"));
        Assert.Equal([$"{summary.ImportRunId}|config/sample|2027-03-01|13|0"],
            await ds.RowsAsync("SELECT id, source, to_char(as_of, 'YYYY-MM-DD'), added, deactivated FROM import_runs"));
        Assert.Equal(13, await ds.ScalarAsync<int>($"SELECT count(*) FROM register_changes WHERE import_run_id = {summary.ImportRunId} AND change = 'added'"));
    }

    [Fact]
    public async Task Import_SameRegisterAgain_ChangesNothing()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var importer = new RegisterImporter(database.DataSource, Clock());
        await importer.ImportAsync(Estate(), "first", AsOf);
        var before = await Snapshot(database.DataSource, withRuns: false);

        var again = await importer.ImportAsync(Estate(), "second", AsOf);

        Assert.Equal(13, again.Unchanged);
        Assert.Equal(0, again.Added + again.Updated + again.Deactivated + again.Reactivated);
        Assert.Equal(before, await Snapshot(database.DataSource, withRuns: false));
        Assert.Equal(["second|0|13"], await database.DataSource.RowsAsync($"SELECT source, added, unchanged FROM import_runs WHERE id = {again.ImportRunId}"));
    }

    [Fact]
    public async Task Import_ChangedRow_UpdatesItAndRecordsWhichColumnsChanged()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var clock = Clock();
        var importer = new RegisterImporter(database.DataSource, clock);
        await importer.ImportAsync(Estate(), "first", AsOf);
        clock.AdvanceDays(7);

        var summary = await importer.ImportAsync(
            Estate(changeBlock: b => b.Id == "B1" ? WithCleaning(b, "fortnightly") : b), "second", AsOf.PlusDays(7));

        Assert.Equal(1, summary.Updated);
        Assert.Equal(12, summary.Unchanged);
        Assert.Equal(["block|B1|updated|attributes,cleaning"],
            await database.DataSource.RowsAsync($"SELECT entity, entity_id, change, fields FROM register_changes WHERE import_run_id = {summary.ImportRunId}"));
        Assert.Equal(["B1|fortnightly|2027-03-08", "B2|fortnightly|2027-03-01"],
            await database.DataSource.RowsAsync("SELECT id, cleaning, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM blocks WHERE id IN ('B1', 'B2') ORDER BY id"));
    }

    [Fact]
    public async Task Import_AssetMissing_DeactivatesItAndCancelsOnlyItsFutureUnsentOrders()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var ds = database.DataSource;
        var clock = Clock();
        var importer = new RegisterImporter(ds, clock);
        await importer.ImportAsync(Estate(), "first", AsOf);
        await new WorkOrderGeneration(ds, Config(), Calendar, clock).ApplyAsync(AsOf);
        var b1Orders = await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE asset_id = 'B1'");
        Assert.Equal(8, b1Orders); // Tuesdays 2 Mar .. 20 Apr
        await ds.ExecuteAsync("UPDATE work_orders SET status = 'issued' WHERE asset_id = 'B1' AND target_date = '2027-03-23'");
        var importDay = new LocalDate(2027, 3, 15);
        var pastBefore = await ds.RowsAsync("SELECT reference, status FROM work_orders WHERE target_date < '2027-03-15' ORDER BY reference");

        var r = Estate();
        var withoutB1 = new EstateRegister(
            r.Areas, r.Sites, [.. r.Blocks.Where(b => b.Id != "B1")], [.. r.Homes.Where(h => h.BlockId != "B1")], [.. r.Tenants.Where(t => t.PropertyId is not ("H1" or "H2"))]);

        var summary = await importer.ImportAsync(withoutB1, "second", importDay);

        Assert.Equal(4, summary.Deactivated); // B1, H1, H2, T1
        Assert.Equal(
            ["block|B1|deactivated", "home|H1|deactivated", "home|H2|deactivated", "tenant|T1|deactivated"],
            await ds.RowsAsync($"SELECT entity, entity_id, change FROM register_changes WHERE import_run_id = {summary.ImportRunId} ORDER BY entity, entity_id"));
        Assert.False(await ds.ScalarAsync<bool>("SELECT active FROM blocks WHERE id = 'B1'"));

        // B1's planned Tuesdays from 16 Mar on are cancelled (23 Mar was issued: the next plan deals with it).
        // H1's gas check was aimed at 1 Mar, before the import day, so it is history and stays.
        Assert.Equal(
            ["B1|2027-03-16", "B1|2027-03-30", "B1|2027-04-06", "B1|2027-04-13", "B1|2027-04-20"],
            await ds.RowsAsync("SELECT asset_id, to_char(target_date, 'YYYY-MM-DD') FROM work_orders WHERE status = 'cancelled' ORDER BY asset_id, target_date"));
        Assert.Equal(5, summary.CancelledOrders.Count);
        Assert.Equal("planned", await ds.ScalarAsync<string>("SELECT status FROM work_orders WHERE asset_id = 'H1'"));
        Assert.All(
            await ds.RowsAsync("SELECT cancelled_reason FROM work_orders WHERE status = 'cancelled'"),
            reason => Assert.Matches($"^asset-inactive: asset 'B1' is no longer in the estate register \\(import {summary.ImportRunId}\\)$", reason));
        Assert.Equal(5, await ds.ScalarAsync<int>("SELECT count(*) FROM work_order_events WHERE kind = 'cancelled' AND from_status = 'planned' AND to_status = 'cancelled'"));
        Assert.Equal("issued", await ds.ScalarAsync<string>("SELECT status FROM work_orders WHERE asset_id = 'B1' AND target_date = '2027-03-23'"));
        Assert.Equal(pastBefore, await ds.RowsAsync("SELECT reference, status FROM work_orders WHERE target_date < '2027-03-15' ORDER BY reference"));
        Assert.Equal(b1Orders, await ds.ScalarAsync<int>("SELECT count(*) FROM work_orders WHERE asset_id = 'B1'"));
    }

    [Fact]
    public async Task Import_InactiveAssetListedAgain_IsReactivated()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var importer = new RegisterImporter(database.DataSource, Clock());
        var full = Estate();
        await importer.ImportAsync(full, "first", AsOf);
        await importer.ImportAsync(new EstateRegister(full.Areas, full.Sites, full.Blocks, [.. full.Homes.Where(h => h.Id != "H3")], full.Tenants), "second", AsOf);

        var summary = await importer.ImportAsync(full, "third", AsOf);

        Assert.Equal(1, summary.Reactivated);
        Assert.True(await database.DataSource.ScalarAsync<bool>("SELECT active FROM homes WHERE id = 'H3'"));
        Assert.Equal(["home|H3|reactivated"],
            await database.DataSource.RowsAsync($"SELECT entity, entity_id, change FROM register_changes WHERE import_run_id = {summary.ImportRunId}"));
    }

    [Fact]
    public async Task Import_RowReferringToAMissingId_WritesNothingAndNamesTheRow()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var good = Estate();
        var bad = new EstateRegister(good.Areas, good.Sites, good.Blocks, good.Homes, [.. good.Tenants, Tenant("T9", "H99")]);

        var error = await Assert.ThrowsAsync<RegisterImportException>(
            () => new RegisterImporter(database.DataSource, Clock()).ImportAsync(bad, "bad", AsOf));

        Assert.Equal(["tenant 'T9' refers to property 'H99', which the register does not contain"], error.Problems);
        Assert.Equal(0, await database.DataSource.ScalarAsync<int>("SELECT (SELECT count(*) FROM areas) + (SELECT count(*) FROM import_runs)"));
    }

    [Fact]
    public async Task Import_DatabaseRefusesARowHalfWay_WritesNothingAndKeepsThePreviousImport()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var ds = database.DataSource;
        var importer = new RegisterImporter(ds, Clock());
        await importer.ImportAsync(Estate(), "first", AsOf);
        var before = await Snapshot(ds);

        // A real failure inside PostgreSQL after the areas, sites, blocks and homes have been written.
        await ds.ExecuteAsync("""
            CREATE FUNCTION refuse_tenant() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'tenant % refused', NEW.id; END $$;
            CREATE TRIGGER refuse_tenant BEFORE INSERT ON tenants FOR EACH ROW WHEN (NEW.id = 'T3') EXECUTE FUNCTION refuse_tenant();
            """);
        var changed = Estate(changeBlock: b => WithCleaning(b, "monthly"));
        var withNewTenant = new EstateRegister(changed.Areas, changed.Sites, changed.Blocks, changed.Homes, [.. changed.Tenants, Tenant("T3", "H2")]);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => importer.ImportAsync(withNewTenant, "second", AsOf));

        Assert.Contains("tenant T3 refused", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await Snapshot(ds));
    }

    [Fact]
    public async Task ReadAssetsAsync_AfterImport_GivesTheSameAssetsAndNoTenants()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var register = Estate();
        Assert.NotEmpty(register.Tenants);
        await new RegisterImporter(database.DataSource, Clock()).ImportAsync(register, "first", AsOf);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var whole = await EstateRegisterReader.ReadAsync(connection, null);
        var assets = await EstateRegisterReader.ReadAssetsAsync(connection, null);

        Assert.Empty(assets.Tenants);
        Assert.Equal(whole.Areas, assets.Areas);
        Assert.Equal(whole.Sites.Select(s => (s.Id, s.AreaId, s.Grass, s.Hedges)), assets.Sites.Select(s => (s.Id, s.AreaId, s.Grass, s.Hedges)));
        Assert.Equal(whole.Blocks.Select(b => (b.Id, b.SiteId, b.Cleaning)), assets.Blocks.Select(b => (b.Id, b.SiteId, b.Cleaning)));
        Assert.Equal(whole.Homes.Select(h => (h.Id, h.BlockId, h.Gas, h.LastGasCheck)), assets.Homes.Select(h => (h.Id, h.BlockId, h.Gas, h.LastGasCheck)));
    }

    [Fact]
    public async Task ReadAsync_AfterImport_GivesBackTheActiveRegister()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var register = Estate();
        await new RegisterImporter(database.DataSource, Clock()).ImportAsync(register, "first", AsOf);

        await using var db = database.CreateContext();
        var read = await EstateRegisterReader.ReadAsync(db);

        Assert.Equal(register.Areas, read.Areas);
        Assert.Equal(register.Tenants, read.Tenants);
        foreach (var (expected, actual) in register.Homes.Zip(read.Homes, (e, a) => (e, a)))
        {
            Assert.Equal(expected with { Attributes = actual.Attributes }, actual);
            Assert.Equal(expected.Attributes.OrderBy(a => a.Key), actual.Attributes.OrderBy(a => a.Key));
        }

        Assert.Equal(register.Blocks.Select(b => (b.Id, b.SiteId, b.Cleaning)), read.Blocks.Select(b => (b.Id, b.SiteId, b.Cleaning)));
        Assert.Equal(register.Sites.Select(s => (s.Id, s.Grass, s.Hedges)), read.Sites.Select(s => (s.Id, s.Grass, s.Hedges)));
    }

    /// <summary>Every register row and run, as text, to compare before and after.</summary>
    private static async Task<List<string>> Snapshot(NpgsqlDataSource ds, bool withRuns = true)
    {
        var rows = new List<string>();
        var tables = new[] { "areas", "sites", "blocks", "homes", "tenants", "register_changes" };
        foreach (var table in withRuns ? [.. tables, "import_runs"] : tables)
        {
            rows.AddRange((await ds.RowsAsync($"SELECT t::text FROM {table} t ORDER BY 1")).Select(r => $"{table}: {r}"));
        }

        return rows;
    }
}
