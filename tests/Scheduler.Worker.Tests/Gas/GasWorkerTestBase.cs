using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// A fresh database per test with a gas estate (north: one engineer, AM and PM; each home with a tenant), and shorthands
/// to apply, book, and report a visit the way the completion recorder does (order row, then the effect, one transaction).
/// </summary>
public abstract class GasWorkerTestBase : IAsyncLifetime
{
    protected EstateTestDatabase Database { get; private set; } = null!;

    protected NodaTime.Testing.FakeClock Clock { get; } = TestEstate.Clock();

    protected static EstateConfiguration GasConfig()
    {
        var policy = new AppointmentPolicy(["AM", "PM"], Period.FromDays(14), 3) { Engineers = new Dictionary<string, int> { ["north"] = 1 } };
        var config = TestEstate.Config([TestEstate.GasSafety() with { Appointment = policy }], [TestEstate.GasEngineer()], horizonWeeks: 20);
        return config with { Organisation = config.Organisation with { ComplianceEmail = "compliance@examplehomes.example", DigestEmail = "digest@examplehomes.example" } };
    }

    public async Task InitializeAsync() => Database = await EstateTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await Database.DisposeAsync();

    protected async Task SetUpAsync(LocalDate asOf, params Home[] homes)
    {
        var register = new EstateRegister(
            [new Area("north", "North patch"), new Area("south", "South patch")],
            [TestEstate.Site("S1")],
            [TestEstate.Block("B1", "S1", "weekly")],
            homes,
            [.. homes.Select(h => TestEstate.Tenant($"T-{h.Id}", h.Id))]);
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(register, "test", asOf);
        await new WorkOrderGeneration(Database.DataSource, GasConfig(), TestEstate.Calendar, Clock).ApplyAsync(asOf);
        await new GasAppointmentBooking(Database.DataSource, GasConfig(), TestEstate.Calendar, Clock).BookAsync(asOf);
    }

    /// <summary>Reports <paramref name="outcome"/> for the home's live order on <paramref name="on"/> (clock 18:00 London that day).</summary>
    protected async Task ReportAsync(string homeId, VisitOutcome outcome, LocalDate on)
    {
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        Clock.Reset(on.At(new LocalTime(18, 0)).InZoneLeniently(london).ToInstant());
        await using var db = Persistence.EstateDatabase.CreateContext(Database.DataSource);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var at = on.AtStartOfDayInZone(london).ToInstant();
        await using var update = new NpgsqlCommand(
            """
            UPDATE work_orders SET status = @status, completed_on = @on, completed_at = @at
            WHERE id = (SELECT id FROM work_orders WHERE asset_id = @home AND status IN ('planned', 'issued', 'appointed') ORDER BY deadline, id LIMIT 1)
            RETURNING id, reference
            """,
            (NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction)transaction.GetDbTransaction());
        update.Parameters.AddWithValue("status", outcome == VisitOutcome.NoAccess ? "no-access" : "completed");
        update.Parameters.AddWithValue("on", on);
        update.Parameters.AddWithValue("at", at);
        update.Parameters.AddWithValue("home", homeId);
        long id;
        string reference;
        await using (var reader = await update.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            (id, reference) = (reader.GetInt64(0), reader.GetString(1));
        }

        await new GasCompletionEffect(GasConfig(), TestEstate.Calendar, Clock).ApplyAsync(
            db, new RecordedCompletion(id, reference, "gas-safety", "gas-safety", homeId, "warmfix", outcome, on, at, "cli", null, null), CancellationToken.None);
        await transaction.CommitAsync();
    }
}
