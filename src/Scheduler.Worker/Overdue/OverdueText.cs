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

    /// <summary>How late an order counted by date is on the first day it is overdue (it became so at the day's start).</summary>
    private const string FirstDay = "overdue since 00:00 today";

    /// <summary>
    /// Whole days an order has been overdue on <paramref name="asOf"/>, counted in the landlord's zone from 00:00 on the
    /// first day it is overdue (the day after the last day it was due, <see cref="OverdueOrder.DueDate"/>): 0 all that first
    /// day, 1 all the next. By date, so the same at any time of the day and across a clock change (a day is a day in
    /// the zone, 23 or 25 hours). The <c>overdue</c> listing's <c>days_overdue</c> and the digest's day-based lines both say
    /// this number. Until branch ops39 it counted the first day as 1: "1 day overdue" at 07:00, seven hours after.
    /// </summary>
    public static int DaysOverdue(OverdueOrder order, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(order);
        return Period.Between(order.DueDate.PlusDays(1), asOf, PeriodUnits.Days).Days;
    }

    /// <summary>
    /// e.g. "grass-cut at S01: window ended 2027-05-15, 12 days overdue (issued)": whole days overdue on
    /// <paramref name="asOf"/> (<see cref="DaysOverdue"/>), "overdue since 00:00 today" on its first day. A repair with a
    /// timed target (<paramref name="timedTarget"/>: hours, counted as elapsed time, e.g. an emergency's 24 hours) is late by
    /// the time elapsed since its deadline to <paramref name="now"/>, as its target is counted: whole hours under
    /// <see cref="HoursUntil"/> ("repairs-emergency target passed 2027-05-05 00:00, 7 hours overdue (issued)"; under an hour
    /// "less than an hour overdue"), whole days after ("2 days overdue" from 48 hours). Planned work and day-based targets
    /// count days by date; so does a timed target with no <paramref name="now"/>.
    /// </summary>
    public static string Describe(OverdueOrder order, LocalDate asOf, DateTimeZone zone, Instant? now = null, bool timedTarget = false)
    {
        ArgumentNullException.ThrowIfNull(order);
        var due = order.SlaDueAt is { } at
            ? $"{order.SlaCategory} target passed {at.InZone(zone).ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture)}"
            : $"window ended {Iso(order.DueDate)}";
        return string.Create(CultureInfo.InvariantCulture, $"{order.Service} at {order.AssetId}: {due}, {Late(order, asOf, now, timedTarget)} ({order.Status.ToText()})");
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

        return DaysOverdue(order, asOf) is var days and > 0 ? Count(days, "day", string.Empty) : FirstDay;
    }

    private static string Count(long count, string unit, string none) => count switch
    {
        0 => none + " overdue",
        1 => "1 " + unit + " overdue",
        _ => string.Create(CultureInfo.InvariantCulture, $"{count} {unit}s overdue"),
    };
}
