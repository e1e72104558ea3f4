using NodaTime;
using NodaTime.Text;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Orders;

/// <summary>
/// Gas safety end to end: an order is booked for a deadline, completed in the database, and the next apply books the
/// next check from the effective date of reg. 36A (DOMAIN.md §1's worked examples).
/// </summary>
public class GasDeadlineTests : GenerationTestBase
{
    /// <summary>DOMAIN.md §1: previous deadline 10 Feb 2026, i.e. the check before was effective 10 Feb 2025.</summary>
    private static readonly LocalDate LastCheck = new(2025, 2, 10);

    [Theory]
    [InlineData("2026-01-05", "2027-02-10")] // in the early window: anniversary kept
    [InlineData("2026-02-10", "2027-02-10")] // on the deadline day itself
    [InlineData("2025-12-11", "2027-02-10")] // first day of the early window
    [InlineData("2025-12-01", "2026-12-01")] // before the early window: counts from the day it was done
    [InlineData("2026-02-20", "2027-02-20")] // late: counts from the day it was done
    public async Task Apply_AfterACompletion_BooksTheNextCheckForTheRegulationDeadline(string completed, string nextDeadline)
    {
        var ds = Database.DataSource;
        await ImportAsync(Estate(changeHomes: _ => [Home("H1", "B1", "S1", LastCheck)]), new LocalDate(2025, 12, 1));
        await ApplyAsync(new LocalDate(2025, 12, 1), GasOnly(horizonWeeks: 8));
        Assert.Equal(
            ["2025-12-11|2026-02-09|2026-02-10"],
            await ds.RowsAsync("SELECT window_start::text, window_end::text, deadline::text FROM work_orders"));
        var done = LocalDatePattern.Iso.Parse(completed).Value;
        await ds.ExecuteAsync($"UPDATE work_orders SET status = 'completed', completed_on = '{completed}'");

        var next = await ApplyAsync(done.PlusDays(1), GasOnly());

        var deadline = LocalDatePattern.Iso.Parse(nextDeadline).Value;
        Assert.Equal(1, next.CreateCount);
        Assert.Equal(
            [$"{Iso(deadline.PlusMonths(-2).PlusDays(1))}|{Iso(deadline.PlusDays(-1))}|{nextDeadline}"],
            await ds.RowsAsync("SELECT window_start::text, window_end::text, deadline::text FROM work_orders WHERE status = 'planned'"));
    }

    [Fact]
    public async Task Apply_CompletionStoredWithoutADeadline_CountsFromTheCompletionDate()
    {
        var ds = Database.DataSource;
        await ImportAsync(Estate(changeHomes: _ => [Home("H1", "B1", "S1", LastCheck)]), new LocalDate(2025, 12, 1));
        await ApplyAsync(new LocalDate(2025, 12, 1), GasOnly(horizonWeeks: 8));
        await ds.ExecuteAsync("UPDATE work_orders SET status = 'completed', completed_on = '2026-01-05', deadline = NULL");

        await ApplyAsync(new LocalDate(2026, 1, 6), GasOnly());

        Assert.Equal(
            ["2026-11-06|2027-01-04|2027-01-05"],
            await ds.RowsAsync("SELECT window_start::text, window_end::text, deadline::text FROM work_orders WHERE status = 'planned'"));
    }

    [Fact]
    public async Task Apply_Overdue_BooksUrgentlyAndRecordsTheMissedDeadline()
    {
        var ds = Database.DataSource;
        await ImportAsync(Estate(changeHomes: _ => [Home("H1", "B1", "S1", LastCheck), Home("H2", "B1", "S1", null)]), new LocalDate(2026, 3, 1));

        await ApplyAsync(new LocalDate(2026, 3, 1), GasOnly(horizonWeeks: 8));

        // H1's deadline (10 Feb 2026) has passed; H2 was never checked: both are booked within 14 days from as-of.
        Assert.Equal(
            ["H1|2026-03-01|2026-03-14|2026-02-10", "H2|2026-03-01|2026-03-14|∅"],
            await ds.RowsAsync("SELECT asset_id, window_start::text, window_end::text, deadline::text FROM work_orders ORDER BY asset_id"));
    }

    /// <summary>Gas safety alone; 8 weeks books the visit due now, 60 weeks also the next one after it.</summary>
    private static Scheduler.Domain.Configuration.EstateConfiguration GasOnly(int horizonWeeks = 60) =>
        Config([GasSafety()], [GasEngineer()], horizonWeeks: horizonWeeks);

    private static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
