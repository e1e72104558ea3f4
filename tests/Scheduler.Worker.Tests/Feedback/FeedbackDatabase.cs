using NodaTime;
using NodaTime.Testing;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Register;
using Scheduler.Worker.Tests.Register;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>
/// One database per test class: the shipped sample register imported and the shipped config applied as of Monday
/// 5 October 2026. Tests take distinct orders (<see cref="TakeOrderAsync"/>) so they do not disturb each other.
/// </summary>
public sealed class FeedbackDatabase : IAsyncLifetime
{
    /// <summary>Today for the tests: Sunday 29 November 2026, 10:00 UTC.</summary>
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 29, 10, 0);

    private readonly HashSet<string> _taken = [];

    public EstateTestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await EstateTestDatabase.CreateAsync();
        var loaded = RegisterLoader.Load(RepositoryRoot.SampleFolder, RegisterFixture.AsOf);
        Assert.Empty(loaded.Problems);
        var clock = new FakeClock(Now);
        await new RegisterImporter(Database.DataSource, clock).ImportAsync(loaded.Register!, "config/sample", new LocalDate(2026, 10, 5));
        var snapshot = ConfigSnapshot.Load(RepositoryRoot.ConfigFolder, Path.Combine(RepositoryRoot.ConfigFolder, "templates"));
        await new WorkOrderGeneration(Database.DataSource, snapshot.Configuration!, snapshot.Calendar!, clock).ApplyAsync(new LocalDate(2026, 10, 5));
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>An open order (of <paramref name="service"/> when given) whose window has started, not handed to another test.</summary>
    /// <param name="service">The service, or any when null.</param>
    /// <param name="current">Only an order whose window is still open today (so its emailed link has not expired).</param>
    public async Task<(string Reference, string Contractor, LocalDate WindowEnd)> TakeOrderAsync(string? service = null, bool current = false)
    {
        var rows = await Database.DataSource.RowsAsync(
            $"SELECT reference, contractor_id, window_end::text FROM work_orders WHERE {(service is null ? "true" : $"service = '{service}'")} AND status = 'planned' AND window_start <= '2026-11-29' AND contractor_id IS NOT NULL {(current ? "AND window_end >= '2026-11-29'" : string.Empty)} ORDER BY id");
        lock (_taken)
        {
            var row = rows.Select(r => r.Split('|')).First(r => _taken.Add(r[0]));
            return (row[0], row[1], NodaTime.Text.LocalDatePattern.Iso.Parse(row[2]).Value);
        }
    }
}
