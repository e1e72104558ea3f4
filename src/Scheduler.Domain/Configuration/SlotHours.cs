using System.Globalization;

using NodaTime;

namespace Scheduler.Domain.Configuration;

/// <summary>
/// The hours of an appointment slot, local time in the organisation's zone (<see cref="Organisation.Zone"/>), as the landlord sets them in config
/// (<c>slots: [{ id: AM, from: "08:00", to: "12:00" }]</c>): the visit starts at or after <see cref="From"/> and the
/// engineer arrives before <see cref="To"/>. Letters and calendars word the slot by them.
/// </summary>
public sealed record SlotHours
{
    /// <summary>The hours from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="from"/> is not before <paramref name="to"/>.</exception>
    public SlotHours(LocalTime from, LocalTime to)
    {
        if (from >= to)
        {
            throw new ArgumentException($"A slot's start ({Clock(from)}) must be before its end ({Clock(to)}).", nameof(from));
        }

        From = from;
        To = to;
    }

    /// <summary>When the slot starts.</summary>
    public LocalTime From { get; }

    /// <summary>When the slot ends (after <see cref="From"/>, the same day).</summary>
    public LocalTime To { get; }

    /// <summary>True when the two slots share some time (one ending as the other starts does not count).</summary>
    public bool Overlaps(SlotHours other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return From < other.To && other.From < To;
    }

    /// <summary>"08:00–12:00", for messages.</summary>
    public override string ToString() => $"{Clock(From)}–{Clock(To)}";

    /// <summary>A time as config writes it, 24-hour <c>HH:mm</c>: "08:00", "17:30".</summary>
    public static string Clock(LocalTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
