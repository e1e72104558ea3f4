using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Sla;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Npgsql;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// The one place that lists what happens when a visit is reported, so the command line, the CSV import, the feedback
/// page and the API all run the same effects. Add an effect here (one line) and every route runs it.
/// </summary>
internal static class CompletionEffects
{
    /// <summary>The effects, in the order they run, for the given configuration.</summary>
    public static IReadOnlyList<ICompletionEffect> Create(EstateConfiguration config, WorkingDayCalendar calendar, IClock clock, SlaCatalog? catalog = null) =>
    [
        new GasCompletionEffect(config, calendar, clock),
        new RepairFromDefectEffect(config, calendar, clock, catalog ?? config.Sla),
        new FollowUpAfterVisitEffect(config, calendar, clock),
    ];

    /// <summary>A recorder over <paramref name="dataSource"/> with <see cref="Create"/>'s effects.</summary>
    public static CompletionRecorder Recorder(NpgsqlDataSource dataSource, EstateConfiguration config, WorkingDayCalendar calendar, IClock clock) =>
        new(dataSource, clock, config.Organisation.Zone, Create(config, calendar, clock));
}
