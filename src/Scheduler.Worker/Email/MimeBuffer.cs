using System.Buffers.Text;
using System.Text;

namespace Scheduler.Worker.Email;

/// <summary>
/// A growable byte buffer that MIME is written into (see <see cref="DirectMimeWriter"/>), reused per thread: the
/// writer rents one, writes a message, copies out the bytes it keeps and returns it, so writing a message allocates
/// only the bytes that are sent. Everything written ends lines with CRLF. Not thread-safe: one writer at a time.
/// </summary>
internal sealed class MimeBuffer
{
    private const int MaxKept = 1024 * 1024;

    [ThreadStatic]
    private static MimeBuffer? t_cached;

    private byte[] _bytes = new byte[16 * 1024];

    /// <summary>How many bytes have been written.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    /// <summary>This thread's buffer, emptied (a new one when it is in use).</summary>
    public static MimeBuffer Rent()
    {
        var buffer = t_cached ?? new MimeBuffer();
        t_cached = null;
        buffer.Length = 0;
        return buffer;
    }

    /// <summary>Gives <paramref name="buffer"/> back to this thread for the next message (not when it grew very large).</summary>
    public static void Return(MimeBuffer buffer)
    {
        if (buffer._bytes.Length <= MaxKept)
        {
            t_cached = buffer;
        }
    }

    /// <summary>At least <paramref name="size"/> writable bytes after what is written; call <see cref="Advance"/> after.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (Length + size > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + size));
        }

        return _bytes.AsSpan(Length);
    }

    /// <summary>Counts <paramref name="count"/> bytes written into the span from <see cref="GetSpan"/>.</summary>
    public void Advance(int count) => Length += count;

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public MimeBuffer Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
        return this;
    }

    /// <summary>Writes <paramref name="text"/>, which must be ASCII (throws <see cref="ArgumentException"/> otherwise).</summary>
    public MimeBuffer Ascii(string text)
    {
        if (Ascii(text.AsSpan(), GetSpan(text.Length), out var written) != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException("A MIME header or boundary may only hold ASCII.", nameof(text));
        }

        Length += written;
        return this;
    }

    /// <summary>Writes a line end.</summary>
    public MimeBuffer Crlf() => Write("\r\n"u8);

    /// <summary>
    /// Writes <paramref name="data"/> in base64, 76 characters a line (57 bytes), every line ended, the last one too
    /// (as MimeKit writes a base64 part).
    /// </summary>
    public void Base64Lines(ReadOnlySpan<byte> data)
    {
        const int PerLine = 57;
        var span = GetSpan((((data.Length + PerLine - 1) / PerLine) * 78) + 2);
        var w = 0;
        while (!data.IsEmpty)
        {
            var chunk = data[..Math.Min(PerLine, data.Length)];
            Base64.EncodeToUtf8(chunk, span[w..], out _, out var written);
            w += written;
            span[w++] = (byte)'\r';
            span[w++] = (byte)'\n';
            data = data[chunk.Length..];
        }

        Length += w;
    }

    /// <summary>
    /// Writes <paramref name="text"/> as UTF-8 in quoted-printable (RFC 2045 §6.7): lines of at most 76 characters
    /// with the soft break, a line break (LF or CRLF) in the text written as CRLF, a space or tab before a line break
    /// encoded, every byte outside printable ASCII and <c>=</c> encoded. The last line is ended too.
    /// </summary>
    public void QuotedPrintable(string text)
    {
        var utf8 = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var count = Encoding.UTF8.GetBytes(text, utf8);
            var input = utf8.AsSpan(0, count);
            Length += QuotedPrintableWriter.Encode(input, GetSpan(QuotedPrintableWriter.MaxEncodedLength(count)));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> as UTF-8 in quoted-printable exactly as MimeKit writes a text part's content (its
    /// own <see cref="MimeKit.Encodings.QuotedPrintableEncoder"/>, whose soft breaks fall elsewhere than
    /// <see cref="QuotedPrintable"/>'s, then its line ends as CRLF): for a message that must be the bytes MimeKit
    /// writes for it (<see cref="DirectMimeWriter.Tenant"/>).
    /// </summary>
    public void QuotedPrintableAsMimeKit(string text)
    {
        var encoder = new MimeKit.Encodings.QuotedPrintableEncoder();
        var utf8 = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        var encoded = System.Buffers.ArrayPool<byte>.Shared.Rent(encoder.EstimateOutputLength(utf8.Length));
        try
        {
            var count = Encoding.UTF8.GetBytes(text, utf8);
            var lines = encoded.AsSpan(0, encoder.Flush(utf8, 0, count, encoded));
            var span = GetSpan(lines.Length * 2);
            var w = 0;
            while (!lines.IsEmpty)
            {
                // The encoder ends lines with LF and writes no other CR (a CR of the text is =0D, or dropped before its LF).
                var lf = lines.IndexOf((byte)'\n');
                var line = lf < 0 ? lines : lines[..lf];
                line.CopyTo(span[w..]);
                w += line.Length;
                if (lf < 0)
                {
                    break;
                }

                span[w++] = (byte)'\r';
                span[w++] = (byte)'\n';
                lines = lines[(lf + 1)..];
            }

            Length += w;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(encoded);
            System.Buffers.ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Writes again the bytes already written from <paramref name="start"/> to <paramref name="end"/> (exclusive).</summary>
    public void Repeat(int start, int end)
    {
        var span = GetSpan(end - start);
        _bytes.AsSpan(start, end - start).CopyTo(span);
        Length += end - start;
    }

    /// <summary>A copy of the bytes from <paramref name="start"/> to <paramref name="end"/> (exclusive).</summary>
    public byte[] ToArray(int start, int end) => _bytes.AsSpan(start, end - start).ToArray();

    /// <summary>A copy of the bytes from <paramref name="start"/> to <paramref name="end"/> (exclusive) in a pooled array (<see cref="MessageBytes"/>).</summary>
    public MessageBytes ToPooled(int start, int end) => MessageBytes.Copy(_bytes.AsSpan(start, end - start));

    private static System.Buffers.OperationStatus Ascii(ReadOnlySpan<char> text, Span<byte> destination, out int written) =>
        System.Text.Ascii.FromUtf16(text, destination, out written);
}
