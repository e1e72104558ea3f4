using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Configuration;

namespace Scheduler.Persistence.Orders;

/// <summary>
/// The leading creations of a plan (<see cref="Domain.Planning.Planner.Compare(EstateConfiguration, Domain.Estate.EstateRegister, IEnumerable{Occurrence}, IEnumerable{Domain.Planning.StoredOrder}, LocalDate, LocalDate, Action{Occurrence}?)"/>
/// reports them while it still compares) COPYed into <c>work_orders</c> on the apply's connection while the expansion
/// and the compare go on, instead of after them: on a first apply the server inserts orders on one core while the
/// client expands and compares on the other. Ids and reference numbers are taken a batch at a time on a connection of
/// their own (sequences are not transactional, so that is the same as taking them in the apply's transaction; numbers
/// of an apply that rolls back are skipped, as they always were). The apply's savepoint is taken before the first row,
/// so a unique violation rolls the streamed rows back with the rest and the apply takes the idempotent path.
/// <see cref="OrderCopy.WriteAsync"/> writes the rest of the plan and the notices after the compare.
/// Nothing starts (no connection, no savepoint, no COPY) until a batch is full or the stream is completed.
/// </summary>
internal sealed class CreateStream
{
    /// <summary>Creations numbered and written at a time.</summary>
    private const int Batch = 4096;

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly string _savepoint;
    private readonly OrderCopy.OrderRows _rows;
    private readonly Channel<List<Occurrence>> _toNumber = Channel.CreateUnbounded<List<Occurrence>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<(List<Occurrence> Batch, (long Id, string Reference)[] Orders)> _toCopy =
        Channel.CreateUnbounded<(List<Occurrence>, (long, string)[])>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationToken _cancellationToken;
    private List<Occurrence> _batch = new(Batch);
    private Task? _numbering;
    private Task<List<(long Id, string Reference)>>? _writing;
    private volatile bool _failed;
    private int _count;
    private bool _startedFull;

    public CreateStream(
        NpgsqlDataSource dataSource, NpgsqlConnection connection, NpgsqlTransaction transaction, string savepoint, OrderCopy.OrderRows rows, CancellationToken cancellationToken)
    {
        _dataSource = dataSource;
        _connection = connection;
        _transaction = transaction;
        _savepoint = savepoint;
        _rows = rows;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// True once a creation was taken: the caller must complete the stream (which writes what is still in hand, so a
    /// small plan goes the same way as a large one) before it uses the connection again.
    /// </summary>
    public bool Started => _count > 0;

    /// <summary>
    /// <c>work_orders</c>' secondary indexes when the stream dropped them before its first row (a large first apply:
    /// <see cref="OrderIndexBuild"/>); the caller creates them again after its last write of orders. Read it only after
    /// <see cref="CompleteAsync"/>.
    /// </summary>
    public Bulk.DeferredIndexes? Indexes { get; private set; }

    /// <summary>Takes the next leading creation (the compare's thread); a no-op once the write failed.</summary>
    public void Add(Occurrence occurrence)
    {
        if (_failed)
        {
            return;
        }

        _count++;
        _batch.Add(occurrence);
        if (_batch.Count == Batch)
        {
            Send();
        }
    }

    /// <summary>
    /// Waits until every creation taken is written and ends the COPY; returns their ids and references, in order.
    /// </summary>
    /// <exception cref="PostgresException">A unique violation (a live order has one of the keys): roll back to the savepoint.</exception>
    public async Task<(long Id, string Reference)[]> CompleteAsync()
    {
        if (_batch.Count > 0)
        {
            Send();
        }

        _toNumber.Writer.TryComplete();
        if (_writing is null)
        {
            return [];
        }

        try
        {
            await _numbering!.ConfigureAwait(false);
        }
        finally
        {
            // The writer ends when the numbering does (its channel is completed, with the failure if it failed).
            await _writing.ConfigureAwait(false);
        }

        var written = await _writing.ConfigureAwait(false);
        return written.Count == _count
            ? [.. written]
            : throw new InvalidOperationException($"{written.Count} of {_count} streamed creations were written.");
    }

    /// <summary>Stops the stream after a failure elsewhere (the compare threw): the COPY is abandoned, the caller rolls back.</summary>
    public async Task AbandonAsync(Exception reason)
    {
        _failed = true;
        _toNumber.Writer.TryComplete(reason);
        if (_writing is null)
        {
            return;
        }

        try
        {
            await Task.WhenAll(_numbering!, _writing).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The caller throws the failure that stopped the compare; what the stream saw of it adds nothing.
        }
    }

    private void Send()
    {
        var batch = _batch;
        _batch = new List<Occurrence>(Batch);
        if (_writing is null)
        {
            _startedFull = batch.Count == Batch;
            _numbering = Task.Run(NumberAsync, _cancellationToken);
            _writing = Task.Run(WriteAsync, _cancellationToken);
        }

        _toNumber.Writer.TryWrite(batch);
    }

    private async Task NumberAsync()
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(_cancellationToken).ConfigureAwait(false);
            var prefixes = new Dictionary<int, string>();
            await foreach (var batch in _toNumber.Reader.ReadAllAsync(_cancellationToken).ConfigureAwait(false))
            {
                _toCopy.Writer.TryWrite((batch, await OrderCopy.ReserveAsync(connection, null, batch, 0, batch.Count, prefixes, _cancellationToken).ConfigureAwait(false)));
            }

            _toCopy.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _failed = true;
            _toCopy.Writer.TryComplete(e);
            throw;
        }
    }

    private async Task<List<(long Id, string Reference)>> WriteAsync()
    {
        var written = new List<(long Id, string Reference)>();
        try
        {
            await _transaction.SaveAsync(_savepoint, _cancellationToken).ConfigureAwait(false);

            // A stream that starts with a full batch is a large write: into a (nearly) empty table, the indexes are built
            // after the last order rather than added to row by row (after the savepoint, so the fallback restores them).
            if (_startedFull)
            {
                Indexes = await OrderIndexBuild.DropIfWorthAsync(_connection, _transaction, Batch, _cancellationToken).ConfigureAwait(false);
            }

            await using var writer = await OrderCopy.BeginOrdersAsync(_connection, _cancellationToken).ConfigureAwait(false);
            await foreach (var (batch, orders) in _toCopy.Reader.ReadAllAsync(_cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    _rows.Write(writer, batch[i], orders[i], parent: null);
                    written.Add(orders[i]);
                }
            }

            await writer.CompleteAsync(_cancellationToken).ConfigureAwait(false);
            return written;
        }
        catch (Exception)
        {
            _failed = true;
            _toNumber.Writer.TryComplete(); // the numbering stops taking numbers for rows that will not be written
            throw;
        }
    }
}
