using NodaTime;
using Scheduler.Domain.Compliance;

namespace Scheduler.Persistence.Gas;

/// <summary>
/// What the last booking of this process read, kept for the next night's booking so that it reads again only the homes
/// whose situation changed since (docs/gas-safety.md, "What a night reads"): each candidate home's order and failed
/// attempts, and the highest order id it saw. One entry; taken by a booking as it starts and given back only
/// after its transaction committed, so a failed or concurrent booking books from the database in full.
/// </summary>
/// <remarks>
/// Valid only for the database, booking (<c>gas_booking_state.version</c>: raised by every booking, on any node),
/// register (<c>register_version</c>) and configuration version it was made on, and for a later day: anything else
/// makes the next booking a full one. The worker keeps one for its lifetime (a DI singleton), as
/// <see cref="GasAppointmentBooking"/> keeps its own when none is given.
/// </remarks>
public sealed class GasBookingMemo
{
    private GasBookingSnapshot? _snapshot;

    /// <summary>Takes the kept snapshot (null when none); the memo is empty until <see cref="Keep"/>.</summary>
    internal GasBookingSnapshot? Take() => Interlocked.Exchange(ref _snapshot, null);

    /// <summary>Keeps <paramref name="snapshot"/>, made by a booking whose transaction committed.</summary>
    internal void Keep(GasBookingSnapshot snapshot) => Volatile.Write(ref _snapshot, snapshot);
}

/// <summary>One booking's reads, as of its transaction (see <see cref="GasBookingMemo"/>).</summary>
/// <param name="DatabaseOid">The database (<c>pg_database</c> oid).</param>
/// <param name="StateVersion">The <c>gas_booking_state</c> version the booking wrote.</param>
/// <param name="RegisterVersion">The register version it read (homes' area and active flag come from it).</param>
/// <param name="ConfigVersion">The configuration's version.</param>
/// <param name="ScheduleId">The gas schedule (a memo is kept only when there is exactly one).</param>
/// <param name="AsOf">The day booked.</param>
/// <param name="Candidates">Each candidate home's order and the failed attempts against its deadline, as read.</param>
/// <param name="OrdersThrough">The highest work order id when it read (no apply running): orders above it are new.</param>
/// <param name="Touched">Homes the booking itself wrote for (booked or escalated): read again next night.</param>
internal sealed record GasBookingSnapshot(
    uint DatabaseOid,
    long StateVersion,
    long RegisterVersion,
    string ConfigVersion,
    string ScheduleId,
    LocalDate AsOf,
    IReadOnlyDictionary<string, GasCandidate> Candidates,
    long OrdersThrough,
    IReadOnlySet<string> Touched);

/// <summary>A home the booking plans: its earliest bookable order and the failed attempts against that order's deadline.</summary>
internal sealed record GasCandidate(GasOrder Order, IReadOnlyList<AccessAttempt> Attempts);
