using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Quartz;
using Scheduler.Persistence;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Worker.Commands;
using Scheduler.Worker.Demo;
using Scheduler.Worker.Email;
using Scheduler.Worker.Hosting.Digest;
using Scheduler.Worker.Hosting.Health;
using Scheduler.Worker.Hosting.Jobs;
using Scheduler.Worker.Hosting.Reload;
using Scheduler.Worker.Hosting.Settings;
using Scheduler.Worker.Outbox;

namespace Scheduler.Drills.SmtpDown;

/// <summary>
/// The parts of <c>estate-scheduler run</c> that matter when the mail server is down, in this process and on a
/// simulated clock, so a day passes in seconds: the real dispatch job (<see cref="DispatchOutboxJob"/>, one shared
/// <see cref="OutageBackoff"/> across its firings, as the worker registers it), what the generate job runs
/// (<see cref="WorkOrderGeneration"/> and <see cref="GasAppointmentBooking"/>), contractors' reports
/// (<see cref="CompletionSimulation"/>), the manager digest job, readiness's outbox check and <c>outbox list</c>.
/// Nothing here moves the clock: the drill sets it before each step.
/// </summary>
internal sealed class SimulatedWorker : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _connectionString;
    private readonly DispatchOutboxJob _dispatch;
    private readonly ManagerDigestJob _digest;
    private readonly OutboxHealthCheck _readiness;
    private readonly WorkOrderGeneration _generation;
    private readonly GasAppointmentBooking _booking;
    private readonly CompletionSimulation _completions;
    private readonly CollectingLogger<DispatchOutboxJob> _dispatchLog = new();
    private readonly CollectingLogger<ManagerDigestJob> _digestLog = new();
    private int _firings;

    public SimulatedWorker(string connectionString, string configDirectory, int smtpPort, string letters, Instant start, int seed)
    {
        _connectionString = connectionString;
        Clock = new FakeClock(start);
        var location = ConfigLocation.Of(configDirectory, "templates");
        var snapshot = ConfigSnapshot.Load(location.ConfigDirectory, location.TemplatesDirectory);
        if (!snapshot.IsValid)
        {
            throw new InvalidOperationException("The drill estate's config has problems: " + string.Join("; ", snapshot.Problems.Take(5)));
        }

        var live = new LiveConfiguration(snapshot);
        // The worker's mail settings as its dispatch job reads them at each firing (LiveMailSettings), from these keys.
        var mailSettings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:TimeoutSeconds"] = "10",
            ["Smtp:From"] = "Example Homes <scheduler@examplehomes.example>",
            ["Mail:LetterBatchDirectory"] = letters,
        }).Build();
        var (mail, problems) = MailSettings.Read(key => mailSettings[key]);
        if (mail is null)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }

        _dataSource = EstateDatabase.CreateDataSource(connectionString);
        var health = Options.Create(new HealthOptions());
        Outage = OutageBackoff.CreateDefault();
        _dispatch = new DispatchOutboxJob(live, location, _dataSource, Clock, Options.Create(new SchedulerOptions()), _dispatchLog, new LiveMailSettings(mailSettings, mail, new CollectingLogger<LiveMailSettings>()), outage: Outage);
        _digest = new ManagerDigestJob([new OutboxHealthSection(_dataSource, Clock, health, live)], live, _dataSource, Clock, _digestLog);
        _readiness = new OutboxHealthCheck(_dataSource, Clock, health, Outage);
        _generation = new WorkOrderGeneration(_dataSource, live.Configuration, live.Calendar, Clock);
        _booking = new GasAppointmentBooking(_dataSource, live.Configuration, live.Calendar, Clock);
        _completions = new CompletionSimulation(_dataSource, live.Configuration, live.Calendar, Clock, seed);
        Zone = live.Configuration.Organisation.Zone;
        BatchSize = new SchedulerOptions().DispatchBatchSize;
    }

    public FakeClock Clock { get; }

    public DateTimeZone Zone { get; }

    /// <summary>The pause the dispatch job shares across its firings.</summary>
    public OutageBackoff Outage { get; }

    /// <summary>Messages per dispatch round (the worker's default <c>Scheduler:DispatchBatchSize</c>).</summary>
    public int BatchSize { get; }

    /// <summary>Warnings and errors the jobs logged (a dispatch firing that failed, a digest not written).</summary>
    public IReadOnlyList<string> Problems => [.. _dispatchLog.Problems, .. _digestLog.Problems];

    public Instant Now => Clock.GetCurrentInstant();

    public void SetTime(Instant at) => Clock.Reset(at);

    /// <summary>One firing of the dispatch job at the clock's time, as Quartz would fire it every minute.</summary>
    public async Task FireDispatchAsync() => await _dispatch.Execute(Next()).ConfigureAwait(false);

    /// <summary>One firing of the daily manager digest job.</summary>
    public async Task FireDigestAsync() => await _digest.Execute(Next()).ConfigureAwait(false);

    /// <summary>What the nightly generate job runs for <paramref name="day"/>: the plan applied, then gas appointments booked.</summary>
    public async Task<(int Created, int Booked)> GenerateAsync(LocalDate day)
    {
        var applied = await _generation.ApplyAsync(day).ConfigureAwait(false);
        var booked = await _booking.BookAsync(day).ConfigureAwait(false);
        return (applied.CreateCount, booked.Booked.Count);
    }

    /// <summary>Contractors' reports of <paramref name="day"/>, through the real recorder and its effects.</summary>
    public async Task<int> CompleteAsync(LocalDate day) => (await _completions.RunAsync(day, CancellationToken.None).ConfigureAwait(false)).Reports;

    /// <summary>Readiness's outbox check, as <c>/health/ready</c> reports it.</summary>
    public Task<HealthCheckResult> ReadinessAsync() => _readiness.CheckHealthAsync(new HealthCheckContext());

    /// <summary><c>estate-scheduler outbox list --status S --limit N</c>: what it prints.</summary>
    public async Task<string> OutboxListAsync(string status, int limit)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await OutboxCommand.RunAsync(new OutboxCommand.Options("list", null, status, limit), _connectionString, Clock, output, error, CancellationToken.None).ConfigureAwait(false);
        return exit == 0 ? output.ToString() : $"outbox list exited {exit}: {error}";
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        NpgsqlConnection.ClearAllPools();
    }

    private IJobExecutionContext Next() => Firing.Create("simulated-" + (++_firings).ToString(CultureInfo.InvariantCulture));
}
