using System.Globalization;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Demo;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.StandIn;

/// <summary>
/// The simulated contractors' choice of a day's visits (<see cref="CompletionSimulation.ChooseAsync"/>, which reads the
/// day's booked appointments area by area on <c>ix_gas_appointments_taken</c>) against the plain read by date it replaced,
/// day after day over ten weeks of a small estate (weekly cleaning, gas homes in two areas), each day's reports recorded
/// before the next (visits done, failed and rebooked, defects raising repairs): the same visits, in the same order.
/// </summary>
public sealed class ContractorsChoiceTests : OutboxTestBase
{
    // The stand-in's read before branch reports18: the booked appointments of the day found by date and status alone.
    private const string PlainVisitsSql = """
        SELECT w.reference, w.contractor_id, 0 AS kind
        FROM work_orders w
        WHERE w.target_date = @day AND w.status IN ('planned', 'issued') AND w.sla_category IS NULL
          AND NOT (w.schedule_id = ANY(@gas))
        UNION ALL
        SELECT w.reference, w.contractor_id, 1
        FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
        WHERE a.status = 'booked' AND a.date = @day AND w.status IN ('planned', 'issued', 'appointed')
        UNION ALL
        SELECT w.reference, w.contractor_id, 2
        FROM work_orders w
        WHERE w.target_date = @day AND w.status IN ('planned', 'issued') AND w.schedule_id = ANY(@gas)
          AND NOT EXISTS (SELECT 1 FROM gas_appointments a WHERE a.work_order_id = w.id)
        ORDER BY 1
        """;

    private static readonly AppointmentPolicy Policy = new(["AM", "PM"], Period.FromDays(14), 3)
    {
        Engineers = new Dictionary<string, int> { ["north"] = 1, ["south"] = 1 },
    };

    private static EstateConfiguration Config() =>
        TestEstate.Config([TestEstate.CleanWeekly(), TestEstate.GasSafety() with { Appointment = Policy }], [TestEstate.Cleaner(), TestEstate.GasEngineer()], horizonWeeks: 20);

    [Fact]
    public async Task ChooseAsync_TenWeeksOfDays_ChoosesTheVisitsThePlainReadByDateChooses()
    {
        var homes = Enumerable.Range(0, 40)
            .Select(i => TestEstate.Home(
                string.Create(CultureInfo.InvariantCulture, $"G{i:00}"), "B1", "S1", new LocalDate(2026, 4, 10).PlusDays(2 * i), area: i % 2 == 0 ? "north" : "south"))
            .ToList();
        var register = new EstateRegister(
            [new Area("north", "North patch"), new Area("south", "South patch")],
            [TestEstate.Site("S1")],
            [TestEstate.Block("B1", "S1", "weekly"), TestEstate.Block("B2", "S1", "weekly", area: "south")],
            homes,
            [.. homes.Select(h => TestEstate.Tenant($"T-{h.Id}", h.Id))]);
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(register, "test", AsOf);
        await ApplyAsync(Config());
        Assert.True((await new GasAppointmentBooking(Database.DataSource, Config(), TestEstate.Calendar, Clock).BookAsync(AsOf)).Booked.Count >= 30);

        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        var simulation = new CompletionSimulation(Database.DataSource, Config(), TestEstate.Calendar, Clock, seed: 7);
        var (gasVisits, otherVisits) = (0, 0);
        for (var day = AsOf; day < AsOf.PlusWeeks(10); day = day.PlusDays(1))
        {
            Clock.Reset(day.At(new LocalTime(20, 0)).InZoneLeniently(london).ToInstant());
            var plain = await PlainVisitsAsync(day);
            var chosen = await simulation.ChooseAsync(day, CancellationToken.None);
            var visits = chosen.Where(r => !r.Repair).Select(r => r.Report.Reference).ToList();
            Assert.True(plain.SequenceEqual(visits), $"{day:uuuu-MM-dd}: chose {string.Join(", ", visits)}; the plain read gives {string.Join(", ", plain)}");
            gasVisits += chosen.Count(r => r.Report.ContractorId == "warmfix" && !r.Repair);
            otherVisits += chosen.Count(r => r.Report.ContractorId != "warmfix" && !r.Repair);
            await simulation.RecordAsync(chosen, CancellationToken.None);
        }

        // The weeks held gas visits and other visits, all of them compared.
        Assert.True(gasVisits >= 30, $"{gasVisits} gas visits");
        Assert.True(otherVisits >= 10, $"{otherVisits} other visits");
        Assert.True(await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM gas_appointments WHERE status = 'attended'") >= 30);
    }

    private async Task<List<string>> PlainVisitsAsync(LocalDate day)
    {
        await using var command = Database.DataSource.CreateCommand(PlainVisitsSql);
        command.Parameters.AddWithValue("day", day);
        command.Parameters.AddWithValue("gas", new[] { TestEstate.GasSafety().Id });
        await using var reader = await command.ExecuteReaderAsync();
        var references = new List<string>();
        while (await reader.ReadAsync())
        {
            references.Add(reader.GetString(0));
        }

        return references;
    }
}
