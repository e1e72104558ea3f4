using NodaTime;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Tests;

/// <summary>Working-day calendars for tests, built from the shipped bank-holiday snapshot.</summary>
internal static class TestCalendars
{
    public static WorkingDayCalendar EnglandAndWales { get; } = new(
        BankHolidayRegion.EnglandAndWales,
        new[]
        {
            "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
            "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
            "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26",
        }.Select(d => new BankHoliday(D(d), "holiday", false, false)));

    /// <summary>Parses an ISO date (test tables read best as strings).</summary>
    public static LocalDate D(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).GetValueOrThrow();
}
