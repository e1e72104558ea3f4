using System.Buffers;
using System.Globalization;
using System.Threading.Channels;

namespace Scheduler.Benchmarks.EndToEnd;

/// <summary>
/// The dispatch baseline's sample: a uniform random sample of fixed size over <em>every</em> message the SMTP server
/// receives during the days (reservoir sampling, Algorithm R, seeded, so a run with the same seed draws the same
/// positions), so the bare loop sends the year's mix — cleaning notices, gas notices, repair notices, tenant letters,
/// programmes — in its proportions, not day 1's first messages. The kept messages are parked on disk by a background
/// writer (one file per slot, a replaced slot's file written again), so the sample does not count in the simulation's
/// memory, and the server's thread only copies the few messages drawn (~2,000 × ln(received / 2,000) of them).
/// It also counts the messages and bytes received, to set the sample's mean size beside the run's.
/// </summary>
internal sealed class ReceivedSample
{
    private readonly Lock _lock = new();
    private readonly Random _random;
    private readonly string _directory;
    private readonly Channel<(int Slot, byte[] Bytes)> _toWrite = Channel.CreateUnbounded<(int, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly int _size;
    private long _received;
    private long _receivedBytes;

    public ReceivedSample(int size, int seed, string directory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _size = size;
        _random = new Random(seed);
        _directory = directory;
        Directory.CreateDirectory(directory);
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Messages offered so far (every message the server received while this sample was its tap).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Their bytes as received (the DATA, without the SMTP dot-stuffing).</summary>
    public long ReceivedBytes => Interlocked.Read(ref _receivedBytes);

    /// <summary>Offers one received message: message n (1-based) takes a slot when n ≤ size, else slot j when j = random(n) &lt; size.</summary>
    public void Offer(ReadOnlySequence<byte> message)
    {
        int slot;
        lock (_lock)
        {
            var n = ++_received;
            _receivedBytes += message.Length;
            slot = n <= _size ? (int)(n - 1) : (int)_random.NextInt64(n);
        }

        if (slot < _size)
        {
            _toWrite.Writer.TryWrite((slot, message.ToArray()));
        }
    }

    /// <summary>Stops taking messages, waits for the parked files, and reads the sample back in slot order.</summary>
    public async Task<IReadOnlyList<byte[]>> ReadAsync()
    {
        _toWrite.Writer.TryComplete();
        await _writer;
        var slots = (int)Math.Min(_size, Received);
        var sample = new List<byte[]>(slots);
        for (var slot = 0; slot < slots; slot++)
        {
            sample.Add(await File.ReadAllBytesAsync(SlotPath(slot)));
        }

        return sample;
    }

    private async Task WriteAsync()
    {
        await foreach (var (slot, bytes) in _toWrite.Reader.ReadAllAsync())
        {
            await File.WriteAllBytesAsync(SlotPath(slot), bytes);
        }
    }

    private string SlotPath(int slot) => Path.Combine(_directory, slot.ToString("D5", CultureInfo.InvariantCulture) + ".eml");
}
