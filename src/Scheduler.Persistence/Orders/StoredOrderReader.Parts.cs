using System.Data;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Scheduler.Domain.Estate;
using Scheduler.Domain.Planning;

namespace Scheduler.Persistence.Orders;

/// <content>The full compare's read of the stored orders in parts, on several connections in one snapshot.</content>
internal static partial class StoredOrderReader
{
    /// <summary>
    /// The size of <c>work_orders</c>, in 8 kB pages, from which <see cref="ReadInPartsAsync"/> reads in parts: 1,024 pages
    /// (8 MB, ~45,000 orders). Below it one read on the apply's connection is as quick.
    /// </summary>
    public const long SplitFromPages = 1024;

    /// <summary>
    /// What <see cref="ReadAsync(NpgsqlConnection, NpgsqlTransaction?, LocalDate, KnownNames, CancellationToken)"/> reads,
    /// read in <paramref name="parts"/> parts at once when <c>work_orders</c> has <paramref name="splitFromPages"/> pages or
    /// more: the transaction exports its snapshot (<c>pg_export_snapshot</c>), and each part is read on a connection of its
    /// own from <paramref name="dataSource"/>, in a read-only repeatable-read transaction that imports it
    /// (<c>SET TRANSACTION SNAPSHOT</c>), from its own range of the table's pages (a TID range scan; the last part's range
    /// is open-ended). So every part sees exactly the rows one read in that snapshot would, each row once, while the
    /// server scans and sends on one backend a part and the process decodes each part on its own thread. The parts are
    /// joined in page order (<see cref="StoredOrderTable.Concat"/>) and follow-ups get their parents across parts.
    /// The snapshot is the transaction's as the export runs (after its lock and whatever it took before), as a statement
    /// of its own would have taken it then. <paramref name="expected"/> (the rows each part read last time, if known: the
    /// returned <c>PartRows</c> of the last full compare) sizes each part's key lookup at once, with 1/16 to spare, instead
    /// of doubling it as rows come (~55 MB of garbage on the large-object heap at 669,066 rows, and the rehashing).
    /// <paramref name="register"/>, when given (the register kept between nights), holds each row's asset id as its own
    /// equal string (<see cref="SameAs"/>); null holds the strings read.
    /// </summary>
    public static async Task<(StoredOrderTable Table, int[] PartRows)> ReadInPartsAsync(
        NpgsqlDataSource dataSource, NpgsqlConnection connection, NpgsqlTransaction transaction, LocalDate asOf, KnownNames names,
        int parts, long splitFromPages, IReadOnlyList<int>? expected, EstateRegister? register, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        string? snapshot;
        long pages;
        await using (var export = new NpgsqlCommand(
            """
            SELECT CASE WHEN pages >= @split_from AND @parts > 1 THEN pg_export_snapshot() END, pages
            FROM (SELECT pg_relation_size('work_orders') / current_setting('block_size')::bigint AS pages) s
            """,
            connection,
            transaction))
        {
            export.Parameters.AddWithValue("split_from", splitFromPages);
            export.Parameters.AddWithValue("parts", parts);
            await using var reader = await export.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            snapshot = reader.IsDBNull(0) ? null : reader.GetString(0);
            pages = reader.GetInt64(1);
        }

        if (snapshot is null)
        {
            await using var command = new NpgsqlCommand(Sql, connection, transaction) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("as_of", asOf);
            var one = await ReadRowsAsync(command, names, skip: null, Expected(expected, 1, 0), register, cancellationToken).ConfigureAwait(false);
            return (one.Resolve(asOf), [one.Table.Count]);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken); // one part failed: stop the others
        var reads = new Task<Rows>[parts];
        for (var part = 0; part < parts; part++)
        {
            var from = pages * part / parts;
            long? to = part == parts - 1 ? null : pages * (part + 1) / parts;
            var room = Expected(expected, parts, part);
            reads[part] = Task.Run(() => ReadPartAsync(dataSource, snapshot, asOf, names, from, to, room, register, stop), CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(reads).ConfigureAwait(false);
        }
        catch (Exception) when (reads.FirstOrDefault(r => r.IsFaulted && r.Exception!.InnerException is not OperationCanceledException) is { } failed)
        {
            // The part that failed first, not another's cancellation.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.Exception!.InnerException!);
            throw;
        }

        var counts = reads.Select(r => r.Result.Table.Count).ToArray();
        return (Rows.Concat([.. reads.Select(r => r.Result)]).Resolve(asOf), counts);
    }

    /// <summary>Room for part <paramref name="part"/> of <paramref name="parts"/>: what it read last time and 1/16 more, when that was read in as many parts.</summary>
    private static int Expected(IReadOnlyList<int>? expected, int parts, int part) =>
        expected is { } e && e.Count == parts ? e[part] + (e[part] / 16) : 0;

    private static async Task<Rows> ReadPartAsync(
        NpgsqlDataSource dataSource, string snapshot, LocalDate asOf, KnownNames names, long fromPage, long? toPage, int expected, EstateRegister? register,
        CancellationTokenSource stop)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(stop.Token).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, stop.Token).ConfigureAwait(false);
            await using (var import = new NpgsqlCommand(
                string.Create(CultureInfo.InvariantCulture, $"SET TRANSACTION READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot.Replace("'", "''", StringComparison.Ordinal)}'"),
                connection,
                transaction))
            {
                await import.ExecuteNonQueryAsync(stop.Token).ConfigureAwait(false);
            }

            await using var command = new NpgsqlCommand(
                Sql + " AND w.ctid >= @from_page" + (toPage is null ? string.Empty : " AND w.ctid < @to_page"), connection, transaction) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("as_of", asOf);
            command.Parameters.Add(new NpgsqlParameter("from_page", NpgsqlDbType.Tid) { Value = new NpgsqlTid(checked((uint)fromPage), 0) });
            if (toPage is { } to)
            {
                command.Parameters.Add(new NpgsqlParameter("to_page", NpgsqlDbType.Tid) { Value = new NpgsqlTid(checked((uint)to), 0) });
            }

            return await ReadRowsAsync(command, names, skip: null, expected, register, stop.Token).ConfigureAwait(false);
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
