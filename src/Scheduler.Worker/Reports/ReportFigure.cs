namespace Scheduler.Worker.Reports;

/// <summary>
/// The counts for one commitment, contractor and area (one CSV row). <see cref="OnTime"/> ≤ <see cref="Delivered"/>
/// ≤ <see cref="Planned"/>.
/// </summary>
/// <param name="Commitment">The <see cref="Reports.Commitment.Id"/>.</param>
/// <param name="Contractor">The contractor id, or <see cref="PerformanceReport.Unassigned"/>.</param>
/// <param name="Area">The area id, or <see cref="PerformanceReport.UnknownArea"/> when the asset is not in the register.</param>
/// <param name="Planned">Orders due in the year (planned work: target date in the year; repairs: reported in the year), cancelled ones left out.</param>
/// <param name="Delivered">Of those, orders recorded as completed.</param>
/// <param name="OnTime">Of those, completed in time: within the window, on or before a gas deadline, or by a repair's SLA deadline.</param>
public sealed record ReportFigure(string Commitment, string Contractor, string Area, int Planned, int Delivered, int OnTime)
{
    /// <summary>Completed, but not in time.</summary>
    public int Late => Delivered - OnTime;

    /// <summary>Not recorded as completed (still open, no access, or never reported).</summary>
    public int NotDelivered => Planned - Delivered;

    /// <summary>The sum of figures (for totals): the key of the first, or the given one.</summary>
    public static ReportFigure Sum(string commitment, string contractor, string area, IEnumerable<ReportFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        int planned = 0, delivered = 0, onTime = 0;
        foreach (var f in figures)
        {
            planned += f.Planned;
            delivered += f.Delivered;
            onTime += f.OnTime;
        }

        return new ReportFigure(commitment, contractor, area, planned, delivered, onTime);
    }

    /// <summary><paramref name="part"/> as a percentage of <paramref name="whole"/>, one decimal place, halves away from zero; null when <paramref name="whole"/> is 0.</summary>
    public static decimal? Percent(int part, int whole) =>
        whole == 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);
}
