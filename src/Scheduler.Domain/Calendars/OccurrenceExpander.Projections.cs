using NodaTime;

namespace Scheduler.Domain.Calendars;

/// <content>The projections of one floating schedule, kept per last-done date for one expansion.</content>
public sealed partial class OccurrenceExpander
{
    /// <summary>
    /// A floating projection depends only on the last effective date (the rule, range and "today" being fixed
    /// for an expansion), and a large estate has a few hundred distinct dates for hundreds of thousands of
    /// homes: each date is projected once and its visits shared by every home that has it.
    /// </summary>
    private sealed class ProjectionCache(
        OccurrenceExpander expander, FloatingRule rule, FollowUpRule[] followUps, LocalDate from, LocalDate to, LocalDate asOf)
    {
        private readonly Dictionary<LocalDate, PlannedVisit[]> _byLastDate = [];
        private readonly List<(ServiceWindow Window, LocalDate Target)> _buffer = [];
        private PlannedVisit[]? _neverDone;

        /// <summary>The planned visits of a home last done on <paramref name="lastEffective"/> (null: never).</summary>
        public PlannedVisit[] For(LocalDate? lastEffective)
        {
            if (lastEffective is not { } last)
            {
                return _neverDone ??= Project(null);
            }

            if (!_byLastDate.TryGetValue(last, out var visits))
            {
                visits = Project(last);
                _byLastDate.Add(last, visits);
            }

            return visits;
        }

        private PlannedVisit[] Project(LocalDate? lastEffective)
        {
            _buffer.Clear();
            expander.ProjectInto(_buffer, rule, lastEffective, from, to, asOf);
            return expander.Plan(_buffer, followUps);
        }
    }
}
