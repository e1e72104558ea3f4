using NodaTime;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// Which programme a weekly contractor is due on a given day. The programme for a week (Monday to Sunday) is built
/// from the contractor's programme day of the week before: on that day, or any later day of that week if no dispatcher
/// ran on it. Orders no programme can carry any more (aimed in the current week, or in the programme's week once it
/// has gone) are sent as notices of their own.
/// </summary>
public static class ProgrammeWeeks
{
    /// <summary>
    /// For <paramref name="today"/>: the Monday of the week whose programme is due (null before the programme day),
    /// and the last day (inclusive) an order may be aimed at and still need a notice of its own.
    /// </summary>
    public static (LocalDate? ProgrammeWeek, LocalDate LateThrough) For(LocalDate today, IsoDayOfWeek programmeDay)
    {
        var monday = today.PlusDays(-((int)today.DayOfWeek - 1));
        return today.DayOfWeek >= programmeDay
            ? (monday.PlusDays(7), monday.PlusDays(13))
            : (null, monday.PlusDays(6));
    }
}
