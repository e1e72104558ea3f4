using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email.Composing;

/// <summary>
/// <see cref="TemplateRenderer.SplitSubject"/> reads the text in place since branch <c>compose8</c>; it must give what
/// the split-into-lines-and-join version gave (kept here as the reference) for every text, blank lines, CR, CRLF,
/// tabs and a missing subject included.
/// </summary>
public sealed class SubjectSplitTests
{
    [Theory]
    [InlineData("Subject: Hello\nBody")]
    [InlineData("\n\n  \t\nSubject: Hello\n\n \n\tBody\n\nmore\n")]
    [InlineData("Subject: Hello\r\n\r\nBody\r\nline\r\n")]
    [InlineData("  subject:  Mixed case  \nBody")]
    [InlineData("Subject: only")]
    [InlineData("Subject: only\n")]
    [InlineData("Subject: only\n\n\n")]
    [InlineData("Subject: a\tb\u0001c\nBody\rwith lone CR\n")]
    [InlineData("Subject:\nBody")]
    public void SplitSubject_Text_SameAsSplittingIntoLines(string text)
    {
        Assert.Equal(Reference(text), TemplateRenderer.SplitSubject(text, "t.txt.sbn"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n \n")]
    [InlineData("Hello\nSubject: late")]
    [InlineData("Subjec: typo\nBody")]
    public void SplitSubject_NoSubjectLine_Throws(string text)
    {
        Assert.Throws<TemplateException>(() => Reference(text));
        Assert.Throws<TemplateException>(() => TemplateRenderer.SplitSubject(text, "t.txt.sbn"));
    }

    [Fact]
    public void SplitSubject_RandomTexts_SameAsSplittingIntoLines()
    {
        var random = new Random(5);
        string[] pieces = ["Subject:", "subject: ", "Subject: Work order WO-1", "\n", "\r\n", "\r", " ", "\t", "text", "é", "\u0085", "\u2028", "\u00a0"];
        for (var round = 0; round < 5_000; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => pieces[random.Next(pieces.Length)]));
            (string, string)? expected;
            try
            {
                expected = Reference(text);
            }
            catch (TemplateException)
            {
                expected = null;
            }

            if (expected is null)
            {
                Assert.Throws<TemplateException>(() => TemplateRenderer.SplitSubject(text, "t.txt.sbn"));
            }
            else
            {
                Assert.True(expected == TemplateRenderer.SplitSubject(text, "t.txt.sbn"), $"text: {Escaped(text)}");
            }
        }
    }

    private static string Escaped(string text) => string.Concat(text.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()));

    /// <summary>The version before compose8, word for word.</summary>
    private static (string Subject, string Body) Reference(string text)
    {
        const string prefix = "Subject:";
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var first = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (first < 0 || !lines[first].TrimStart().StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new TemplateException([new Scheduler.Domain.Configuration.ConfigProblem(new Scheduler.Domain.SourceLocation("t", 1, 1), "no subject")]);
        }

        var subject = TemplateValues.OneLine(lines[first].TrimStart()[prefix.Length..]).Trim();
        var body = string.Join('\n', lines.Skip(first + 1).SkipWhile(string.IsNullOrWhiteSpace));
        return (subject, body);
    }
}
