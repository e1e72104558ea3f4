using System.Text.Json;
using NodaTime;

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
    /// Splits a week's orders, in the programme's order (target date, then reference; <paramref name="days"/> holds each
    /// order's target date), into parts of at most <paramref name="maxOrders"/> that keep each day whole: a part takes
    /// whole days while the next day fits, so a crew's day is in one email. A day of more than
    /// <paramref name="maxOrders"/> orders is the only one cut, by count: parts of <paramref name="maxOrders"/> and the
    /// rest, which later days may join. Every order is in exactly one part, and the same orders give the same parts (so a
    /// write repeated after a crash writes the same parts). There can be more than ceil(count / max) parts (at most
    /// twice as many): four days of 1,100 orders with a maximum of 2,000 are four parts, not three.
    /// </summary>
    /// <exception cref="ArgumentException">The two lists differ in length, or the days are not in order.</exception>
    public static IReadOnlyList<IReadOnlyList<long>> Split(IReadOnlyList<long> orderIds, IReadOnlyList<LocalDate> days, int maxOrders)
    {
        ArgumentNullException.ThrowIfNull(orderIds);
        ArgumentNullException.ThrowIfNull(days);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOrders, 1);
        if (orderIds.Count != days.Count)
        {
            throw new ArgumentException($"{orderIds.Count} orders but {days.Count} days.", nameof(days));
        }

        var parts = new List<IReadOnlyList<long>>();
        var part = new List<long>();
        for (var start = 0; start < orderIds.Count;)
        {
            var end = start + 1;
            while (end < orderIds.Count && days[end] == days[start])
            {
                end++;
            }

            if (end < orderIds.Count && days[end] < days[start])
            {
                throw new ArgumentException($"The days are not in order: {days[end]:uuuu-MM-dd} after {days[start]:uuuu-MM-dd}.", nameof(days));
            }

            // The day joins the open part if it fits whole; else the open part closes, and the day starts the next one
            // (cut by count only when it alone is more than the maximum).
            if (part.Count + (end - start) > maxOrders && part.Count > 0)
            {
                parts.Add(part);
                part = [];
            }

            for (var i = start; i < end; i++)
            {
                if (part.Count == maxOrders)
                {
                    parts.Add(part);
                    part = [];
                }

                part.Add(orderIds[i]);
            }

            start = end;
        }

        if (part.Count > 0)
        {
            parts.Add(part);
        }

        return parts;
    }
}
