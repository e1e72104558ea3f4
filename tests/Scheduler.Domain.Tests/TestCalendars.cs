using NodaTime;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Tests;

/// <summary>Working-day calendars for tests, built from the shipped bank-holiday snapshot.</summary>
internal static class TestCalendars
{
    public static WorkingDayCalendar EnglandAndWales { get; } = BankHolidayCatalog.Snapshot.Calendar(BankHolidayRegion.EnglandAndWales);

    /// <summary>Parses an ISO date (test tables read best as strings).</summary>
    public static LocalDate D(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).GetValueOrThrow();
}
