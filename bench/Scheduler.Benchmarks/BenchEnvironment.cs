using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Scheduler.Benchmarks;

/// <summary>What every benchmark needs from its surroundings: the checkout, its options, the machine's load and CPU time, and one-line SQL.</summary>
internal static class BenchEnvironment
{
    /// <summary>The checkout (the folder holding EstateScheduler.sln) above the working folder or the benchmark's own; null when neither is inside one.</summary>
    public static string? TryRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Join(dir.FullName, "EstateScheduler.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The checkout, as <see cref="TryRepositoryRoot"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The benchmark does not run from inside the repository.</exception>
    public static string RepositoryRoot() =>
        TryRepositoryRoot() ?? throw new DirectoryNotFoundException("Run the benchmark from inside the repository (EstateScheduler.sln not found above it).");

    /// <summary>The whole number after <paramref name="name"/> in <paramref name="args"/>, or <paramref name="fallback"/> when the option is absent.</summary>
    /// <exception cref="FormatException">The value is not a whole number.</exception>
    public static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The first <paramref name="fields"/> load averages (1, 5, 15 min) from <c>/proc/loadavg</c>; "n/a" elsewhere.</summary>
    public static string LoadAverage(int fields = 3) =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(fields)) : "n/a";

    /// <summary>CPU time this process has used so far (all threads).</summary>
    public static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>The first column of the first row as a whole number.</summary>
    public static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a statement.</summary>
    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
