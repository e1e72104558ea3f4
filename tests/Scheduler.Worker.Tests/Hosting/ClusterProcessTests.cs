using Xunit.Abstractions;
using Npgsql;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Worker.Tests.Hosting;

/// <summary>
/// Real worker processes (<c>dotnet estate-scheduler.dll run</c>) on one database with the clustered Postgres job store:
/// each firing runs on one node, a node killed mid-run is taken over, and SIGTERM lets a running generate finish.
/// The generate run is held mid-job by taking, from the test, the advisory lock the apply waits for.
/// </summary>
public class ClusterProcessTests(ITestOutputHelper output)
{
    private readonly long _started = TimeProvider.System.GetTimestamp();

    private void Phase(string what) => output.WriteLine($"{TimeProvider.System.GetElapsedTime(_started).TotalSeconds,6:0.0} s  {what}");

    private static readonly TimeSpan StartGuard = TimeSpan.FromSeconds(60);

    /// <summary>Cluster check-in every 2 s; a node is declared dead 3 s after a missed check-in.</summary>
    private static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan CheckinMisfireThreshold = TimeSpan.FromSeconds(3);

    private static Dictionary<string, string> Settings(string generateCron, bool atStartup) => new()
    {
        ["Health:Urls"] = "http://127.0.0.1:0",
        ["Scheduler:GenerateCron"] = generateCron,
        ["Scheduler:GenerateAtStartup"] = atStartup ? "true" : "false",
        ["Scheduler:CheckinInterval"] = CheckinInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Scheduler:CheckinMisfireThreshold"] = CheckinMisfireThreshold.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Scheduler:ShutdownTimeout"] = "00:00:30",
        ["Serilog:MinimumLevel:Override:Quartz"] = "Warning",
    };

    [Fact]
    public async Task TwoProcesses_EachFiringOnOneNode_KilledMidRunTheOtherTakesOverWithoutDuplicates()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        var settings = Settings("0/2 * * * * ?", atStartup: false);
        await using var a = WorkerNode.Start("A", config.Path, database.ConnectionString, settings);
        await using var b = WorkerNode.Start("B", config.Path, database.ConnectionString, settings);
        await Task.WhenAll(
            a.WaitForLineAsync(l => l.Contains("Worker started", StringComparison.Ordinal), StartGuard, "started"),
            b.WaitForLineAsync(l => l.Contains("Worker started", StringComparison.Ordinal), StartGuard, "started"));
        Phase("both nodes started");

        // Every two seconds a firing; wait for three of them to be applied, by whichever node.
        await Eventually.HoldsAsync(() => Task.FromResult(Runs(a, b).Count(r => r.Created is not null) >= 3), StartGuard, "three generate runs applied");
        Phase("three firings applied");
        var runs = Runs(a, b).Where(r => r.Created is not null).ToList();
        Assert.All(runs, r => Assert.Equal("estate.generate-nightly", r.TriggerKey));
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledFor).Distinct().Count()); // no firing ran on two nodes
        Assert.Equal(2, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'estate-scheduler'"));

        // Hold the next run mid-job: the apply waits for this lock.
        await using var holder = await database.DataSource.OpenConnectionAsync();
        await ExecuteAsync(holder, "SELECT pg_advisory_lock(@key)");
        var before = Runs(a, b).Select(r => r.FireInstanceId).ToHashSet();
        await Eventually.HoldsAsync(() => Task.FromResult(Runs(a, b).Any(r => !before.Contains(r.FireInstanceId))), StartGuard, "a generate run started while the lock is held");
        var held = Runs(a, b).Single(r => !before.Contains(r.FireInstanceId));
        Assert.Null(held.Created);
        var (victim, survivor) = held.Process == a.Name ? (a, b) : (b, a);

        Phase($"run held on node {victim.Name}; SIGKILL");
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var killedAt = TimeProvider.System.GetTimestamp();
        await ExecuteAsync(holder, "SELECT pg_advisory_unlock(@key)");

        // The survivor declares the victim dead after a missed check-in plus the threshold, and runs generate again
        // as a recovery (the job requests recovery). Bound: interval + threshold + a generous margin.
        var takeover = CheckinInterval + CheckinMisfireThreshold + TimeSpan.FromSeconds(15);
        await survivor.WaitForLineAsync(l => l.Contains("is a recovery", StringComparison.Ordinal), takeover, "the survivor recovered the killed node's generate run");
        var tookOver = TimeProvider.System.GetElapsedTime(killedAt);
        Phase($"node {survivor.Name} recovered the run {tookOver.TotalSeconds:0.0} s after the kill");
        await Eventually.HoldsAsync(
            () => Task.FromResult(survivor.GenerateRuns().Any(r => r.TriggerKey.StartsWith("RECOVERING_JOBS.", StringComparison.Ordinal) && r.Created is not null)),
            StartGuard, // the takeover itself is bounded above; finishing the apply may take longer on a busy machine
            "the recovered run applied");
        Assert.True(tookOver < takeover, $"took over after {tookOver}");

        // The killed run applied nothing; every order exists once.
        Assert.DoesNotContain(victim.GenerateRuns(), r => r.FireInstanceId == held.FireInstanceId && r.Created is not null);
        var orders = await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders");
        Assert.True(orders > 0);
        Assert.Equal(orders, await database.DataSource.ScalarAsync<long>("SELECT count(DISTINCT occurrence_key) FROM work_orders"));
        Assert.Equal(orders, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_order_history WHERE kind = 'created'"));
        Assert.Equal(orders, Runs(a, b).Sum(r => r.Created ?? 0));
    }

    [Fact]
    public async Task Sigterm_DuringGenerate_TheRunFinishesThenTheProcessExitsZero()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        await using var holder = await database.DataSource.OpenConnectionAsync();
        await ExecuteAsync(holder, "SELECT pg_advisory_lock(@key)");
        await using var node = WorkerNode.Start("A", config.Path, database.ConnectionString, Settings("0 30 2 * * ?", atStartup: true));
        await node.WaitForLineAsync(l => l.Contains("fired by estate.generate-at-start", StringComparison.Ordinal), StartGuard, "generate at start began");

        node.Terminate();
        await node.WaitForLineAsync(l => l.Contains("Application is shutting down", StringComparison.Ordinal), StartGuard, "the host began to stop");
        Assert.False(node.HasExited);
        await ExecuteAsync(holder, "SELECT pg_advisory_unlock(@key)");

        Assert.Equal(0, await node.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var run = Assert.Single(node.GenerateRuns());
        var created = Assert.NotNull(run.Created);
        Assert.True(created > 0);
        Assert.Equal(created, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders"));
        Assert.Equal(created, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_order_history WHERE kind = 'created'"));
    }

    [Fact]
    public async Task Sigterm_RunOutlastsShutdownTimeout_ExitsWithinTheBoundAndNothingIsApplied()
    {
        await using var database = await SampleEstateDatabase.CreateAsync();
        using var config = new TempConfig();
        await using var holder = await database.DataSource.OpenConnectionAsync();
        await ExecuteAsync(holder, "SELECT pg_advisory_lock(@key)");
        var settings = Settings("0 30 2 * * ?", atStartup: true);
        settings["Scheduler:ShutdownTimeout"] = "00:00:02";
        await using var node = WorkerNode.Start("A", config.Path, database.ConnectionString, settings);
        await node.WaitForLineAsync(l => l.Contains("fired by estate.generate-at-start", StringComparison.Ordinal), StartGuard, "generate at start began");

        Phase("generate held; SIGTERM");
        node.Terminate();
        await node.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Phase("exited");
        await ExecuteAsync(holder, "SELECT pg_advisory_unlock(@key)");

        Assert.DoesNotContain(node.GenerateRuns(), r => r.Created is not null);
        Assert.Equal(0, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders"));
        Assert.Equal(0, await database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_order_events"));
    }

    private static List<GenerateRunLine> Runs(WorkerNode a, WorkerNode b) => [.. a.GenerateRuns(), .. b.GenerateRuns()];

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", WorkOrderGeneration.ApplyLockKey);
        await command.ExecuteNonQueryAsync();
    }
}
