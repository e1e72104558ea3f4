using System.Globalization;

namespace Scheduler.Worker.Email;

/// <summary>The reference printed on a work order and used in its calendar UID: <c>WO-2027-000123</c>.</summary>
public static class WorkOrderReference
{
    /// <summary>
    /// Formats <c>WO-{year}-{number}</c>, the number zero-padded to six digits (longer numbers are written in full).
    /// <paramref name="year"/> is the year the order was raised; <paramref name="number"/> counts from 1 within it.
    /// </summary>
    public static string Format(int year, long number)
    {
        if (year is < 1000 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "A work order year has four digits.");
        }

        if (number < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, "A work order number starts at 1.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"WO-{year}-{number:D6}");
    }
}
