using System.Globalization;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Demo;

namespace Scheduler.Worker.Tests.StandIn;

/// <summary>
/// The simulated contractors' reports recorded in several uploads side by side (<see cref="CompletionSimulation.Uploads"/>,
/// the end-to-end benchmark's two), split by contractor: how a day's reports are split, and that recording them side by
/// side leaves the database as one upload of them all does, day after day (visits done, no access and rebooked, defects
/// raising repairs, repairs done, grass cuts and their sweeps).
/// </summary>
public sealed class ReportUploadsTests
{
    private static readonly LocalDate Start = new(2027, 3, 1);

    private static readonly AppointmentPolicy Policy = new(["AM", "PM"], Period.FromDays(14), 3)
    {
        Engineers = new Dictionary<string, int> { ["north"] = 2, ["south"] = 2 },
    };

    [Fact]
    public void SplitByContractor_KeepsEachContractorWholeAndInOrder_AndBalancesTheUploads()
    {
        string?[] contractors = ["b", "a", "b", "c", null, "a", "b", "c", "b", null, "d"];

        var uploads = CompletionSimulation.SplitByContractor(contractors, 2);

        // Every position once.
        Assert.Equal(Enumerable.Range(0, contractors.Length), uploads.SelectMany(u => u).Order());
        foreach (var upload in uploads)
        {
            Assert.Equal(upload.Order(), upload);
        }

        // Each contractor (null as one) in one upload only.
        foreach (var contractor in contractors.Distinct())
        {
            Assert.Single(uploads, u => u.Any(i => contractors[i] == contractor));
        }

        // b (4) first, then a, c, null (2 each: by id, null's "" first) and d, each into the upload with the fewest.
        Assert.Equal([0, 2, 3, 6, 7, 8], uploads[0]);
        Assert.Equal([1, 4, 5, 9, 10], uploads[1]);
        Assert.Equal(uploads, CompletionSimulation.SplitByContractor(contractors, 2));
    }

    [Fact]
    public void SplitByContractor_MoreUploadsThanContractors_LeavesNoEmptyUpload()
    {
        Assert.Equal([[0, 2], [1]], CompletionSimulation.SplitByContractor(["x", "y", "x"], 4));
        Assert.Equal([[0, 1, 2]], CompletionSimulation.SplitByContractor(["x", "x", "x"], 2));
        Assert.Empty(CompletionSimulation.SplitByContractor([], 2));
    }

    [Fact]
    public async Task RecordAsync_TwoUploadsSideBySide_LeaveWhatOneUploadLeaves_DayAfterDay()
    {
        await using var one = await EstateTestDatabase.CreateAsync();
        await using var two = await EstateTestDatabase.CreateAsync();
        var (clockOne, simulationOne) = await PrepareAsync(one, uploads: 1);
        var (clockTwo, simulationTwo) = await PrepareAsync(two, uploads: 2);

        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        var (split, repairs, sweeps) = (0, 0, 0);
        for (var day = Start; day < Start.PlusWeeks(14); day = day.PlusDays(1))
        {
            var evening = day.At(new LocalTime(20, 0)).InZoneLeniently(london).ToInstant();
            clockOne.Reset(evening);
            clockTwo.Reset(evening);
            var chosenOne = await simulationOne.ChooseAsync(day, CancellationToken.None);
            var chosenTwo = await simulationTwo.ChooseAsync(day, CancellationToken.None);

            // The same visits are chosen (references of calendar orders agree; a repair's may not, see below).
            Assert.Equal(chosenOne.Where(r => !r.Repair).Select(r => r.Report.Reference), chosenTwo.Where(r => !r.Repair).Select(r => r.Report.Reference));
            Assert.Equal(chosenOne.Count(r => r.Repair), chosenTwo.Count(r => r.Repair));

            var dayOne = await simulationOne.RecordAsync(chosenOne, CancellationToken.None);
            var dayTwo = await simulationTwo.RecordAsync(chosenTwo, CancellationToken.None);
            Assert.Equal(Tally(dayOne), Tally(dayTwo));
            Assert.Equal(0, dayTwo.Refused);
            split += CompletionSimulation.SplitByContractor([.. chosenTwo.Select(r => r.Report.ContractorId)], 2).Count == 2 ? 1 : 0;
            repairs += dayTwo.RepairsDone;
            sweeps += chosenTwo.Count(r => r.Report.Reference is { } reference && IsSweep(two, reference));

            // The book for the next day, as the nightly job does after the day's reports.
            await new GasAppointmentBooking(one.DataSource, Config(), TestEstate.Calendar, clockOne).BookAsync(day.PlusDays(1));
            await new GasAppointmentBooking(two.DataSource, Config(), TestEstate.Calendar, clockTwo).BookAsync(day.PlusDays(1));
        }

        // The run split days, and did repairs and sweeps (so the comparison covered them).
        Assert.True(split >= 15, $"{split} days split into two uploads");
        Assert.True(repairs >= 1, $"{repairs} repairs done");
        Assert.True(sweeps >= 1, $"{sweeps} sweeps reported");

        // The same orders in the same states. A repair's reference comes from a sequence in the order repairs were raised,
        // which two uploads side by side do not fix, so a repair is named by the visit that raised it.
        Assert.Equal(await StateAsync(one), await StateAsync(two));
    }

