using NodaTime;

namespace Scheduler.Domain;

/// <summary>
/// One visit the calendar wants: one asset, one schedule, a service window (inclusive dates) and the
/// working day within it that the visit is aimed at. Follow-ups (a path sweep after a grass cut) carry
/// the <see cref="Parent"/> occurrence and the parent's <see cref="ScheduleId"/>.
/// </summary>
/// <param name="ScheduleId">The id of the schedule in config that produced it (for a follow-up, the parent's schedule).</param>
/// <param name="Service">The service performed, e.g. <c>grass-cut</c> or, for a follow-up, <c>path-sweep</c>.</param>
/// <param name="AssetId">The site, block or home id from the estate register.</param>
/// <param name="Window">When the visit may happen; inclusive at both ends.</param>
/// <param name="TargetDate">A working day inside <paramref name="Window"/>.</param>
/// <param name="ContractorId">The contractor who serves this service in the asset's area, when one is resolved.</param>
/// <param name="Parent">For a follow-up, the occurrence it follows; otherwise null.</param>
public sealed record Occurrence(
    string ScheduleId,
    string Service,
    string AssetId,
    ServiceWindow Window,
    LocalDate TargetDate,
    string? ContractorId = null,
    Occurrence? Parent = null)
{
    /// <summary>
    /// The natural key of the occurrence: schedule, asset, window start and service. Unique for a
    /// schedule and asset; stable across runs, so storage can create each occurrence exactly once.
    /// </summary>
    public string Key => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{ScheduleId}/{AssetId}/{Window.Start.Year:0000}-{Window.Start.Month:00}-{Window.Start.Day:00}/{Service}");
}
