using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// Two homes whose tenants may have been told of their gas visit, for the letters a moved or cancelled visit sends
/// (<see cref="ChangedAppointmentLetterTests"/>, <see cref="CancelledAppointmentLetterTests"/>). H1 and H2 (deadline 20 May
/// 2027, window 21 March - 19 May) are applied and booked on Monday 1 March 2027 for Monday 22 March, their letters
/// going at once; the homes named are told (their letters sent). On Tuesday 16 March the gas contractor may change.
/// </summary>
public abstract class ToldVisitTestBase : GasTestBase
{
    protected static readonly LocalDate Day1 = new(2027, 3, 1);
    protected static readonly LocalDate Changed = new(2027, 3, 16);

    protected static EstateConfiguration Before => Config([GasSafety() with { Appointment = Policy }], [GasEngineer()], horizonWeeks: 20);

    protected static EstateConfiguration After => Config(
        [GasSafety() with { Appointment = Policy }],
        [GasEngineer() with { Id = "heatwise", Name = "Heatwise Gas", Email = "jobs@heatwise.example" }],
        "v2",
        horizonWeeks: 20);

    protected async Task BookedAndToldAsync(params string[] told)
    {
        await ImportAsync(GasEstate(Home("H1", "B1", "S1", new LocalDate(2026, 5, 20)), Home("H2", "B1", "S1", new LocalDate(2026, 5, 20))), Day1);
        SetClock(Day1);
        await ApplyAsync(Day1, Before);
        await Booking(Before).BookAsync(Day1);
        Assert.Equal(
            ["H1|2027-03-22|AM", "H2|2027-03-22|PM"],
            await Database.DataSource.RowsAsync("SELECT home_id, date::text, slot FROM gas_appointments ORDER BY home_id"));
        foreach (var home in told)
        {
            await Database.DataSource.ExecuteAsync($"UPDATE outbox_messages SET status = 'sent', sent_at = now() WHERE kind = 'tenant-letter' AND recipient_id = 'T-{home}'");
        }
    }

    protected async Task ContractorChangesAsync()
    {
        SetClock(Changed);
        var applied = await ApplyAsync(Changed, After);
        Assert.Equal(2, applied.CancelledReferences.Count);
        await Booking(After).BookAsync(Changed);
    }

    /// <summary>Each letter of the home's tenant: status, release, letter, whether its order is live, its day and slot, the day and slot it replaces.</summary>
    protected Task<List<string>> LettersAsync(string home) => Database.DataSource.RowsAsync(
        $"""
        SELECT o.status, coalesce(to_char(o.release_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD'), 'now'), o.payload->>'letter', w.is_live AND o.payload->>'reference' = w.reference,
               o.payload->>'date', o.payload->>'slot', coalesce(o.payload->>'replacesDate', '-'), coalesce(o.payload->>'replacesSlot', '-')
        FROM outbox_messages o JOIN work_orders w ON w.id = ANY(o.work_order_ids)
        WHERE o.kind = 'tenant-letter' AND o.recipient_id = 'T-{home}' ORDER BY o.id
        """);
}
