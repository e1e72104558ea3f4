using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Hosting.Jobs;
using Scheduler.Worker.Register;
using Scheduler.Worker.Tests.Register;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>
/// The register watch (<see cref="RegisterWatchJob"/>): a register import reaches the running worker within
/// <c>Scheduler:RegisterCheckCron</c> (every second here) instead of at the next night. A real worker on the test database
/// with the shipped sample register; the import is the product's <see cref="RegisterImporter"/>.
/// </summary>
public class RegisterWatchTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    /// <summary>How long a test waits to see that the watch, firing every second, starts nothing.</summary>
    private static readonly TimeSpan SeveralChecks = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Import_ABlockCleanedMonthlyInsteadOfWeekly_GenerateRunsAtOnce_AndOnlyOnce()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        await using var worker = await StartWatchingAsync(database, config);
        await worker.Runs.WaitForAsync(1, default).WaitAsync(Guard);

        // The start's run read the register as it is: the watch starts nothing.
        await Task.Delay(SeveralChecks);
        Assert.Single(worker.Runs.All);

        var register = RegisterLoader.Load(RepositoryRoot.SampleFolder, RegisterFixture.AsOf).Register!;
        var block = register.Blocks.First(b => b.Cleaning == CleaningFrequency.Weekly);
        var openCleans = $"SELECT count(*) FROM work_orders WHERE asset_id = '{block.Id}' AND service = 'block-clean' AND status IN ('planned', 'issued', 'appointed')";
        var weeklyCleans = await SampleEstateDatabase.CountAsync(database, openCleans);
        await new RegisterImporter(database.DataSource, new FakeClock(TestWorker.Now)).ImportAsync(Monthly(register, block), "config/sample", RegisterFixture.AsOf);

        await worker.Runs.WaitForAsync(2, default).WaitAsync(Guard);
        var run = worker.Runs.All[1];
        Assert.Equal(GenerateSchedule.AfterRegisterChange.Name, run.TriggerName);
        Assert.Null(run.Error);
        Assert.True(run.Result!.CancelCount > 0 && run.Result.CreateCount > 0, $"{run.Result}");
        Assert.True(await SampleEstateDatabase.CountAsync(database, openCleans) < weeklyCleans);

        // That run read the new register: the watch starts nothing more.
        await Task.Delay(SeveralChecks);
        Assert.Equal(2, worker.Runs.All.Count);
    }

    [Fact]
    public async Task Import_AHomeLeavesTheRegister_ItsIssuedOrderIsCancelledAndTheContractorToldTheSameDay()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        await using var worker = await StartWatchingAsync(database, config);
        await worker.Runs.WaitForAsync(1, default).WaitAsync(Guard);

        // A home's next order, its notice sent (issued): the import cancels planned orders only; an issued one is the
        // contractor's to hear of.
        var (home, reference) = await FirstOpenHomeOrderAsync(database);
        await database.DataSource.ExecuteAsync($"UPDATE work_orders SET status = 'issued' WHERE reference = '{reference}'");
        var register = RegisterLoader.Load(RepositoryRoot.SampleFolder, RegisterFixture.AsOf).Register!;
        var without = new EstateRegister(
            register.Areas, register.Sites, register.Blocks, register.Homes.Where(h => h.Id != home).ToList(), register.Tenants.Where(t => t.PropertyId != home).ToList());
        await new RegisterImporter(database.DataSource, new FakeClock(TestWorker.Now)).ImportAsync(without, "config/sample", RegisterFixture.AsOf);

        await worker.Runs.WaitForAsync(2, default).WaitAsync(Guard);
        Assert.Equal(GenerateSchedule.AfterRegisterChange.Name, worker.Runs.All[1].TriggerName);
        Assert.Equal(
            [$"cancelled|asset-inactive|1"],
            await database.DataSource.RowsAsync($"""
                SELECT w.status, split_part(w.cancelled_reason, ':', 1),
                       (SELECT count(*) FROM outbox_messages o WHERE o.kind = 'contractor-cancellation' AND w.id = ANY(o.work_order_ids))
                FROM work_orders w WHERE w.reference = '{reference}'
                """));
    }

    [Fact]
    public async Task Import_BeforeAnyApply_StartsNothing()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        await using var worker = await StartWatchingAsync(database, config, generateAtStartup: false);

        // No apply has recorded a register version yet: the first apply (the start's, the night's, or apply) makes the
        // orders, and the watch does not run generate on its own.
        await Task.Delay(SeveralChecks);
        Assert.Empty(worker.Runs.All);
    }

    /// <summary>A worker on <paramref name="database"/> whose register watch looks every second.</summary>
    private static Task<TestWorker> StartWatchingAsync(EstateTestDatabase database, TempConfig config, bool generateAtStartup = true)
    {
        var settings = TestWorker.Settings(database.ConnectionString);
        settings["Scheduler:RegisterCheckCron"] = "* * * * * ?";
        settings["Scheduler:GenerateAtStartup"] = generateAtStartup ? "true" : "false";
        return TestWorker.StartAsync(database.DataSource, config.Path, settings);
    }

    /// <summary>A home with an open order in the horizon, and that order (the earliest by target, then reference).</summary>
    private static async Task<(string Home, string Reference)> FirstOpenHomeOrderAsync(EstateTestDatabase database)
    {
        var row = Assert.Single(await database.DataSource.RowsAsync(
            "SELECT asset_id, reference FROM work_orders WHERE asset_kind = 'property' AND status = 'planned' ORDER BY target_date, reference LIMIT 1"));
        var parts = row.Split('|');
        return (parts[0], parts[1]);
    }

    /// <summary><paramref name="register"/> with <paramref name="block"/> cleaned monthly (its <c>cleaning</c> column too).</summary>
    private static EstateRegister Monthly(EstateRegister register, Block block)
    {
        var attributes = new Dictionary<string, string>(block.Attributes) { ["cleaning"] = "monthly" };
        var blocks = register.Blocks.Select(b => b.Id == block.Id ? b with { Cleaning = CleaningFrequency.Monthly, Attributes = attributes } : b).ToList();
        return new EstateRegister(register.Areas, register.Sites, blocks, register.Homes, register.Tenants);
    }
}
