using NodaTime;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// Month and weekday names as estates managers write them: <c>Jan</c> or <c>January</c>, <c>Tue</c> or
/// <c>Tuesday</c>, in any letter case. Full English names and their first three letters only.
/// </summary>
internal static class CalendarNames
{
    /// <summary>The accepted month names, worded for an error message.</summary>
    public const string AcceptedMonths = "Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec (or the full name, e.g. September)";

    /// <summary>The accepted weekday names for a visit, worded for an error message.</summary>
    public const string AcceptedWeekdays = "Monday, Tuesday, Wednesday, Thursday, Friday (or Mon, Tue, Wed, Thu, Fri)";

    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>The month number (1–12) of <paramref name="name"/>, or null when it is not a month name.</summary>
    public static int? Month(string name) => IndexOf(Months, name);

    /// <summary>
    /// The day of <paramref name="name"/>, weekend days included (the caller decides whether they are allowed),
    /// or null when it is not a day name.
    /// </summary>
    public static IsoDayOfWeek? Day(string name) => IndexOf(Days, name) is { } d ? (IsoDayOfWeek)d : null;

    private static int? IndexOf(string[] names, string name)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(name, names[i], StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, names[i][..3], StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }

        return null;
    }
}
