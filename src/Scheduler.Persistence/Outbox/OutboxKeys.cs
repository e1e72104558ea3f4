using NodaTime;
using NodaTime.Text;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// The idempotency keys of outbox messages, and the Message-Ids made from them. A key names the cause, so the same
/// cause never gives two messages: <c>order/{reference}/0</c> (the first notice of an order),
/// <c>order/{reference}/appointment/{appointment id}</c> (a changed-appointment notice: the order's visit booked after its
/// notice went), <c>order/{reference}/window/{window end}</c> (a changed-window notice: the order's window moved after its
/// notice or programme went), <c>order/{reference}/address/{import run}</c> (a changed-address notice: a register import
/// changed where the order is after its notice or programme went), <c>cancel/{reference}/1</c> (its cancellation), <c>programme/{contractor}/{week start}</c> (a weekly programme),
/// <c>programme/{contractor}/{week start}/{part}</c> (a part of a weekly programme too big for one email).
/// </summary>
public static class OutboxKeys
{
    /// <summary>The Message-Id domain: <c>{key}@estate-scheduler</c>.</summary>
    public const string MessageIdDomain = "estate-scheduler";

    /// <summary>The iCalendar SEQUENCE of a first notice.</summary>
    public const int NoticeSequence = 0;

    /// <summary>
    /// The last part of a cancellation's key (<c>cancel/{reference}/1</c>: one cancellation per order). Its SEQUENCE is
    /// not fixed: one above the highest of the order's earlier messages (1 after the notice alone, more after changed
    /// appointments), set where the cancellation is enqueued, so calendars apply it.
    /// </summary>
    public const int CancellationSequence = 1;

    /// <summary><c>order/{reference}/0</c>.</summary>
    public static string Notice(string reference) => $"order/{reference}/{NoticeSequence}";

    /// <summary>
    /// <c>order/{reference}/appointment/{appointmentId}</c>: the changed-appointment notice for the order's appointment
    /// <paramref name="appointmentId"/> (<c>gas_appointments.id</c>), one per order and appointment.
    /// </summary>
    public static string AppointmentChange(string reference, long appointmentId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"order/{reference}/appointment/{appointmentId}");

    /// <summary>
    /// <c>order/{reference}/window/{windowEnd:yyyy-MM-dd}</c>: the changed-window notice of the order whose window now ends on
    /// <paramref name="windowEnd"/>, one per order and new window end (a window moves only later, so never twice to one end).
    /// </summary>
    public static string WindowChange(string reference, LocalDate windowEnd) =>
        $"order/{reference}/window/{LocalDatePattern.Iso.Format(windowEnd)}";

    /// <summary>
    /// <c>order/{reference}/address/{importRun}</c>: the changed-address notice of the order whose asset's address (or name
    /// or postcode) the register import <paramref name="importRun"/> (<c>import_runs.id</c>) changed, one per order and import.
    /// </summary>
    public static string AddressChange(string reference, long importRun) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"order/{reference}/address/{importRun}");

    /// <summary><c>cancel/{reference}/1</c>.</summary>
    public static string Cancellation(string reference) => $"cancel/{reference}/{CancellationSequence}";

    /// <summary><c>programme/{contractorId}/{weekStart:yyyy-MM-dd}</c>.</summary>
    public static string Programme(string contractorId, LocalDate weekStart) =>
        $"programme/{contractorId}/{LocalDatePattern.Iso.Format(weekStart)}";

    /// <summary>
    /// <c>programme/{contractorId}/{weekStart:yyyy-MM-dd}/{part}</c>: part <paramref name="part"/> (from 1) of a programme
    /// sent in parts. A week that fits in one email keeps <see cref="Programme"/>'s key.
    /// </summary>
    public static string ProgrammePart(string contractorId, LocalDate weekStart, int part) =>
        $"{Programme(contractorId, weekStart)}/{part.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
