using NodaTime;

namespace Scheduler.Domain.Calendars;

internal static class Placement
{
    /// <summary>The date a visit is aimed at in <paramref name="window"/> for a placement.</summary>
    public static LocalDate Preferred(ServiceWindow window, TargetPlacement target) => target switch
    {
        TargetPlacement.Middle => window.Start.PlusDays((window.Days - 1) / 2),
        TargetPlacement.End => window.End,
        _ => window.Start,
    };
}
