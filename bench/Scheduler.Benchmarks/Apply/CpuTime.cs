using System.Diagnostics;
using System.Globalization;

namespace Scheduler.Benchmarks.Apply;

/// <summary>
/// CPU time used so far by this process and by the PostgreSQL backends serving one database (Linux <c>/proc</c>).
/// On a machine shared with other work, wall times move 2–3× with the load while CPU times move far less, so the
/// apply benchmark prints both: CPU seconds say whether a change did less work, wall seconds what the goal measures.
/// Backends are found by their process title (<c>postgres: user database host(port) …</c>); pooled connections keep
/// theirs alive between two readings, so the difference of two readings is what that span cost the server.
/// </summary>
internal readonly record struct CpuTime(TimeSpan Client, TimeSpan Server)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static CpuTime operator -(CpuTime a, CpuTime b) => new(a.Client - b.Client, a.Server - b.Server);

    public TimeSpan Total => Client + Server;

    /// <summary>Reads both now; <see cref="Server"/> is zero where <c>/proc</c> is not readable.</summary>
    public static CpuTime Now(string database)
    {
        using var self = Process.GetCurrentProcess();
        return new CpuTime(self.TotalProcessorTime, ServerTime(database));
    }

    private static TimeSpan ServerTime(string database)
    {
        if (!Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                var title = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!title.StartsWith("postgres: ", StringComparison.Ordinal) || !title.Contains($" {database} ", StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after the command name in parentheses: state is field 3, utime 14, stime 15.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
