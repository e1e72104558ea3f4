using NodaTime;

namespace Scheduler.Domain.WorkingDays;

/// <summary>Easter Sunday in the Gregorian calendar (Western churches), which fixes Good Friday and Easter Monday.</summary>
internal static class GregorianEaster
{
    /// <summary>
    /// Easter Sunday of <paramref name="year"/> by the anonymous Gregorian computus (Meeus/Jones/Butcher),
    /// valid for every Gregorian year from 1583. Always between 22 March and 25 April inclusive.
    /// </summary>
    public static LocalDate Sunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var monthAndDay = h + l - (7 * m) + 114;
        return new LocalDate(year, monthAndDay / 31, (monthAndDay % 31) + 1);
    }
}
