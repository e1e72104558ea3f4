using System.Text.Json;

namespace Scheduler.Persistence.Outbox;

/// <summary>
/// Which part of a weekly programme a message is, when the week has more orders than the contractor's
/// <c>programmeMaxOrders</c> and is sent as several emails: part <see cref="Part"/> (from 1) of <see cref="Parts"/>.
/// Stored as the row's payload (<c>{"part":2,"parts":3}</c>); a programme sent whole has no payload and is part 1 of 1.
/// </summary>
/// <param name="Part">This part's number, from 1.</param>
/// <param name="Parts">How many parts the week's programme has.</param>
public sealed record ProgrammePart(int Part, int Parts)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>A programme sent whole: part 1 of 1.</summary>
    public static ProgrammePart Whole { get; } = new(1, 1);

    /// <summary>The JSON stored in <c>outbox_messages.payload</c>, e.g. <c>{"part":2,"parts":3}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>The part a stored programme row is: <see cref="Whole"/> when it has no payload.</summary>
    /// <exception cref="JsonException">The payload is not a programme part.</exception>
    public static ProgrammePart FromPayload(string? json) =>
        json is null ? Whole : JsonSerializer.Deserialize<ProgrammePart>(json, Options) ?? throw new JsonException("The payload is null.");

    /// <summary>
    /// Splits a week's orders, in the programme's order (target date, then reference), into parts of at most
    /// <paramref name="maxOrders"/>: ceil(count / max) parts, each full but the last, every order in exactly one, the
    /// same parts for the same orders (so a write repeated after a crash writes the same parts).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<long>> Split(IReadOnlyList<long> orderIds, int maxOrders)
    {
        ArgumentNullException.ThrowIfNull(orderIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOrders, 1);
        return [.. orderIds.Chunk(maxOrders)];
    }
}
