using System.Diagnostics;
using Npgsql;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Tests.Database;

namespace Scheduler.Drills;

/// <summary>Where a running <c>apply</c> is, as PostgreSQL sees it at one instant.</summary>
internal enum ApplyPhase
{
    /// <summary>Neither the plan's transaction nor the booking's writing: starting up, the booking reading, between the two commits, or done.</summary>
    Outside,

    /// <summary>The plan's transaction holds the apply's advisory lock and has written nothing yet: reading the register and the stored orders, planning.</summary>
    PlanReading,

    /// <summary>The plan's transaction holds the apply's lock and has a transaction id: it is writing orders and their notices.</summary>
    PlanWriting,

    /// <summary>The gas booking's transaction (the second of the command's two commits) holds the booking's lock and has a transaction id.</summary>
    BookingWriting,
}

/// <summary>From a watched process's start, the first and the last poll that saw one phase.</summary>
internal sealed record PhaseWindow(TimeSpan Start, TimeSpan End)
{
    public TimeSpan Length => End - Start;

    public override string ToString() => $"{Start.TotalSeconds:F1}–{End.TotalSeconds:F1} s";
}

/// <summary>How long one uninterrupted <c>apply</c> took, and when its two writing transactions were seen open (null: never seen).</summary>
internal sealed record ApplyTimeline(TimeSpan Total, PhaseWindow? PlanWriting, PhaseWindow? BookingWriting)
{
    public PhaseWindow? Window(ApplyPhase phase) => phase switch
    {
        ApplyPhase.PlanWriting => PlanWriting,
        ApplyPhase.BookingWriting => BookingWriting,
        _ => null,
    };

    public override string ToString() =>
        $"{Total.TotalSeconds:F1} s; the plan writing {PlanWriting?.ToString() ?? "never seen"}, the gas booking writing {BookingWriting?.ToString() ?? "never seen"}";
}

/// <summary>
/// Reads an <c>apply</c>'s phase from <c>pg_stat_activity</c> and <c>pg_locks</c>, so the kill-apply drill can aim its
/// kills at the plan's writing transaction of the very apply it kills (a kill time taken from another run misses it: the
/// reading part before it and the run's speed vary from run to run), and say where each kill landed. It polls every 20 ms:
/// often enough for writing transactions of a second or more, seldom enough not to slow the apply it watches.
/// </summary>
internal static class ApplyPhases
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The phase of the apply running on <paramref name="database"/> now.</summary>
    public static async Task<ApplyPhase> ReadAsync(PostgresServer server, string database)
    {
        // Both locks are transaction-level advisory locks on one bigint key: pg_locks shows its high half as classid and
        // its low half as objid. The gas booking takes the apply's lock too (GasBookingChanges.OrdersThroughAsync, so no
        // apply runs beside it), so the plan's transaction is the one holding the apply's lock and not the booking's.
        // backend_xid is set once a transaction has written.
        var sql = $"""
            WITH sessions AS (
                SELECT a.backend_xid IS NOT NULL AS wrote,
                       EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted
                               AND ((l.classid::bigint << 32) | l.objid::bigint) = {WorkOrderGeneration.ApplyLockKey}) AS apply_lock,
                       EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted
                               AND ((l.classid::bigint << 32) | l.objid::bigint) = {GasAppointmentBooking.BookingLockKey}) AS booking_lock
                FROM pg_stat_activity a
                WHERE a.datname = '{database}' AND a.pid <> pg_backend_pid())
            SELECT coalesce(bool_or(apply_lock AND NOT booking_lock), false),
                   coalesce(bool_or(apply_lock AND NOT booking_lock AND wrote), false),
                   coalesce(bool_or(booking_lock AND wrote), false)
            FROM sessions
            """;
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        var (locked, planWriting, bookingWriting) = (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
        return planWriting ? ApplyPhase.PlanWriting
            : locked ? ApplyPhase.PlanReading
            : bookingWriting ? ApplyPhase.BookingWriting
            : ApplyPhase.Outside;
    }

    /// <summary>Polls until the apply on <paramref name="database"/> is in <paramref name="phase"/>; false if the process ended or <paramref name="timeout"/> passed first.</summary>
    public static async Task<bool> WaitForAsync(PostgresServer server, string database, WorkerProcess process, ApplyPhase phase, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < timeout)
        {
            if (await ReadAsync(server, database).ConfigureAwait(false) == phase)
            {
                return true;
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Runs <c>estate-scheduler ARGS</c> (an apply on <paramref name="database"/>) to the end, watching its phases; throws with its output when it fails.</summary>
    public static async Task<ApplyTimeline> RunWatchedAsync(PostgresServer server, string database, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        using var apply = WorkerProcess.Start(environment, args);
        // Each phase's first unbroken run of polls: a stray later poll (a transaction of another phase seen in passing)
        // does not stretch it.
        var seen = new Dictionary<ApplyPhase, PhaseWindow>();
        ApplyPhase? current = null;
        while (!apply.HasExited && clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            var phase = await ReadAsync(server, database).ConfigureAwait(false);
            var now = clock.Elapsed;
            if (!seen.TryGetValue(phase, out var window))
            {
                seen[phase] = new PhaseWindow(now, now);
                current = phase;
            }
            else if (phase == current)
            {
                seen[phase] = window with { End = now };
            }
            else
            {
                current = null;
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }

        var exit = await apply.WaitAsync(TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        return exit == 0
            ? new ApplyTimeline(clock.Elapsed, seen.GetValueOrDefault(ApplyPhase.PlanWriting), seen.GetValueOrDefault(ApplyPhase.BookingWriting))
            : throw new InvalidOperationException($"estate-scheduler {string.Join(' ', args)} exited {exit}:\n{apply.Output}");
    }
}
