using Npgsql;
using Scheduler.Worker.Demo;

namespace Scheduler.Worker.Tests.Demo;

/// <summary>
/// The demo's own cluster: created once, started when stopped, reused when running, data kept. In the process-environment
/// collection because it reads ESTATE_PG_BIN, which a demo test sets.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class LocalPostgresTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "estate-demo-pg-" + Guid.NewGuid().ToString("N"), "postgres");
    private LocalPostgres? _cluster;

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        _cluster?.Stop();
        Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);
    }

    [Fact]
    public async Task EnsureRunning_ExistingCluster_StartsItWhenStoppedAndReusesItWhenRunningWithItsData()
    {
        var bin = PostgresPackage.FindBinaries();
        Assert.True(bin is not null, "these tests need initdb and pg_ctl (Debian's postgresql package, or ESTATE_PG_BIN)");
        using var progress = new StringWriter();
        _cluster = LocalPostgres.For(_folder, bin, progress);

        var created = _cluster.EnsureRunning(progress);
        await ExecuteAsync(created, "postgres", "CREATE DATABASE kept_across_restarts");
        _cluster.Stop();
        Assert.Null(_cluster.RunningPort());
        var started = _cluster.EnsureRunning(progress);
        var reused = _cluster.EnsureRunning(progress);

        Assert.Equal(created, started);
        Assert.Equal(started, reused);
        var lines = progress.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Creating", "Started", "Started", "Reusing"], lines.Select(l => l.Split(' ')[0]));
        Assert.Equal(1L, await ExecuteAsync(reused, "kept_across_restarts", "SELECT 1"));
        Assert.Contains($"stop -D {_cluster.DataDirectory}", _cluster.StopCommand, StringComparison.Ordinal);
    }

    private static async Task<object?> ExecuteAsync(int port, string database, string sql)
    {
        await using var connection = new NpgsqlConnection(LocalPostgres.ConnectionString(port, database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var result = await command.ExecuteScalarAsync();
        return result is int i ? (long)i : result;
    }
}
