using System.Globalization;

namespace Scheduler.Domain.Planning;

/// <summary>
/// Writes <see cref="Occurrence.Key"/> into a caller's buffer instead of a new string: the planner looks a wanted
/// occurrence up among the stored orders by key, and storage writes each created order's key, hundreds of thousands
/// of times an apply; most lookups find their order, so the string would be garbage at once.
/// </summary>
public static class OccurrenceKeyWriter
{
    /// <summary>A buffer this long holds the key of any occurrence whose ids are of ordinary length.</summary>
    public const int UsualLength = 256;

    /// <summary>
    /// Writes exactly the characters of <paramref name="occurrence"/>'s <see cref="Occurrence.Key"/>; false, with
    /// nothing usable written, when <paramref name="destination"/> is too short (take <see cref="Occurrence.Key"/> then).
    /// </summary>
    public static bool TryWrite(Occurrence occurrence, Span<char> destination, out int charsWritten)
    {
        ArgumentNullException.ThrowIfNull(occurrence);

        // The same format as Occurrence.Key (OccurrenceKeyWriterTests compares the two).
        var start = occurrence.Window.Start;
        return destination.TryWrite(
            CultureInfo.InvariantCulture,
            $"{occurrence.ScheduleId}/{occurrence.AssetId}/{start.Year:0000}-{start.Month:00}-{start.Day:00}/{occurrence.Service}",
            out charsWritten);
    }
}
