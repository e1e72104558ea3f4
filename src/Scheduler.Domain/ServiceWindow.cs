using NodaTime;

namespace Scheduler.Domain;

/// <summary>
/// The dates within which a visit must happen. Both <see cref="Start"/> and <see cref="End"/> are
/// <b>inclusive</b>: a window of 1–15 April allows a visit on 15 April.
/// </summary>
public readonly record struct ServiceWindow
{
    /// <summary>Creates a window; throws when <paramref name="end"/> is before <paramref name="start"/>.</summary>
    public ServiceWindow(LocalDate start, LocalDate end)
    {
        Check.Ordered(start, end, nameof(end));
        Start = start;
        End = end;
    }

    /// <summary>First day of the window (inclusive).</summary>
    public LocalDate Start { get; }

    /// <summary>Last day of the window (inclusive).</summary>
    public LocalDate End { get; }

    /// <summary>Number of calendar days in the window, counting both ends.</summary>
    public int Days => Period.DaysBetween(Start, End) + 1;

    /// <summary>True when <paramref name="date"/> is on or after <see cref="Start"/> and on or before <see cref="End"/>.</summary>
    public bool Contains(LocalDate date) => date >= Start && date <= End;

    /// <summary>True when the two windows share at least one day.</summary>
    public bool Overlaps(ServiceWindow other) => Start <= other.End && other.Start <= End;

    /// <inheritdoc />
    public override string ToString() => $"{Start:uuuu-MM-dd}..{End:uuuu-MM-dd}";
}
