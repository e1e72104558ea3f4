using NodaTime;

namespace Scheduler.Domain.Compliance;

/// <summary>One engineer's appointment slot already taken in an area on a day (e.g. a booking made on an earlier run).</summary>
public readonly record struct SlotBooking(string AreaId, LocalDate Date, string Slot);
