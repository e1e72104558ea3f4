using NodaTime;
using Scheduler.Domain.Compliance;

namespace Scheduler.Domain.Calendars;

/// <content>The projections of one floating schedule, kept per last-done date for one expansion.</content>
public sealed partial class OccurrenceExpander
{
    /// <summary>
    /// A floating projection depends only on the last effective date and, for a schedule with an <c>appointment:</c>
    /// policy, whether the home's letters go by post (an urgent visit is aimed at the day the booking books it, later by
    /// post; <see cref="UrgentTarget"/>) — the rule, range and "today" being fixed for an expansion. A large estate has
    /// a few hundred distinct dates for hundreds of thousands of homes: each (date, post) is projected once and its
    /// visits shared by every home that has it.
    /// </summary>
    private sealed class ProjectionCache(
        OccurrenceExpander expander, FloatingRule rule, FollowUpRule[] followUps, LocalDate from, LocalDate to, LocalDate asOf, GasAppointmentPlanner? booking)
    {
        private readonly Dictionary<(LocalDate Last, bool ByPost), PlannedVisit[]> _byLastDate = [];
        private readonly List<(ServiceWindow Window, LocalDate Target)> _buffer = [];
        private PlannedVisit[]? _neverDone;
        private PlannedVisit[]? _neverDoneByPost;

        /// <summary>
        /// The planned visits of a home last done on <paramref name="lastEffective"/> (null: never) whose letters go by
        /// post when <paramref name="byPost"/> (which matters only to a schedule with an appointment policy).
        /// </summary>
        public PlannedVisit[] For(LocalDate? lastEffective, bool byPost)
        {
            byPost &= booking is not null;
            if (lastEffective is not { } last)
            {
                return byPost ? _neverDoneByPost ??= Project(null, byPost: true) : _neverDone ??= Project(null, byPost: false);
            }

            if (!_byLastDate.TryGetValue((last, byPost), out var visits))
            {
                visits = Project(last, byPost);
                _byLastDate.Add((last, byPost), visits);
            }

            return visits;
        }

        private PlannedVisit[] Project(LocalDate? lastEffective, bool byPost)
        {
            _buffer.Clear();
            expander.ProjectInto(_buffer, rule, lastEffective, from, to, asOf, booking, byPost);
            return expander.Plan(_buffer, followUps);
        }
    }
}