    private static bool IsSweep(EstateTestDatabase database, string reference) =>
        database.DataSource.ScalarAsync<long>($"SELECT count(*) FROM work_orders WHERE reference = '{reference}' AND service = 'path-sweep'").GetAwaiter().GetResult() > 0;

    private static string Tally(CompletionDay day) => string.Create(
        CultureInfo.InvariantCulture,
        $"done {day.Visits(VisitOutcome.Done)}, no access {day.Visits(VisitOutcome.NoAccess)}, defect {day.Visits(VisitOutcome.Defect)}, raised {day.RepairsRaised}, repairs done {day.RepairsDone}, late {day.RepairsLate}, refused {day.Refused}");

    private static EstateConfiguration Config() => TestEstate.Config(
        [TestEstate.CleanWeekly(), TestEstate.GrassCut(), TestEstate.GasSafety() with { Appointment = Policy }],
        [
            TestEstate.Cleaner() with { Dispatch = DispatchMode.PerOrder },
            TestEstate.Grounds(),
            TestEstate.GasEngineer() with { Services = ["gas-safety", "gas-repair"] },
            new Contractor("fixit", "Fixit Repairs", "jobs@fixit.example", ["repairs"], ["north", "south"], DispatchMode.PerOrder),
        ],
        horizonWeeks: 20);

    private static async Task<(FakeClock Clock, CompletionSimulation Simulation)> PrepareAsync(EstateTestDatabase database, int uploads)
    {
        var clock = TestEstate.Clock();
        var blocks = Enumerable.Range(0, 8)
            .Select(i => TestEstate.Block(string.Create(CultureInfo.InvariantCulture, $"B{i}"), i % 2 == 0 ? "S1" : "S2", "weekly", area: i % 2 == 0 ? "north" : "south"))
            .ToList();
        var homes = Enumerable.Range(0, 160)
            .Select(i => TestEstate.Home(
                string.Create(CultureInfo.InvariantCulture, $"G{i:000}"), blocks[i % 8].Id, blocks[i % 8].SiteId, new LocalDate(2026, 4, 10).PlusDays(i), area: blocks[i % 8].AreaId))
            .ToList();
        var register = new EstateRegister(
            [new Area("north", "North patch"), new Area("south", "South patch")],
            [TestEstate.Site("S1"), TestEstate.Site("S2", area: "south")],
            blocks,
            homes,
            [.. homes.Select(h => TestEstate.Tenant($"T-{h.Id}", h.Id))]);
        await new RegisterImporter(database.DataSource, clock).ImportAsync(register, "test", Start);
        await new WorkOrderGeneration(database.DataSource, Config(), TestEstate.Calendar, clock).ApplyAsync(Start);
        await new GasAppointmentBooking(database.DataSource, Config(), TestEstate.Calendar, clock).BookAsync(Start);
        return (clock, new CompletionSimulation(database.DataSource, Config(), TestEstate.Calendar, clock, seed: 11) { Uploads = uploads });
    }

    // Every order's state, a repair named by its parent's reference and its category; every appointment's.
    private static async Task<List<string>> StateAsync(EstateTestDatabase database)
    {
        var rows = new List<string>();
        await using var command = database.DataSource.CreateCommand("""
            SELECT coalesce(CASE WHEN w.sla_category IS NULL THEN w.reference ELSE 'repair of ' || p.reference || ' ' || w.sla_category END, '')
                   || ' ' || w.status || ' ' || coalesce(w.completed_on::text, '-') || ' ' || w.window_start || ' ' || w.window_end || ' ' || coalesce(w.contractor_id, '-')
            FROM work_orders w LEFT JOIN work_orders p ON p.id = w.parent_id
            UNION ALL
            SELECT 'appointment ' || a.home_id || ' ' || a.date || ' ' || a.status || ' ' || a.deadline FROM gas_appointments a
            UNION ALL
            SELECT 'check ' || c.home_id || ' ' || c.completed_on FROM gas_checks c
            ORDER BY 1
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
