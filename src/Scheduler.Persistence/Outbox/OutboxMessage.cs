using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// A row of <c>outbox_messages</c>: one email to send, written in the same transaction as the change that causes it
/// and sent later by the dispatcher. It holds references (work order ids, the recipient's kind and id), not the
/// rendered message: the dispatcher renders from the current templates and data when it sends, so the apply
/// transaction stays short and a template fix reaches messages still waiting. <see cref="IdempotencyKey"/> is unique
/// (one message per cause); <see cref="MessageId"/> is derived from it, so a re-send carries the same Message-Id.
/// Addresses are never stored here: the recipient is looked up when sending, and logs name only ids.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>One of <see cref="OutboxKinds"/>: <c>contractor-order</c>, <c>contractor-programme</c>, <c>contractor-cancellation</c>, <c>tenant-letter</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>What caused the message, e.g. <c>order/WO-2027-000123/0</c>; unique, so a cause never gives two messages.</summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>The Message-Id (without angle brackets), from the key: <c>order/WO-2027-000123/0@estate-scheduler</c>.</summary>
    public required string MessageId { get; set; }

    /// <summary><c>contractor</c>, <c>tenant</c> or <c>manager</c>.</summary>
    public required string RecipientKind { get; set; }

    /// <summary>The contractor's id from config, or the tenant's id from the register (never the address).</summary>
    public required string RecipientId { get; set; }

    /// <summary>The work orders the message is about (<c>bigint[]</c>): one for a notice or cancellation, the week's for a programme.</summary>
    public List<long> WorkOrderIds { get; set; } = [];

    /// <summary>
    /// Facts the message needs that are not work-order rows, as a JSON object (the <c>payload</c> jsonb column); null
    /// for contractor messages. Tenant letters carry the letter kind, date and slot; escalations carry their evidence;
    /// the digest carries its sections. Each kind documents its own shape beside the code that writes it.
    /// </summary>
    public string? Payload { get; set; }

    /// <summary>The iCalendar SEQUENCE the message carries: 0 for a first notice, higher for a cancellation.</summary>
    public int Sequence { get; set; }

    /// <summary>For a weekly programme, the Monday of the week it lists; null otherwise.</summary>
    public LocalDate? WeekStart { get; set; }

    /// <summary>One of <see cref="OutboxStatuses"/>: pending, sending, sent, dead, superseded.</summary>
    public required string Status { get; set; }

    /// <summary>Send attempts made so far (a batch cancelled before the message was tried does not count).</summary>
    public int Attempts { get; set; }

    /// <summary>The earliest time to send (or try again).</summary>
    public Instant NextAttemptAt { get; set; }

    /// <summary>While <c>sending</c>: until when the dispatcher that claimed it owns it; after that any dispatcher may reclaim it.</summary>
    public Instant? LeaseUntil { get; set; }

    /// <summary>The last failure (server reply or reason), or why the message was superseded; never an address or a body.</summary>
    public string? LastError { get; set; }

    /// <summary>When the row was written; also the message's Date header and calendar DTSTAMP unless it was deferred (<see cref="ReleaseAt"/>).</summary>
    public Instant CreatedAt { get; set; }

    /// <summary>
    /// For a message written ahead of its time (a contractor's <c>issueAhead</c>, an appointment's <c>letterAhead</c>):
    /// the moment it was released for sending (its first <see cref="NextAttemptAt"/>), later than <see cref="CreatedAt"/>;
    /// also its Date header and DTSTAMP. Until then it is scheduled, not backlog. Null for a message due when written.
    /// </summary>
    public Instant? ReleaseAt { get; set; }

    /// <summary>When the server accepted it; null until sent.</summary>
    public Instant? SentAt { get; set; }

    /// <summary>
    /// Where the message went: <c>email</c> (an SMTP server or the pickup folder), or for a tenant letter printed and
    /// posted, the letter batch file of the day, e.g. <c>letters/2027-03-01.html</c> (set just before that file is
    /// written, so a letter re-claimed after a crash goes to the same file). Null until then.
    /// </summary>
    public string? DeliveredVia { get; set; }
}
