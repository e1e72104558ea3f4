namespace Scheduler.Worker.Email;

/// <summary>
/// Quoted-printable (RFC 2045 §6.7) for the text parts of a message written directly (<see cref="DirectMimeWriter"/>):
/// printable ASCII except <c>=</c> as it is; every other byte as <c>=XX</c>; a space or tab that would end a line
/// encoded too; lines of at most 76 characters, a soft break (<c>=</c> CRLF) before one would be longer; a line break
/// in the input (LF, or CRLF) as CRLF. Output is 7-bit, so the part needs no 8BITMIME.
/// </summary>
internal static class QuotedPrintableWriter
{
    /// <summary>The longest encoded line, the soft break's <c>=</c> included.</summary>
    public const int MaxLineLength = 76;

    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    /// <summary>An upper bound of the encoded length of <paramref name="inputLength"/> bytes.</summary>
    public static int MaxEncodedLength(int inputLength) => (inputLength * 4) + 8;

    /// <summary>
    /// Encodes <paramref name="input"/> into <paramref name="output"/> (at least <see cref="MaxEncodedLength"/> long);
    /// the last line is ended with CRLF when the input does not end with a line break. Returns the bytes written.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var w = 0;
        var line = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b == (byte)'\n' || (b == (byte)'\r' && i + 1 < input.Length && input[i + 1] == (byte)'\n'))
            {
                i += b == (byte)'\r' ? 1 : 0;
                output[w++] = (byte)'\r';
                output[w++] = (byte)'\n';
                line = 0;
                continue;
            }

            var literal = b is >= 33 and <= 126 and not (byte)'=' || (b is (byte)' ' or (byte)'\t' && !EndsLine(input, i + 1));
            var width = literal ? 1 : 3;
            if (line + width > MaxLineLength - 1)
            {
                output[w++] = (byte)'=';
                output[w++] = (byte)'\r';
                output[w++] = (byte)'\n';
                line = 0;
            }

            if (literal)
            {
                output[w++] = b;
            }
            else
            {
                output[w++] = (byte)'=';
                output[w++] = Hex[b >> 4];
                output[w++] = Hex[b & 0xF];
            }

            line += width;
        }

        if (line > 0)
        {
            output[w++] = (byte)'\r';
            output[w++] = (byte)'\n';
        }

        return w;
    }

    /// <summary>True when a line ends at <paramref name="index"/>: the end of the input, LF or CRLF.</summary>
    private static bool EndsLine(ReadOnlySpan<byte> input, int index) =>
        index >= input.Length
        || input[index] == (byte)'\n'
        || (input[index] == (byte)'\r' && index + 1 < input.Length && input[index + 1] == (byte)'\n');
}
