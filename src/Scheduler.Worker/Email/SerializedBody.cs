using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>
/// A message body already written out: it carries the original body's headers and writes the stored content bytes
/// (CRLF line ends, parts already encoded) as they are. Preparing it does nothing: it was prepared when written.
/// </summary>
internal sealed class SerializedBody : MimeEntity
{
    private ReadOnlyMemory<byte> _content;

    /// <summary>When made from a message written directly: its pooled bytes, read at each write (gone once returned).</summary>
    private readonly MessageBytes? _owned;

    /// <summary>A body with <paramref name="original"/>'s headers and <paramref name="content"/> as its content.</summary>
    public SerializedBody(MimeEntity original, byte[] content)
        : base(original.ContentType)
    {
        foreach (var header in original.Headers.Where(h => h.Id != HeaderId.ContentType))
        {
            Headers.Add(header.Clone());
        }

        _content = content;
    }

    /// <summary>
    /// A body without headers of its own: <paramref name="content"/> is the whole body as written, and the message's
    /// headers (a <see cref="HeaderBlock"/>) carry its Content-Type.
    /// </summary>
    public SerializedBody(ReadOnlyMemory<byte> content)
        : base(new ContentType("multipart", "mixed"))
    {
        Headers.Clear();
        _content = content;
    }

    /// <summary>
    /// <see cref="SerializedBody(ReadOnlyMemory{byte})"/> over a written message's pooled bytes, read each time it is
    /// written: once they are returned (<see cref="MessageBytes.Return"/>) writing throws instead of writing an array
    /// another message may be using.
    /// </summary>
    public SerializedBody(MessageBytes content)
        : this(ReadOnlyMemory<byte>.Empty)
    {
        _owned = content;
    }

    /// <summary>The content bytes, as written.</summary>
    public ReadOnlyMemory<byte> Content => _owned?.Memory ?? _content;

    /// <summary>Makes <paramref name="content"/> the body written from now on (<see cref="ReusableWire"/>: one body object for a connection's messages).</summary>
    internal void Replace(ReadOnlyMemory<byte> content) => _content = content;

    /// <summary>
    /// While set (by <see cref="SmtpTransport"/>, for one send), writing waits for the gate after the content, before the
    /// caller can add the end of data; see <see cref="EndOfDataGate"/>.
    /// </summary>
    internal EndOfDataGate? Gate { get; set; }

    /// <inheritdoc />
    public override void Prepare(EncodingConstraint constraint, int maxLineLength = 78)
    {
        // Prepared for a 7-bit transport when it was written.
    }

    /// <inheritdoc />
    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!contentOnly)
        {
            Headers.WriteTo(options, stream, cancellationToken);
        }

        var content = Content;
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment))
        {
            stream.Write(segment.Array!, segment.Offset, segment.Count);
        }
        else
        {
            stream.Write(content.Span);
        }

        if (Gate is { } gate)
        {
            gate.WaitAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <inheritdoc />
    public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!contentOnly)
        {
            await Headers.WriteToAsync(options, stream, cancellationToken).ConfigureAwait(false);
        }

        await stream.WriteAsync(Content, cancellationToken).ConfigureAwait(false);
        if (Gate is { } gate)
        {
            await gate.WaitAsync().ConfigureAwait(false);
        }
    }
}
