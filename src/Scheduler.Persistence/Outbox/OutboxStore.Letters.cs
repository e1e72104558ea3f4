using Npgsql;
using NodaTime;

namespace Scheduler.Persistence.Outbox;

/// <summary>What tenant letters need: tenants and homes read in one query each per batch, and the letter batch file of a printed letter.</summary>
public sealed partial class OutboxStore
{
    // Advisory lock class for "writing a letter batch file": the second key is the file name's hash.
    private const int LetterBatchLockClass = 0x4C455454; // "LETT"

    // A printed letter's batch file is fixed before the file is written, and only while this claim still holds the row;
    // a file chosen by an earlier claim is kept (the letter may be in it already), but for one the dispatcher replaces:
    // an earlier claim's batch whose posting day has begun and which does not hold the letter (it goes to a later batch).
    private const string AssignBatchSql = """
        UPDATE outbox_messages o
        SET delivered_via = CASE WHEN o.delivered_via = r.replaces THEN r.via ELSE coalesce(o.delivered_via, r.via) END
        FROM unnest(@ids, @vias, @replaces, @leases) AS r(id, via, replaces, lease)
        WHERE o.id = ANY(@ids) AND o.id = r.id AND o.status = 'sending' AND o.lease_until = r.lease
        RETURNING o.id, o.delivered_via
        """;

    /// <summary>The tenants with these ids (moved-out ones included, with <see cref="OutboxTenant.Active"/> false).</summary>
    public async Task<IReadOnlyDictionary<string, OutboxTenant>> LoadTenantsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tenants = new Dictionary<string, OutboxTenant>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return tenants;
        }

        await using var command = _dataSource.CreateCommand(
            "SELECT id, home_id, name, email, channel, large_print, language, active FROM tenants WHERE id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var tenant = new OutboxTenant(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetBoolean(5),
                reader.GetString(6),
                reader.GetBoolean(7));
            tenants[tenant.Id] = tenant;
        }

        return tenants;
    }

    /// <summary>The homes with these ids (inactive ones included).</summary>
    public async Task<IReadOnlyDictionary<string, OutboxHome>> LoadHomesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var homes = new Dictionary<string, OutboxHome>(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return homes;
        }

        await using var command = _dataSource.CreateCommand("SELECT id, address, postcode, active FROM homes WHERE id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var home = new OutboxHome(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3));
            homes[home.Id] = home;
        }

        return homes;
    }

    /// <summary>
    /// Fixes the letter batch file of each printed letter before the file is written (committed at once): a row keeps
    /// the file an earlier claim chose, else gets <c>Via</c>; a row whose file is <c>Replaces</c> (an earlier claim's
    /// batch that was posted without the letter) gets <c>Via</c> instead. Only rows this claim still holds (status
    /// <c>sending</c> with the claim's lease) are changed. Returns each such row's file by row id; a row missing from the
    /// answer was lost to another dispatcher and must not be written.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, string>> AssignLetterBatchAsync(
        IReadOnlyList<(ClaimedMessage Message, string Via, string? Replaces)> letters,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        var files = new Dictionary<long, string>();
        if (letters.Count == 0)
        {
            return files;
        }

        await using var command = _dataSource.CreateCommand(AssignBatchSql);
        command.Parameters.AddWithValue("ids", letters.Select(l => l.Message.Id).ToArray());
        command.Parameters.AddWithValue("vias", letters.Select(l => l.Via).ToArray());
        command.Parameters.AddWithValue("replaces", letters.Select(l => l.Replaces).ToArray()); // null elements: no batch replaced
        command.Parameters.AddWithValue("leases", letters.Select(l => l.Message.LeaseUntil).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            files[reader.GetInt64(0)] = reader.GetString(1);
        }

        return files;
    }

    /// <summary>
    /// Takes the database-wide lock of one letter batch file (a transaction-scoped PostgreSQL advisory lock on its
    /// name), waiting while another dispatcher, on any node, writes it; disposing the result ends the transaction and
    /// so releases the lock. Holds one connection (and an otherwise empty transaction) meanwhile.
    /// </summary>
    public async Task<IAsyncDisposable> LockLetterBatchAsync(string file, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@class, hashtext(@file))", connection, transaction);
            command.Parameters.AddWithValue("class", LetterBatchLockClass);
            command.Parameters.AddWithValue("file", file);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new BatchLock(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The letters put back because the letter batch folder could not be written: open tenant letters whose last error
    // carries the folder's marker, due by a bound (a letter put back waits at most an outage pause, so the claim's index
    // ix_outbox_messages_due reads only the rows due by then, never the rows deferred to a later release).
    private const string LettersWaitingWhere = """
        is_open AND next_attempt_at <= @due_by AND kind = 'tenant-letter' AND strpos(last_error, @marker) > 0
        """;

    /// <summary>
    /// How many letters to post wait for the letter batch folder: open tenant letters due by <paramref name="dueBy"/> whose
    /// last error contains <paramref name="marker"/> (the folder's words in the dispatcher's reason). For readiness.
    /// </summary>
    public async Task<long> CountLettersWaitingAsync(string marker, Instant dueBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        await using var command = _dataSource.CreateCommand($"SELECT count(*) FROM outbox_messages WHERE {LettersWaitingWhere}");
        command.Parameters.AddWithValue("due_by", dueBy);
        command.Parameters.AddWithValue("marker", marker);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Makes the letters to post that wait for the letter batch folder (pending, due after <paramref name="now"/> and by
    /// <paramref name="dueBy"/>, their last error containing <paramref name="marker"/>) due at <paramref name="now"/>: a
    /// dispatch run by hand tries the folder at once rather than leave them to another run's pause. Returns how many.
    /// </summary>
    public async Task<int> MakeLettersWaitingDueAsync(string marker, Instant now, Instant dueBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        await using var command = _dataSource.CreateCommand(
            $"UPDATE outbox_messages SET next_attempt_at = @now WHERE {LettersWaitingWhere} AND status = 'pending' AND next_attempt_at > @now");
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("due_by", dueBy);
        command.Parameters.AddWithValue("marker", marker);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class BatchLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
