using System.Globalization;
using NodaTime;
using Scheduler.Domain.Planning;
using Scheduler.Persistence.Reports;

namespace Scheduler.Worker.Overdue;

/// <summary>How an overdue order is described in the <c>overdue</c> listing and the manager digest (no tenant data).</summary>
internal static class OverdueText
{
    /// <summary>Whole days from the last day it was due to <paramref name="asOf"/> (at least 1 for an overdue order).</summary>
    public static int DaysOverdue(OverdueOrder order, LocalDate asOf) => Period.Between(order.DueDate, asOf, PeriodUnits.Days).Days;

    /// <summary>e.g. "grass-cut at S01: window ended 2027-05-15, 12 days overdue (issued)".</summary>
    public static string Describe(OverdueOrder order, LocalDate asOf, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(order);
        var days = DaysOverdue(order, asOf);
        var due = order.SlaDueAt is { } at
            ? $"{order.SlaCategory} target passed {at.InZone(zone).ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture)}"
            : $"window ended {Iso(order.DueDate)}";
        return string.Create(CultureInfo.InvariantCulture, $"{order.Service} at {order.AssetId}: {due}, {days} day{(days == 1 ? string.Empty : "s")} overdue ({order.Status.ToText()})");
    }

    public static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
