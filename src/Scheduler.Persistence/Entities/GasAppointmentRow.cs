using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>
/// A row of <c>gas_appointments</c>: one documented attempt to get into a home for its gas check — the booked day and
/// slot, the letter that announced it and what happened. Attempts are numbered 1, 2, 3 per home and deadline; together
/// they are the landlord's evidence of reasonable steps (DOMAIN.md §1).
/// </summary>
public sealed class GasAppointmentRow
{
    public long Id { get; set; }

    public long WorkOrderId { get; set; }

    public required string HomeId { get; set; }

    /// <summary>The area whose engineers' capacity the visit uses.</summary>
    public required string AreaId { get; set; }

    /// <summary>The deadline the visit was booked before.</summary>
    public LocalDate Deadline { get; set; }

    /// <summary>1 for the first attempt against <see cref="Deadline"/>, then 2, 3.</summary>
    public int Attempt { get; set; }

    /// <summary>The appointment's day.</summary>
    public LocalDate Date { get; set; }

    /// <summary>The part of the day, one of the schedule's slots (AM, PM).</summary>
    public required string Slot { get; set; }

    /// <summary>
    /// The letter that announced it: <c>appointment-first</c>, <c>appointment-second</c> or <c>appointment-third</c>;
    /// null for a visit reported without a booking (no letter announced it).
    /// </summary>
    public string? Letter { get; set; }

    /// <summary>The day the letter was issued (queued in the outbox).</summary>
    public LocalDate LetterOn { get; set; }

    /// <summary>
    /// True for a visit booked at short notice (migration <c>ShortNoticeBookings</c>): its letter goes by post and the
    /// deadline left no slot at the full notice counted from the letter's arrival, so the tenant may have the letter only
    /// days before the visit, or after it. The manager digest lists such visits still to come, to ring the tenant.
    /// </summary>
    public bool ShortNotice { get; set; }

    /// <summary>
    /// The day the tenant has the letter (by post: the post's working days after it goes; by email: the day it goes),
    /// as the booking counted it; null for rows written before migration <c>ShortNoticeBookings</c> and for visits
    /// reported without a booking.
    /// </summary>
    public LocalDate? LetterReaches { get; set; }

    /// <summary>
    /// The day someone rang the tenant to confirm a visit booked at short notice (migration <c>TenantRung</c>,
    /// <c>estate-scheduler tenant-rung</c>, <see cref="Gas.GasShortNotice.RecordRungAsync"/>); null until then. The manager
    /// digest lists a short-notice visit until it is recorded here or its day comes.
    /// </summary>
    public LocalDate? TenantRungOn { get; set; }

    /// <summary><c>booked</c>, <c>attended</c>, <c>no-access</c> or <c>cancelled</c> (see <see cref="Gas.GasAppointmentStatuses"/>).</summary>
    public required string Status { get; set; }

    public Instant BookedAt { get; set; }

    /// <summary>The day the visit was reported (attended or no access); null while booked.</summary>
    public LocalDate? OutcomeOn { get; set; }

    /// <summary>When the outcome was recorded; null while booked.</summary>
    public Instant? OutcomeAt { get; set; }
}
