using System.Globalization;
using NodaTime;

namespace Scheduler.Domain.Planning;

/// <summary>
/// An occurrence key (<see cref="Occurrence.Key"/>: <c>schedule/asset/yyyy-MM-dd/service</c>) as the planner compares
/// it: by its four values when the text splits into them unambiguously (no <c>/</c> in the ids), so no string is made
/// per occurrence or stored order; otherwise by the text itself. Two keys are equal exactly when their texts are.
/// </summary>
internal readonly struct OrderKey : IEquatable<OrderKey>
{
    private readonly string? _scheduleId; // null for a key held as text
    private readonly string _assetOrText;
    private readonly string? _service;
    private readonly LocalDate _start;

    private OrderKey(string? scheduleId, string assetOrText, LocalDate start, string? service)
    {
        _scheduleId = scheduleId;
        _assetOrText = assetOrText;
        _start = start;
        _service = service;
    }

    /// <summary>The key of an occurrence.</summary>
    public static OrderKey Of(Occurrence occurrence) => Of(occurrence.ScheduleId, occurrence.AssetId, occurrence.Window.Start, occurrence.Service);

    /// <summary>The key <see cref="Format"/> gives for these values.</summary>
    public static OrderKey Of(string scheduleId, string assetId, LocalDate start, string service) =>
        start.Year < 1 || scheduleId.Contains('/', StringComparison.Ordinal) || assetId.Contains('/', StringComparison.Ordinal) || service.Contains('/', StringComparison.Ordinal)
            ? new OrderKey(null, Format(scheduleId, assetId, start, service), default, null)
            : new OrderKey(scheduleId, assetId, start, service);

    /// <summary>The key with this text (any text: a key not in the usual form is compared as text).</summary>
    public static OrderKey Parse(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 4 && TryDate(parts[2], out var start) && Format(parts[0], parts[1], start, parts[3]) == text
            ? new OrderKey(parts[0], parts[1], start, parts[3])
            : new OrderKey(null, text, default, null);
    }

    /// <summary><see cref="Occurrence.Key"/>'s text for these values.</summary>
    public static string Format(string scheduleId, string assetId, LocalDate start, string service) =>
        string.Create(CultureInfo.InvariantCulture, $"{scheduleId}/{assetId}/{start.Year:0000}-{start.Month:00}-{start.Day:00}/{service}");

    public bool Equals(OrderKey other) =>
        _start == other._start
        && string.Equals(_assetOrText, other._assetOrText, StringComparison.Ordinal)
        && string.Equals(_scheduleId, other._scheduleId, StringComparison.Ordinal)
        && string.Equals(_service, other._service, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is OrderKey other && Equals(other);

    public override int GetHashCode() =>
        HashCode.Combine(string.GetHashCode(_assetOrText, StringComparison.Ordinal), _start, _scheduleId is null ? 0 : string.GetHashCode(_scheduleId, StringComparison.Ordinal), _service is null ? 0 : string.GetHashCode(_service, StringComparison.Ordinal));

    public override string ToString() => _scheduleId is null ? _assetOrText : Format(_scheduleId, _assetOrText, _start, _service!);

    private static bool TryDate(string text, out LocalDate date)
    {
        date = default;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (text.Length < 10 || dash < 4 || text.Length != dash + 6 || text[dash + 3] != '-'
            || !int.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(dash + 1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(text.AsSpan(dash + 4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return false;
        }

        date = new LocalDate(year, month, day);
        return true;
    }
}
