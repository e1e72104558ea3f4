using System.Text;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>
/// The quoted-printable encoder copies runs of literal bytes in blocks (branch disp32): its output must be byte for byte
/// what the byte-by-byte loop before it wrote (kept here as <see cref="Reference"/>), for text of every shape that
/// decides a line break, a soft break or an encoding: long literal runs, spaces and tabs before line ends and at the
/// limit, CR alone, LF, CRLF, <c>=</c>, control bytes and multi-byte UTF-8.
/// </summary>
public sealed class QuotedPrintableWriterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Encode_RandomText_IsWhatTheByteByByteLoopWrote(int seed)
    {
        var random = new Random(seed);
        string[] pieces = ["a", "Z", "0", ".", "=", " ", "\t", "\r", "\n", "\r\n", "é", "Ł", "€", "😀", "\u0000", "\u007f", "~", "!",
            new string('x', 74), new string('y', 75), new string('z', 76), new string('w', 150), " \r\n", "\t\n", "= ", "  "];
        for (var round = 0; round < 2_000; round++)
        {
            var text = new StringBuilder();
            var count = random.Next(0, 60);
            for (var p = 0; p < count; p++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            AssertSameAsReference(Encoding.UTF8.GetBytes(text.ToString()));
        }
    }

    [Fact]
    public void Encode_EveryLiteralRunLengthAroundTheLimit_IsWhatTheByteByByteLoopWrote()
    {
        // Every run length from 0 to 230, after every prefix that leaves the line at 0-4 characters or with an
        // encoded byte, and followed by nothing, a space, an encoded byte, a line break or a space at the end.
        string[] before = ["", "a", "ab", "é", "=", " x", "\r\n", "abc\n"];
        string[] after = ["", " ", "=", "\n", " \n", "\t", "é", "\r"];
        foreach (var prefix in before)
        {
            foreach (var suffix in after)
            {
                for (var length = 0; length <= 230; length++)
                {
                    AssertSameAsReference(Encoding.UTF8.GetBytes(prefix + new string('q', length) + suffix));
                }
            }
        }
    }

    [Fact]
    public void Encode_TheShippedTemplatesBodies_IsWhatTheByteByByteLoopWrote()
    {
        foreach (var file in Directory.EnumerateFiles(EmailTestData.TemplatesFolder, "*.sbn"))
        {
            AssertSameAsReference(File.ReadAllBytes(file));
        }
    }

    private static void AssertSameAsReference(byte[] input)
    {
        var output = new byte[QuotedPrintableWriter.MaxEncodedLength(input.Length)];
        var expected = new byte[QuotedPrintableWriter.MaxEncodedLength(input.Length)];

        var written = QuotedPrintableWriter.Encode(input, output);
        var reference = Reference(input, expected);

        Assert.Equal(expected.AsSpan(0, reference).ToArray(), output.AsSpan(0, written).ToArray());
    }

    /// <summary>The encoder as it was before branch disp32: one byte at a time.</summary>
    private static int Reference(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ReadOnlySpan<byte> hex = "0123456789ABCDEF"u8;
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
            if (line + width > QuotedPrintableWriter.MaxLineLength - 1)
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
                output[w++] = hex[b >> 4];
                output[w++] = hex[b & 0xF];
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

    private static bool EndsLine(ReadOnlySpan<byte> input, int index) =>
        index >= input.Length
        || input[index] == (byte)'\n'
        || (input[index] == (byte)'\r' && index + 1 < input.Length && input[index + 1] == (byte)'\n');
}
