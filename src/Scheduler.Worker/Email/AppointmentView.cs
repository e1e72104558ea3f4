using NodaTime;
using Scheduler.Domain.Configuration;

namespace Scheduler.Worker.Email;

/// <summary>What a tenant's appointment letter says about the visit.</summary>
/// <param name="Reference">The work order reference the tenant quotes when they call.</param>
/// <param name="ServiceId">The service id from config, e.g. <c>gas-safety</c> (templates may word letters by it).</param>
/// <param name="ServiceName">The service's name from config, e.g. "Annual gas safety check".</param>
/// <param name="Date">The appointment day.</param>
/// <param name="Slot">The slot as config names it, e.g. <c>AM</c> or <c>PM</c>; templates turn it into words (with
/// <see cref="Hours"/> when it has them).</param>
/// <param name="WhatWillHappen">What the visit includes, in words for the tenant (the service's <c>tenantChecklist</c>, else its checklist).</param>
/// <param name="Letter">First, second, third, changed or cancelled letter.</param>
/// <param name="PreviousDate">For a second or third letter, the day of the appointment that did not happen; else null.</param>
public sealed record AppointmentView(
    string Reference,
    string ServiceId,
    string ServiceName,
    LocalDate Date,
    string Slot,
    IReadOnlyList<string> WhatWillHappen,
    AppointmentLetter Letter,
    LocalDate? PreviousDate = null)
{
    /// <summary>
    /// The slot's hours from the configuration in force when the letter is composed (<c>appointment.slots</c>), or null
    /// when the slot has none: the letter then words the slot alone, as before hours could be set.
    /// </summary>
    public SlotHours? Hours { get; init; }

    /// <summary>
    /// For a changed-appointment letter (<see cref="AppointmentLetter.Changed"/>), the appointment the tenant was told of
    /// and which this one replaces (cancelled): its day, slot and the slot's hours; for a second or third letter, a visit
    /// the tenant was told of under another order and cancelled by this rebooking, when there is one; else null.
    /// </summary>
    public OrderAppointment? Replaces { get; init; }

    /// <summary>
    /// For a cancelled-appointment letter (<see cref="AppointmentLetter.Cancelled"/>) whose visit was cancelled because the
    /// check was made, the day the check was done; else null.
    /// </summary>
    public LocalDate? CheckedOn { get; init; }
}
