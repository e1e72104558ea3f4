using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Persistence.Tests.Outbox;

/// <summary>
/// Which weekly programme carries an order (<see cref="ProgrammeWeek"/>, branch prog29): the week of its window's first
/// working day, or of its target date when earlier. The summer hedge cut (window 1–31 August 2027, aimed at Tuesday 31
/// August) is in the programme of 2–8 August, sent Thursday 29 July; before, in that of 30 August, sent Thursday 26
/// August, two working days before its window closed. A year of programmes written week by week carries every order
/// once, in the week the rule gives.
/// </summary>
public sealed class ProgrammeWeekTests
{
    private static readonly WorkingDayCalendar EnglandAndWales = BankHolidayCatalog.Snapshot.Calendar(BankHolidayRegion.EnglandAndWales);

    private static Schedule HedgeCut() => new(
        "hedge-cut", "hedge-cut", AssetKind.Site, new Dictionary<string, string>(),
        [new MonthsRule([2]), new MonthsRule([8], 1, TargetPlacement.End)], []);

    [Fact]
    public void Of_TheWeekAfterAWeekendWindowStart_TakesTheWeekendsStarts()
    {
        // 2–8 August 2027: Friday 30 July is the last working day before it, so windows opening on Saturday 31 July or
        // Sunday 1 August are first workable on Monday 2 August; Friday 6 August is its last working day.
        Assert.Equal(
            new ProgrammeWeek(new LocalDate(2027, 8, 2), new LocalDate(2027, 7, 31), new LocalDate(2027, 8, 6)),
            ProgrammeWeek.Of(new LocalDate(2027, 8, 2), EnglandAndWales));

        // 4–10 January 2027 takes New Year's Day (a bank holiday, Friday 1 January) and the weekend after it.
        Assert.Equal(new LocalDate(2027, 1, 1), ProgrammeWeek.Of(new LocalDate(2027, 1, 4), EnglandAndWales).OpensFrom);

        // 27 December 2027 – 2 January 2028 with its two bank holidays: the last working day before it is Friday 24 December.
        Assert.Equal(new LocalDate(2027, 12, 25), ProgrammeWeek.Of(new LocalDate(2027, 12, 27), EnglandAndWales).OpensFrom);
        Assert.Throws<ArgumentException>(() => ProgrammeWeek.Of(new LocalDate(2027, 8, 3), EnglandAndWales));
    }

    [Fact]
    public void ListingMonday_HedgeCutAndNewYearsWeedControl()
    {
        // The summer hedge cut: the week of its window's first working day, three weeks before its target's.
        Assert.Equal(new LocalDate(2027, 8, 2), ProgrammeWeek.ListingMonday(new LocalDate(2027, 8, 1), new LocalDate(2027, 8, 31), EnglandAndWales));

        // A window opening on a bank holiday that ends a week (Friday 1 January): first workable on Monday 4 January, its
        // target's week, not in the programme of the week before, which is all holiday and weekend for it.
        Assert.Equal(new LocalDate(2027, 1, 4), ProgrammeWeek.ListingMonday(new LocalDate(2027, 1, 1), new LocalDate(2027, 1, 4), EnglandAndWales));

        // Aimed in the week its window opens: that week, as before.
        Assert.Equal(new LocalDate(2027, 8, 16), ProgrammeWeek.ListingMonday(new LocalDate(2027, 8, 16), new LocalDate(2027, 8, 16), EnglandAndWales));
    }

    [Fact]
    public async Task EnqueueProgramme_AYearWeekByWeek_CarriesEachOrderOnceInTheWeekItsWindowOpens()
    {
        await using var database = await EstateTestDatabase.CreateAsync();
        var clock = TestEstate.Clock();
        var asOf = new LocalDate(2027, 1, 1);
        await new RegisterImporter(database.DataSource, clock).ImportAsync(TestEstate.Estate(), "test", asOf);
        var grounds = TestEstate.Grounds() with { Services = ["grass-cut", "path-sweep", "hedge-cut"] };
        var config = TestEstate.Config([.. TestEstate.AllSchedules(), HedgeCut()], [TestEstate.Cleaner(), grounds, TestEstate.GasEngineer()], horizonWeeks: 60);
        await new WorkOrderGeneration(database.DataSource, config, EnglandAndWales, clock).ApplyAsync(asOf);

        // Every programme of 2027, as the dispatchers would write them on the Thursdays before.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            for (var monday = new LocalDate(2026, 12, 28); monday.Year <= 2027; monday = monday.PlusDays(7))
            {
                foreach (var contractor in new[] { "sparkle", "greenscape" })
                {
                    await OutboxProgrammes.EnqueueProgrammeAsync(
                        connection, transaction, contractor, ProgrammeWeek.Of(monday, EnglandAndWales), 100_000, key => key, clock.GetCurrentInstant());
                }
            }

            await transaction.CommitAsync();
        }

        var orders = await database.DataSource.RowsAsync("""
            SELECT w.reference || '|' || w.window_start || '|' || w.target_date || '|'
                   || coalesce((SELECT string_agg(o.week_start::text, ',') FROM outbox_messages o WHERE o.work_order_ids @> ARRAY[w.id]), '-')
            FROM work_orders w
            WHERE w.contractor_id IN ('sparkle', 'greenscape') AND w.target_date <= '2027-12-31'
            ORDER BY w.reference
            """);
        Assert.True(orders.Count > 100, $"{orders.Count} orders");
        var (first, last) = (new LocalDate(2026, 12, 28), new LocalDate(2027, 12, 27));
        foreach (var row in orders)
        {
            var cells = row.Split('|');
            var expected = ProgrammeWeek.ListingMonday(LocalDatePattern.Iso.Parse(cells[1]).Value, LocalDatePattern.Iso.Parse(cells[2]).Value, EnglandAndWales);
            var carried = expected >= first && expected <= last ? LocalDatePattern.Iso.Format(expected) : "-";
            Assert.True(carried == cells[3], $"{row}: expected in the programme of {carried} only");
        }

        // The summer hedge cuts of the two sites: aimed at Tuesday 31 August, in the programme of 2–8 August.
        Assert.Equal(
            ["2027-08-01|2027-08-31|2027-08-02", "2027-08-01|2027-08-31|2027-08-02"],
            await database.DataSource.RowsAsync("""
                SELECT w.window_start || '|' || w.target_date || '|' || o.week_start
                FROM work_orders w JOIN outbox_messages o ON o.work_order_ids @> ARRAY[w.id]
                WHERE w.schedule_id = 'hedge-cut' AND w.window_start = '2027-08-01'
                ORDER BY w.asset_id
                """));
    }
}
