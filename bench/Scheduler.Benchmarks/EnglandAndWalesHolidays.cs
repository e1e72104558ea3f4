using NodaTime;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Benchmarks;

/// <summary>
/// The England and Wales bank holidays of 2027 and 2028 (DOMAIN.md §6; 2028 is computed by the usual rules),
/// so the benchmark does not depend on the shipped catalogue.
/// </summary>
internal static class EnglandAndWalesHolidays
{
    /// <summary>A working-day calendar for England and Wales covering 2027–2028.</summary>
    public static WorkingDayCalendar Calendar() => new(BankHolidayRegion.EnglandAndWales, Holidays());

    /// <summary>The holidays, in date order.</summary>
    public static IReadOnlyList<BankHoliday> Holidays() =>
    [
        new(new LocalDate(2027, 1, 1), "New Year’s Day", false, false),
        new(new LocalDate(2027, 3, 26), "Good Friday", false, false),
        new(new LocalDate(2027, 3, 29), "Easter Monday", false, false),
        new(new LocalDate(2027, 5, 3), "Early May bank holiday", false, false),
        new(new LocalDate(2027, 5, 31), "Spring bank holiday", false, false),
        new(new LocalDate(2027, 8, 30), "Summer bank holiday", false, false),
        new(new LocalDate(2027, 12, 27), "Christmas Day", true, false),
        new(new LocalDate(2027, 12, 28), "Boxing Day", true, false),
        new(new LocalDate(2028, 1, 3), "New Year’s Day", true, true),
        new(new LocalDate(2028, 4, 14), "Good Friday", false, true),
        new(new LocalDate(2028, 4, 17), "Easter Monday", false, true),
        new(new LocalDate(2028, 5, 1), "Early May bank holiday", false, true),
        new(new LocalDate(2028, 5, 29), "Spring bank holiday", false, true),
        new(new LocalDate(2028, 8, 28), "Summer bank holiday", false, true),
        new(new LocalDate(2028, 12, 25), "Christmas Day", false, true),
        new(new LocalDate(2028, 12, 26), "Boxing Day", false, true),
    ];
}
