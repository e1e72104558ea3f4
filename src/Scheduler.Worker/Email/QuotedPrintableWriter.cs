namespace Scheduler.Worker.Email;

/// <summary>
/// Quoted-printable (RFC 2045 §6.7) for the text parts of a message written directly (<see cref="DirectMimeWriter"/>):
/// printable ASCII except <c>=</c> as it is; every other byte as <c>=XX</c>; a space or tab that would end a line
/// encoded too; lines of at most 76 characters, a soft break (<c>=</c> CRLF) before one would be longer; a line break
/// in the input (LF, or CRLF) as CRLF. Output is 7-bit, so the part needs no 8BITMIME. Runs of bytes written as they
/// are (printable ASCII but <c>=</c>, spaces and tabs: most of a body's lines) are found with one vectorised search and copied as blocks, split
/// at the line limit, instead of byte by byte (branch disp32; the same bytes as the loop before, which
/// <c>QuotedPrintableWriterTests</c> keeps as the reference).
/// </summary>
internal static class QuotedPrintableWriter
{
    /// <summary>The longest encoded line, the soft break's <c>=</c> included.</summary>
    public const int MaxLineLength = 76;

    /// <summary>
    /// The bytes of a run written as it is: printable ASCII (33-126) but <c>=</c>, and space and tab (literal unless they
    /// end a line, which only the run's last one can).
    /// </summary>
    private static readonly System.Buffers.SearchValues<byte> AsIs = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(33, 126 - 33 + 1).Where(b => b != '=').Select(b => (byte)b), (byte)' ', (byte)'\t']);

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
        var i = 0;
        while (i < input.Length)
        {
            // A run of bytes written as they are: copied in blocks, a soft break wherever a line would pass the limit
            // (a literal byte fits while the line holds fewer than MaxLineLength - 1 characters).
            var run = input[i..].IndexOfAnyExcept(AsIs);
            run = run < 0 ? input.Length - i : run;
            if (run > 0 && input[i + run - 1] is (byte)' ' or (byte)'\t' && EndsLine(input, i + run))
            {
                // A space or tab that ends a line is encoded (below); every other one in the run is followed by a
                // byte of the run, so it does not end a line.
                run--;
            }

            while (run > 0)
            {
                if (line >= MaxLineLength - 1)
                {
                    output[w++] = (byte)'=';
                    output[w++] = (byte)'\r';
                    output[w++] = (byte)'\n';
                    line = 0;
                }

                var take = Math.Min(run, MaxLineLength - 1 - line);
                input.Slice(i, take).CopyTo(output[w..]);
                w += take;
                i += take;
                line += take;
                run -= take;
            }

            if (i >= input.Length)
            {
                break;
            }

            // One byte that is not part of a run: a line break, a space or tab that ends a line, or a byte to encode.
            var b = input[i];
            if (b == (byte)'\n' || (b == (byte)'\r' && i + 1 < input.Length && input[i + 1] == (byte)'\n'))
            {
                i += b == (byte)'\r' ? 2 : 1;
                output[w++] = (byte)'\r';
                output[w++] = (byte)'\n';
                line = 0;
                continue;
            }

            var literal = b is (byte)' ' or (byte)'\t' && !EndsLine(input, i + 1);
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
            i++;
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
