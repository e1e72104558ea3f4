namespace Scheduler.Drills;

/// <summary>
/// Two <c>estate-scheduler run</c> nodes on one database (clustered Postgres job store, check-in every 2 s, a node
/// declared dead 3 s after a missed check-in, generate every 3 s). N times, one node chosen at random is SIGKILLed at a
/// random moment: the survivor must apply a generate run (its own firing or the dead node's, recovered) within the
/// check-in interval plus the threshold plus a margin; then the killed node is started again for the next round. At
/// the end every order exists once and was created once.
/// </summary>
internal static class KillNodeDrill
{
    private static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan CheckinMisfireThreshold = TimeSpan.FromSeconds(3);

    /// <summary>Interval + threshold + a margin for a generate run on this shared 2-core machine.</summary>
    private static readonly TimeSpan TakeoverBound = CheckinInterval + CheckinMisfireThreshold + TimeSpan.FromSeconds(15);

    public static async Task<DrillResult> RunAsync(DrillEstate estate, int kills, int seed)
    {
        var random = new Random(seed);
        var database = await Drill.CopyDatabaseAsync(estate.Server, estate.Imported).ConfigureAwait(false);
        var connection = estate.Server.ConnectionString(database);
        var environment = Drill.Environment(estate.Server, database,
            ("Health__Urls", "http://127.0.0.1:0"),
            ("Scheduler__GenerateCron", "0/3 * * * * ?"),
            ("Scheduler__GenerateAtStartup", "false"),
            ("Scheduler__CheckinInterval", "00:00:02"),
            ("Scheduler__CheckinMisfireThreshold", "00:00:03"),
            ("Scheduler__ShutdownTimeout", "00:00:30"),
            ("Serilog__MinimumLevel__Override__Quartz", "Warning"),
            ("Seq__BufferFolder", Path.Join(Path.GetTempPath(), "drill-logs-" + database)));
        var result = new DrillResult("two nodes, one SIGKILLed", kills);
        var nodes = new[] { Start(environment, estate), Start(environment, estate) };
        var finished = new List<WorkerProcess>();
        try
        {
            var started = await Waiting.UntilAsync(() => Task.FromResult(nodes.Sum(n => WorkerLog.AppliedSince(n.Output, 0)) > 0), TimeSpan.FromSeconds(90)).ConfigureAwait(false);
            if (started is null)
            {
                result.Fail($"no generate run applied on either node:\n{nodes[0].Output}\n{nodes[1].Output}");
                return result;
            }

            for (var kill = 1; kill <= kills; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 + random.Next(4_500))).ConfigureAwait(false);
                var victim = random.Next(2);
                var survivor = nodes[1 - victim];
                var mark = survivor.Output.Length;
                var recoveriesBefore = WorkerLog.RecoveriesSince(survivor.Output, 0);
                nodes[victim].Kill();
                await nodes[victim].WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                finished.Add(nodes[victim]);
                var tookOver = await Waiting.UntilAsync(() => Task.FromResult(WorkerLog.AppliedSince(survivor.Output, mark) > 0), TakeoverBound).ConfigureAwait(false);
                var recovered = WorkerLog.RecoveriesSince(survivor.Output, 0) - recoveriesBefore;
                result.Count(recovered > 0 ? "kills with a recovered firing" : "kills between firings");
                Console.WriteLine($"  kill {kill}/{kills}: node {victim} SIGKILLed; the survivor applied a generate run "
                    + $"{(tookOver is { } t ? $"{t.TotalSeconds:F1} s" : "NEVER")} later ({recovered} recovered firings)");
                if (tookOver is null || survivor.HasExited)
                {
                    result.Fail($"kill {kill}: the survivor ran no generate within {TakeoverBound.TotalSeconds} s:\n{survivor.Output[mark..]}");
                    break;
                }

                nodes[victim] = Start(environment, estate);
            }

            // Let the restarted node settle, then check every order exists once.
            await Task.Delay(TimeSpan.FromSeconds(4)).ConfigureAwait(false);
        }
        finally
        {
            foreach (var node in nodes.Concat(finished))
            {
                node.Dispose();
            }
        }

        result.Duplicated = await Drill.CountAsync(connection, "SELECT count(*) - count(DISTINCT occurrence_key) FROM work_orders WHERE status <> 'cancelled'").ConfigureAwait(false);
        var created = await Drill.CountAsync(connection, "SELECT count(*) FROM work_order_history WHERE kind = 'created'").ConfigureAwait(false);
        var total = await Drill.CountAsync(connection, "SELECT count(*) FROM work_orders").ConfigureAwait(false);
        var reference = await Drill.CountAsync(estate.Server.ConnectionString(estate.Applied), "SELECT count(*) FROM work_orders").ConfigureAwait(false);
        result.Lost = created == total ? 0 : Math.Abs(created - total);
        result.Note($"{total:N0} orders (an uninterrupted apply as of {DrillEstate.AsOf} makes {reference:N0}), each created once");
        if (result.Duplicated > 0 || created != total || total == 0)
        {
            result.Fail($"{result.Duplicated} duplicate orders; {created} created events for {total} orders");
        }

        await estate.Server.DropDatabaseAsync(database).ConfigureAwait(false);
        return result;
    }

    private static WorkerProcess Start(Dictionary<string, string> environment, DrillEstate estate) =>
        WorkerProcess.Start(environment, "run", "--config", estate.Config);
}
