using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// A fresh database per test with a gas-only estate: homes in north (one engineer, AM and PM) and south (none
/// configured), each with a tenant, and shorthands to apply, book and report a visit the way the completion recorder does.
/// </summary>
public abstract class GasTestBase : Orders.GenerationTestBase
{
    protected static readonly AppointmentPolicy Policy = new(["AM", "PM"], Period.FromDays(14), 3)
    {
        Engineers = new Dictionary<string, int> { ["north"] = 1 },
    };

    protected static EstateConfiguration GasConfig(int horizonWeeks = 20) =>
        Config([GasSafety() with { Appointment = Policy }], [GasEngineer()], horizonWeeks: horizonWeeks);

    /// <summary>Homes with a tenant each (tenant id <c>T-{home}</c>).</summary>
    protected static EstateRegister GasEstate(params Home[] homes) => new(
        [new Area("north", "North patch"), new Area("south", "South patch")],
        [Site("S1")],
        [Block("B1", "S1", "weekly")],
        homes,
        [.. homes.Select(h => Tenant($"T-{h.Id}", h.Id))]);

    protected GasAppointmentBooking Booking(EstateConfiguration? config = null) =>
        new(Database.DataSource, config ?? GasConfig(), Calendar, Clock);

    protected GasCompletionEffect Effect(EstateConfiguration? config = null) => new(config ?? GasConfig(), Calendar, Clock);

    /// <summary>Sets the clock to 18:00 London time on <paramref name="day"/> (after the visit).</summary>
    protected void SetClock(LocalDate day) =>
        Clock.Reset(day.At(new LocalTime(18, 0)).InZoneLeniently(DateTimeZoneProviders.Tzdb["Europe/London"]).ToInstant());

    /// <summary>
    /// Reports <paramref name="outcome"/> for the live order of <paramref name="homeId"/> on <paramref name="on"/> as the
    /// completion recorder does: updates the order row and runs the effect in the same transaction, the clock at 18:00 on
    /// <paramref name="clockDay"/> (default the visit day).
    /// </summary>
    protected async Task ReportAsync(string homeId, VisitOutcome outcome, LocalDate on, EstateConfiguration? config = null, LocalDate? clockDay = null, bool many = false)
    {
        SetClock(clockDay ?? on);
        await using var db = Database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        var at = on.AtStartOfDayInZone(DateTimeZoneProviders.Tzdb["Europe/London"]).ToInstant();
        long id;
        string reference;
        await using (var update = new NpgsqlCommand(
            """
            UPDATE work_orders SET status = @status, completed_on = @on, completed_at = @at
            WHERE id = (SELECT id FROM work_orders WHERE asset_id = @home AND status IN ('planned', 'issued', 'appointed') ORDER BY deadline, id LIMIT 1)
            RETURNING id, reference
            """,
            connection,
            npgsqlTransaction))
        {
            update.Parameters.AddWithValue("status", outcome == VisitOutcome.NoAccess ? "no-access" : "completed");
            update.Parameters.AddWithValue("on", on);
            update.Parameters.AddWithValue("at", at);
            update.Parameters.AddWithValue("home", homeId);
            await using var reader = await update.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"home {homeId} has no open order to report on");
            id = reader.GetInt64(0);
            reference = reader.GetString(1);
        }

        var completion = new RecordedCompletion(id, reference, "gas-safety", "gas-safety", homeId, "warmfix", outcome, on, at, "cli", null, null);
        if (many)
        {
            await Effect(config).ApplyManyAsync(db, [completion], CancellationToken.None); // the batch path, as a day's upload
        }
        else
        {
            await Effect(config).ApplyAsync(db, completion, CancellationToken.None);
        }

        await transaction.CommitAsync();
    }

    /// <summary>What generation counts the home's next deadline from (FloatingHistory), for consistency checks.</summary>
    protected async Task<LocalDate?> LastDoneAsync(string homeId, EstateConfiguration? config = null)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var history = await FloatingHistory.ReadAsync(connection, null, config ?? GasConfig(), CancellationToken.None);
        return history.LastDone("gas-safety", homeId);
    }
}
