using NodaTime;
using NodaTime.Text;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// The idempotency keys of outbox messages, and the Message-Ids made from them. A key names the cause, so the same
/// cause never gives two messages: <c>order/{reference}/0</c> (the first notice of an order),
/// <c>cancel/{reference}/1</c> (its cancellation), <c>programme/{contractor}/{week start}</c> (a weekly programme),
/// <c>programme/{contractor}/{week start}/{part}</c> (a part of a weekly programme too big for one email).
/// </summary>
public static class OutboxKeys
{
    /// <summary>The Message-Id domain: <c>{key}@estate-scheduler</c>.</summary>
    public const string MessageIdDomain = "estate-scheduler";

    /// <summary>The iCalendar SEQUENCE of a first notice.</summary>
    public const int NoticeSequence = 0;

    /// <summary>The iCalendar SEQUENCE of a cancellation: higher than the notice's, so calendars apply it.</summary>
    public const int CancellationSequence = 1;

    /// <summary><c>order/{reference}/0</c>.</summary>
    public static string Notice(string reference) => $"order/{reference}/{NoticeSequence}";

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
