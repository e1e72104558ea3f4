using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>
/// A message's header lines already written (CRLF line ends, the blank line after them not included), held as one
/// MimeKit <see cref="Header"/> so that MimeKit writes them as they are: it is made the way MimeKit keeps a header
/// line it could not parse (an invalid header: its field is the raw bytes, written without a colon or value). A message
/// whose only header is this one, with a body that has no headers of its own (<see cref="SerializedBody"/>), is
/// written as these bytes, the blank line, then the body.
/// </summary>
internal sealed class HeaderBlock : Header
{
    /// <summary>Holds <paramref name="lines"/>, which must be complete header lines ending in CRLF.</summary>
    public HeaderBlock(byte[] lines)
        : base(ParserOptions.Default, lines, [], invalid: true)
    {
        Lines = lines;
    }

    /// <summary>The header lines.</summary>
    public byte[] Lines { get; }
}
