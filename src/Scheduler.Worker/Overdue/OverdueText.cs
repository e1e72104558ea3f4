using System.Globalization;
using NodaTime;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Reports;

namespace Scheduler.Worker.Overdue;

/// <summary>How an overdue order is described in the <c>overdue</c> listing and the manager digest (no tenant data).</summary>
internal static class OverdueText
{
    /// <summary>How long a timed target (hours) is overdue before the digest says days instead of hours.</summary>
    public static readonly Duration HoursUntil = Duration.FromDays(2);

    /// <summary>Whole days from the last day it was due to <paramref name="asOf"/> (at least 1 for an overdue order).</summary>
    public static int DaysOverdue(OverdueOrder order, LocalDate asOf) => Period.Between(order.DueDate, asOf, PeriodUnits.Days).Days;

    /// <summary>
    /// e.g. "grass-cut at S01: window ended 2027-05-15, 12 days overdue (issued)": calendar days from the last day it was
    /// due to <paramref name="asOf"/>, a part-day rounded up. A repair with a timed target (<paramref name="timedTarget"/>:
    /// hours, counted as elapsed time, e.g. an emergency's 24 hours) is late by the time elapsed since its deadline to
    /// <paramref name="now"/>, as its target is counted: whole hours under <see cref="HoursUntil"/> ("repairs-emergency target
    /// passed 2027-05-05 00:00, 7 hours overdue (issued)"; under an hour "less than an hour overdue"), whole days after
    /// ("2 days overdue" from 48 hours): seven hours late is not "1 day overdue". Planned work and day-based targets keep
    /// calendar days; so does a timed target with no <paramref name="now"/> (the <c>overdue</c> listing, by date).
    /// </summary>
    public static string Describe(OverdueOrder order, LocalDate asOf, DateTimeZone zone, Instant? now = null, bool timedTarget = false)
    {
        ArgumentNullException.ThrowIfNull(order);
        var due = order.SlaDueAt is { } at
            ? $"{order.SlaCategory} target passed {at.InZone(zone).ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture)}"
            : $"window ended {Iso(order.DueDate)}";
        return string.Create(CultureInfo.InvariantCulture, $"{order.Service} at {order.AssetId}: {due}, {Late(order, asOf, now, timedTarget)} overdue ({order.Status.ToText()})");
    }

    /// <summary>
    /// True when the repair's target is timed (hours, elapsed time): its category's clock in config counts hours; for a
    /// category config no longer has, when its deadline is not at a midnight in <paramref name="zone"/> (a day-based
    /// target is due by the end of a day).
    /// </summary>
    public static bool IsTimed(OverdueOrder order, Domain.Sla.SlaCatalog catalog, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(catalog);
        if (order.SlaDueAt is not { } due)
        {
            return false;
        }

        return catalog.TryFind(order.SlaCategory, out var target)
            ? target.Clock.IsElapsedTime
            : due.InZone(zone).TimeOfDay != LocalTime.Midnight;
    }

    public static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static string Late(OverdueOrder order, LocalDate asOf, Instant? now, bool timedTarget)
    {
        if (timedTarget && order.SlaDueAt is { } due && now is { } at && at >= due)
        {
            // Elapsed time, as the target is counted: whole hours, then whole days (47 hours, then 2 days).
            var late = at - due;
            return late < HoursUntil
                ? Count((long)late.TotalHours, "hour", "less than an hour")
                : Count((long)late.TotalDays, "day", string.Empty);
        }

        return Count(DaysOverdue(order, asOf), "day", "0 days");
    }

    private static string Count(long count, string unit, string none) => count switch
    {
        0 => none,
        1 => "1 " + unit,
        _ => string.Create(CultureInfo.InvariantCulture, $"{count} {unit}s"),
    };
}
