using NodaTime;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// Which programme a weekly contractor is due on a given day. The programme for a week (Monday to Sunday) is built
/// from the contractor's programme day of the week before: on that day, or any later day of that week if no dispatcher
/// ran on it. It carries the orders <see cref="ProgrammeWeek"/> places in that week: by their window's first working
/// day, or their target date when earlier (since branch <c>prog29</c>; before, by target date alone). Orders no
/// programme can carry any more (placed in the current week, or in the programme's week once it has gone) are sent as
/// notices of their own.
/// </summary>
public static class ProgrammeWeeks
{
    /// <summary>
    /// For <paramref name="today"/>: the week whose programme is due (null before the programme day), and the last day
    /// (inclusive, a Sunday) of the weeks whose orders need a notice of their own when no message names them, with
    /// <see cref="ProgrammeWeek.OpensBy"/> that day (the last window start such an order can have when aimed later).
    /// </summary>
    public static (ProgrammeWeek? ProgrammeWeek, LocalDate LateThrough, LocalDate LateOpensThrough) For(
        LocalDate today, IsoDayOfWeek programmeDay, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var monday = today.PlusDays(-((int)today.DayOfWeek - 1));
        var (week, through) = today.DayOfWeek >= programmeDay
            ? (ProgrammeWeek.Of(monday.PlusDays(7), calendar), monday.PlusDays(13))
            : ((ProgrammeWeek?)null, monday.PlusDays(6));
        return (week, through, ProgrammeWeek.OpensBy(through, calendar));
    }
}
