using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Scheduler.Drills;

/// <summary>
/// PostgreSQL restarted under a running worker, N times: one <c>estate-scheduler run</c> (clustered Postgres job store,
/// generate every 5 seconds) on the imported estate; each round stops the cluster (<c>pg_ctl stop -m fast</c>), sees
/// <c>/health/ready</c> turn unhealthy, starts the cluster again, and sees readiness come back and a generate run
/// applied after the restart, all without touching the worker process, which must still be running at the end.
/// </summary>
internal static class PgRestartDrill
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static async Task<DrillResult> RunAsync(DrillEstate estate, int restarts)
    {
        var control = PostgresControl.Of(estate.Server);
        var database = await Drill.CopyDatabaseAsync(estate.Server, estate.Imported).ConfigureAwait(false);
        var port = FreePort();
        var ready = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/health/ready");
        var environment = Drill.Environment(estate.Server, database,
            ("Health__Urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"),
            ("Scheduler__GenerateCron", "0/5 * * * * ?"),
            ("Scheduler__GenerateAtStartup", "true"),
            ("Serilog__MinimumLevel__Override__Quartz", "Warning"),
            ("Seq__BufferFolder", Path.Join(Path.GetTempPath(), "drill-logs-" + database)));
        var result = new DrillResult("PostgreSQL restarted mid-run", restarts);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var worker = WorkerProcess.Start(environment, "run", "--config", estate.Config);

        if (await Waiting.UntilAsync(() => ReadyAsync(http, ready), Bound).ConfigureAwait(false) is null
            || await Waiting.UntilAsync(() => Task.FromResult(WorkerLog.AppliedSince(worker.Output, 0) > 0), Bound).ConfigureAwait(false) is null)
        {
            result.Fail($"the worker never became ready and applied a generate run:\n{worker.Output}");
            return result;
        }

        var orders = await Drill.CountAsync(estate.Server.ConnectionString(database), "SELECT count(*) FROM work_orders").ConfigureAwait(false);
        Console.WriteLine($"  worker ready; first generate applied ({orders:N0} orders)");
        for (var round = 1; round <= restarts; round++)
        {
            control.Stop();
            var down = await Waiting.UntilAsync(async () => !await ReadyAsync(http, ready).ConfigureAwait(false), Bound).ConfigureAwait(false);
            control.Start();
            var mark = worker.Output.Length;
            var back = await Waiting.UntilAsync(() => ReadyAsync(http, ready), Bound).ConfigureAwait(false);
            var applied = await Waiting.UntilAsync(() => Task.FromResult(WorkerLog.AppliedSince(worker.Output, mark) > 0), Bound).ConfigureAwait(false);
            result.Count(down is null ? "outages not seen by readiness" : "outages seen by readiness");
            Console.WriteLine($"  restart {round}/{restarts}: unready {Seconds(down)} after the stop; ready again {Seconds(back)} after the start; "
                + $"a generate run applied {Seconds(applied)} after the start; worker {(worker.HasExited ? "EXITED" : "still running")}");
            if (down is null || back is null || applied is null || worker.HasExited)
            {
                result.Fail($"restart {round}: unready {Seconds(down)}, ready again {Seconds(back)}, generate applied {Seconds(applied)}, exited {worker.HasExited}");
            }
        }

        var connection = estate.Server.ConnectionString(database);
        result.Duplicated = await Drill.CountAsync(connection, "SELECT count(*) - count(DISTINCT occurrence_key) FROM work_orders WHERE status <> 'cancelled'").ConfigureAwait(false);
        var created = await Drill.CountAsync(connection, "SELECT count(*) FROM work_order_history WHERE kind = 'created'").ConfigureAwait(false);
        var total = await Drill.CountAsync(connection, "SELECT count(*) FROM work_orders").ConfigureAwait(false);
        result.Lost = Math.Abs(created - total);
        result.Note($"{total:N0} orders, each created once; worker never restarted");
        if (result.Duplicated > 0 || created != total)
        {
            result.Fail($"{result.Duplicated} duplicate orders; {created} created events for {total} orders");
        }

        worker.Kill();
        await worker.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        await estate.Server.DropDatabaseAsync(database).ConfigureAwait(false);
        return result;
    }

    private static string Seconds(TimeSpan? time) => time is { } t ? $"{t.TotalSeconds:F1} s" : "NEVER";

    private static async Task<bool> ReadyAsync(HttpClient http, Uri ready)
    {
        try
        {
            using var response = await http.GetAsync(ready).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
