using NodaTime;
using Npgsql;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Feedback;
using Scheduler.Worker.Hosting.Reload;

namespace Scheduler.Worker.Feedback;

/// <summary>What the feedback endpoints use: the database, the clock, the links, and a recorder with the configuration in force.</summary>
internal sealed class FeedbackServices(NpgsqlDataSource dataSource, IClock clock, LiveConfiguration configuration, FeedbackLinks links, FeedbackOptions options)
{
    public NpgsqlDataSource DataSource => dataSource;

    public IClock Clock => clock;

    public FeedbackLinks Links => links;

    public FeedbackOptions Options => options;

    public ApiKeyStore ApiKeys => new(dataSource, clock);

    /// <summary>A recorder with the effects of the configuration in force now (a reload applies to the next report).</summary>
    public CompletionRecorder Recorder() => CompletionEffects.Recorder(dataSource, configuration.Configuration, configuration.Calendar, clock);
}
