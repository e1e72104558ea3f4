using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Completions;

/// <summary>
/// A fresh database per test with the test estate imported, orders inserted as a test needs them, and a recorder whose
/// clock the test sets. Repairs go to <c>fixit</c> (north and south); heating repairs to <c>warmfix</c>.
/// </summary>
public abstract class CompletionTestBase : IAsyncLifetime
{
    protected EstateTestDatabase Database { get; private set; } = null!;

    /// <summary>Today: Thursday 4 March 2027, 10:00 GMT.</summary>
    protected FakeClock Clock { get; } = new(Instant.FromUtc(2027, 3, 4, 10, 0));

    protected static Contractor Repairs(params string[] areas) =>
        new("fixit", "Fixit Repairs", "jobs@fixit.example", ["repairs"], areas.Length == 0 ? ["north", "south"] : areas, DispatchMode.PerOrder);

    protected static Contractor GasEngineer() =>
        new("warmfix", "Warmfix Heating", "jobs@warmfix.example", ["gas-safety", "gas-repair"], ["north", "south"], DispatchMode.PerOrder);

    protected static EstateConfiguration Config(Contractor? repairs = null) =>
        TestEstate.Config(contractors: [TestEstate.Cleaner(), TestEstate.Grounds(), GasEngineer(), repairs ?? Repairs()]);

    public async Task InitializeAsync()
    {
        Database = await EstateTestDatabase.CreateAsync();
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(TestEstate.Estate(), "test", new LocalDate(2027, 3, 1));
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>Inserts a work order (and its config version) the way apply would leave it.</summary>
    protected async Task<long> InsertOrderAsync(
        string reference, string assetId = "H1", string assetKind = "property", string service = "gas-safety", string? contractor = "warmfix",
        string status = "planned", LocalDate? windowStart = null, LocalDate? windowEnd = null)
    {
        var start = windowStart ?? new LocalDate(2027, 3, 1);
        var end = windowEnd ?? new LocalDate(2027, 3, 31);
        await Database.DataSource.ExecuteAsync("INSERT INTO config_versions (id, first_applied_at) VALUES ('v1', now()) ON CONFLICT DO NOTHING");
        return await Database.DataSource.ScalarAsync<long>($"""
            INSERT INTO work_orders (reference, schedule_id, service, asset_id, asset_kind, window_start, window_end, target_date,
                                     status, contractor_id, occurrence_key, config_version, created_at)
            VALUES ('{reference}', '{service}', '{service}', '{assetId}', '{assetKind}', '{start:uuuu-MM-dd}', '{end:uuuu-MM-dd}',
                    '{end:uuuu-MM-dd}', '{status}', {(contractor is null ? "NULL" : $"'{contractor}'")}, '{service}/{assetId}/{reference}', 'v1', now())
            RETURNING id
            """);
    }

    protected CompletionRecorder Recorder(params ICompletionEffect[] effects) => new(Database.DataSource, Clock, TestEstate.Zone, effects);

    protected CompletionRecorder RecorderWithRepairs(EstateConfiguration? config = null) =>
        Recorder(new RepairFromDefectEffect(config ?? Config(), TestEstate.Calendar, Clock));

    protected static CompletionReport Report(
        string reference, VisitOutcome outcome = VisitOutcome.Done, LocalDate? on = null, string? contractor = "warmfix",
        string source = CompletionSources.Api, string? category = null, string? note = null) =>
        new(reference, contractor, outcome, on ?? new LocalDate(2027, 3, 3), source, category, note);

    protected Task<List<string>> RowsAsync(string sql) => Database.DataSource.RowsAsync(sql);
}
