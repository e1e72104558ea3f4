using Npgsql;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Orders.Incremental;

/// <summary>
/// A small estate for stepping the nightly generation through many days: blocks cleaned weekly and fortnightly, sites
/// with grass cuts and their path sweeps, and gas homes whose last checks are spread over 2026 (some never checked),
/// with gas appointments booked and repairs raised from defects.
/// </summary>
internal static class NightlyTestEstate
{
    public static readonly AppointmentPolicy Policy = new(["AM", "PM"], Period.FromDays(14), 3)
    {
        Engineers = new Dictionary<string, int> { ["north"] = 2, ["south"] = 1 },
    };

    public static Contractor Repairs() =>
        new("fixit", "Fixit Repairs", "jobs@fixit.example", ["repairs"], ["north", "south"], DispatchMode.PerOrder);

    public static Contractor Heating() =>
        new("warmfix", "Warmfix Heating", "jobs@warmfix.example", ["gas-safety", "gas-repair"], ["north", "south"], DispatchMode.PerOrder);

    /// <summary>Every schedule, gas booked by appointment; <paramref name="cleaningDay"/> moves the weekly clean (a config change).</summary>
    public static EstateConfiguration Config(string version = "v1", IsoDayOfWeek cleaningDay = IsoDayOfWeek.Tuesday, int horizonWeeks = 12) =>
        TestEstate.Config(
            [CleanWeekly(cleaningDay), CleanFortnightly(), GrassCut(), GasSafety() with { Appointment = Policy }],
            [Cleaner(), Grounds(), Heating(), Repairs()],
            version,
            horizonWeeks);

    /// <summary>4 sites, 8 blocks, 40 homes; <paramref name="change"/> edits the list of homes (a re-import).</summary>
    public static EstateRegister Estate(Func<List<Home>, List<Home>>? change = null, Func<Block, Block>? changeBlock = null)
    {
        string[] areas = ["north", "south"];
        var sites = Enumerable.Range(1, 4).Select(i => Site($"S{i}", grass: i != 4, area: areas[i % 2])).ToList();
        string[] cleaning = ["weekly", "fortnightly", "weekly", "none"];
        var blocks = Enumerable.Range(1, 8)
            .Select(i => Block($"B{i}", $"S{((i - 1) / 2) + 1}", cleaning[i % 4], areas[(((i - 1) / 2) + 1) % 2]))
            .Select(b => changeBlock?.Invoke(b) ?? b)
            .ToList();
        var homes = Enumerable.Range(1, 40).Select(i =>
        {
            var block = blocks[i % 8];
            LocalDate? last = i % 9 == 0 ? null : new LocalDate(2026, 1, 5).PlusDays(i * 11);
            return Home($"H{i:00}", block.Id, block.SiteId, last, gas: i % 7 != 0, area: block.AreaId);
        }).ToList();
        homes = change?.Invoke(homes) ?? homes;
        return new EstateRegister(
            [new Area("north", "North patch"), new Area("south", "South patch")],
            sites,
            blocks,
            homes,
            [.. homes.Select(h => Tenant($"T-{h.Id}", h.Id))]);
    }

    /// <summary>
    /// Contractors report the day's visits at 20:00 London (the clock is set to it), through the bulk recorder with both effects: most done, some no-access, some with a defect (a repair raised), a
    /// few not reported at all (the order stays open and goes overdue).
    /// </summary>
    public static async Task ReportDayAsync(NpgsqlDataSource dataSource, FakeClock clock, EstateConfiguration config, LocalDate day, Random random)
    {
        clock.Reset(day.At(new LocalTime(20, 0)).InZoneLeniently(DateTimeZoneProviders.Tzdb["Europe/London"]).ToInstant());
        var due = await dataSource.RowsAsync(
            $"""
            SELECT reference, contractor_id, schedule_id FROM work_orders
            WHERE target_date = '{day:uuuu-MM-dd}' AND status IN ('planned', 'issued', 'appointed') AND sla_category IS NULL
            ORDER BY reference
            """);
        var reports = new List<CompletionReport>();
        foreach (var row in due)
        {
            var cells = row.Split('|');
            var roll = random.Next(100);
            if (roll < 8)
            {
                continue; // not reported
            }

            var gas = cells[2] == "gas-safety";
            var (outcome, category) = roll switch
            {
                < 22 => (VisitOutcome.NoAccess, (string?)null),
                < 32 => (VisitOutcome.Defect, gas ? "gas-heating-non-urgent" : "repairs-routine"),
                _ => (VisitOutcome.Done, null),
            };
            reports.Add(new CompletionReport(cells[0], cells[1], outcome, day, CompletionSources.Csv, category));
        }

        if (reports.Count > 0)
        {
            var recorder = new CompletionRecorder(
                dataSource, clock, config.Organisation.Zone, [new RepairFromDefectEffect(config, TestEstate.Calendar, clock), new GasCompletionEffect(config, TestEstate.Calendar, clock)]);
            await recorder.RecordManyAsync(reports);
        }
    }
}
