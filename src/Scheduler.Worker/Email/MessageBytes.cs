using System.Buffers;

namespace Scheduler.Worker.Email;

/// <summary>
/// A message body's bytes as written (<see cref="DirectMimeWriter"/>), kept in an array rented from a pool of this
/// process's own, from composing until the dispatcher has the message's result (<see cref="OutgoingMessage.ReleaseBytes"/>):
/// then the array goes back for a later message. At 300,000 homes a dispatch keeps two batches of ~7 kB bodies alive
/// (the one sent, the one composed beside it), and every gen0 collection copied the bodies composed since the one before
/// (branch disp30: the collection's cost is what survives it, not how many there are); a pooled array is old, and reused,
/// so it is neither allocated nor copied again. Returned once at most (<see cref="Return"/> is idempotent); after it the
/// bytes cannot be read (<see cref="ObjectDisposedException"/>). One never returned (a batch whose sending threw, a
/// message composed outside a dispatch: previews, tests, benchmarks) is collected as garbage, as before.
/// </summary>
internal sealed class MessageBytes
{
    /// <summary>Bodies up to this size are pooled (a notice ~6-8 kB; a large programme is allocated as before).</summary>
    public const int MaxPooled = 64 * 1024;

    /// <summary>
    /// Arrays per size (powers of two up to <see cref="MaxPooled"/>) kept between uses: two batches of 500 in flight
    /// (<c>YearSimulation.DispatchBatch</c>) fit in one size.
    /// </summary>
    private const int ArraysPerSize = 1200;

    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(MaxPooled, ArraysPerSize);

    private static long s_rented;
    private static long s_returned;

    private byte[]? _array;
    private readonly bool _pooled;

    private MessageBytes(byte[] array, int length, bool pooled)
    {
        _array = array;
        Length = length;
        _pooled = pooled;
    }

    /// <summary>How many bytes it holds.</summary>
    public int Length { get; }

    /// <summary>True once <see cref="Return"/> has run: the bytes are gone.</summary>
    public bool Returned => Volatile.Read(ref _array) is null;

    /// <summary>The bytes; throws <see cref="ObjectDisposedException"/> once returned.</summary>
    public ReadOnlyMemory<byte> Memory =>
        Volatile.Read(ref _array) is { } array ? array.AsMemory(0, Length) : throw new ObjectDisposedException(nameof(MessageBytes), "The message's bytes were returned to the pool once its result was known.");

    /// <summary>Arrays rented from the pool and returned to it so far (this process; for the benchmarks' figures).</summary>
    public static (long Rented, long Returned) Counts => (Interlocked.Read(ref s_rented), Interlocked.Read(ref s_returned));

    /// <summary>A copy of <paramref name="bytes"/>, in a pooled array when it is small enough.</summary>
    public static MessageBytes Copy(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxPooled)
        {
            return new MessageBytes(bytes.ToArray(), bytes.Length, pooled: false);
        }

        var array = Pool.Rent(bytes.Length);
        Interlocked.Increment(ref s_rented);
        bytes.CopyTo(array);
        return new MessageBytes(array, bytes.Length, pooled: true);
    }

    /// <summary>
    /// Gives the array back (only when nothing can read it any more: the message's send has ended). Returns true the
    /// first time, false after; the array is in the pool once at most.
    /// </summary>
    public bool Return()
    {
        if (Interlocked.Exchange(ref _array, null) is not { } array)
        {
            return false;
        }

        if (_pooled)
        {
            Pool.Return(array);
            Interlocked.Increment(ref s_returned);
        }

        return true;
    }
}
