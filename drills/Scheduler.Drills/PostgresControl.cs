using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Drills;

/// <summary>
/// Stops and starts the drill's own throwaway PostgreSQL cluster (<see cref="PostgresServer.LocalCluster"/>) with
/// <c>pg_ctl</c>, as the <c>postgres</c> user when the drill runs as root. A server given by <c>ESTATE_TEST_DB</c> is
/// not the drill's to stop, so the restart drill needs the local cluster.
/// </summary>
internal sealed class PostgresControl(string bin, string dataDirectory, int port)
{
    public static PostgresControl Of(PostgresServer server) =>
        server.Cluster is { } cluster
            ? new PostgresControl(FindBin(), cluster.DataDirectory, cluster.Port)
            : throw new InvalidOperationException($"The PostgreSQL restart drill stops and starts the server, so it needs the local throwaway cluster: unset {PostgresServer.ServerVariable}.");

    /// <summary><c>pg_ctl stop -m fast</c>: every connection is closed, as in a restart of the service.</summary>
    public void Stop()
    {
        Run("stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60");
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary><c>pg_ctl start</c> on the same port.</summary>
    public void Start() =>
        Run("start", "-D", dataDirectory, "-w", "-t", "60", "-l", Path.Join(Path.GetDirectoryName(dataDirectory), "server.log"), "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)}");

    private void Run(params string[] args)
    {
        var pgCtl = Path.Join(bin, "pg_ctl");
        var asPostgres = Environment.IsPrivilegedProcess;
        var start = new ProcessStartInfo(asPostgres ? "runuser" : pgCtl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in asPostgres ? ["-u", "postgres", "--", pgCtl, .. args] : args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_ctl did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl {string.Join(' ', args)} exited {process.ExitCode}: {stdout}{stderr.GetAwaiter().GetResult()}");
        }
    }

    private static string FindBin()
    {
        var configured = Environment.GetEnvironmentVariable(PostgresServer.BinVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Join(d, "bin"))
            .Where(d => File.Exists(Path.Join(d, "pg_ctl")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .First();
    }
}
