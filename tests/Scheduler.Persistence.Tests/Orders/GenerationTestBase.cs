using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Orders;

/// <summary>A fresh database per test with the test estate imported, and shorthands to plan and apply.</summary>
public abstract class GenerationTestBase : IAsyncLifetime
{
    protected static readonly LocalDate AsOf = new(2027, 3, 1);

    protected EstateTestDatabase Database { get; private set; } = null!;

    protected FakeClock Clock { get; } = TestEstate.Clock();

    public async Task InitializeAsync()
    {
        Database = await EstateTestDatabase.CreateAsync();
        await ImportAsync(TestEstate.Estate(), AsOf);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    protected Task<ImportSummary> ImportAsync(EstateRegister register, LocalDate asOf) =>
        new RegisterImporter(Database.DataSource, Clock).ImportAsync(register, "test", asOf);

    protected WorkOrderGeneration Generation(EstateConfiguration? config = null) =>
        new(Database.DataSource, config ?? TestEstate.Config(), TestEstate.Calendar, Clock);

    protected Task<GenerationResult> ApplyAsync(LocalDate asOf, EstateConfiguration? config = null) => Generation(config).ApplyAsync(asOf);

    /// <summary>Every work order with every column (and xmin, so a rewrite with equal values still shows).</summary>
    protected Task<List<string>> OrdersAsync(string where = "true") =>
        Database.DataSource.RowsAsync($"SELECT w.xmin::text, w::text FROM work_orders w WHERE {where} ORDER BY id");
}
