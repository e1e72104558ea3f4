using NodaTime;
using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Email;

/// <summary>
/// The appointment booked with the tenant for a work order (a live <c>booked</c> row of <c>gas_appointments</c>),
/// as a contractor's notice, calendar and programme say it.
/// </summary>
/// <param name="Date">The appointment day.</param>
/// <param name="Slot">The slot as config names it, e.g. <c>AM</c> or <c>PM</c>.</param>
/// <param name="Hours">The slot's hours from the configuration in force when the message is composed; null when the
/// slot has none (the notice words the slot alone and the calendar entry is all-day on <paramref name="Date"/>).</param>
public sealed record OrderAppointment(LocalDate Date, string Slot, SlotHours? Hours);
