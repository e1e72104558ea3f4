using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>An outbox message a dispatcher has claimed (status <c>sending</c> until <see cref="LeaseUntil"/>).</summary>
/// <param name="Id">The row id.</param>
/// <param name="Kind">One of <see cref="OutboxKinds"/>.</param>
/// <param name="IdempotencyKey">The cause, e.g. <c>order/WO-2027-000123/0</c>.</param>
/// <param name="MessageId">The Message-Id to send it with (without angle brackets).</param>
/// <param name="RecipientKind"><c>contractor</c> or <c>tenant</c>.</param>
/// <param name="RecipientId">The contractor's or tenant's id.</param>
/// <param name="WorkOrderIds">The work orders it is about.</param>
/// <param name="Sequence">The iCalendar SEQUENCE to send.</param>
/// <param name="WeekStart">A programme's Monday; null otherwise.</param>
/// <param name="Attempts">Attempts made before this one.</param>
/// <param name="CreatedAt">
/// When it became due: when it was enqueued, or for a message written ahead of its time (a contractor's
/// <c>issueAhead</c>, an appointment's <c>letterAhead</c>) its release (<c>release_at</c>). The Date header and DTSTAMP:
/// the same on every attempt, so a message sent twice after a crash is the same message.
/// </param>
/// <param name="LeaseUntil">The claim's lease; the claim's results are written only while the row still carries it.</param>
/// <param name="Payload">The row's JSON payload (e.g. a <see cref="TenantLetterPayload"/>, a programme's <see cref="ProgrammePart"/>, a changed-appointment notice's <see cref="AppointmentChangePayload"/>); null for other contractor messages.</param>
/// <param name="DeliveredVia">
/// Where an earlier claim of this row put it, when it got that far: for a printed letter, the day's letter batch
/// (<c>letters/2027-03-01.html</c>, the name of its first volume; later volumes are <c>2027-03-01_002.html</c> and on)
/// chosen before anything was written, so a letter re-claimed after a crash goes to the same day (where it is found in
/// the day's volumes and not added twice). Null otherwise.
/// </param>
public sealed record ClaimedMessage(
    long Id,
    string Kind,
    string IdempotencyKey,
    string MessageId,
    string RecipientKind,
    string RecipientId,
    IReadOnlyList<long> WorkOrderIds,
    int Sequence,
    LocalDate? WeekStart,
    int Attempts,
    Instant CreatedAt,
    Instant LeaseUntil,
    string? Payload = null,
    string? DeliveredVia = null);
