using NodaTime;
using Scheduler.Worker.Email;
using Scheduler.Worker.Letters;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Letters;

/// <summary><see cref="LetterBatchWriter"/> on real files: letters kept, never doubled, a foreign file never overwritten (volumes: <see cref="LetterBatchVolumeTests"/>).</summary>
public sealed class LetterBatchWriterTests : IDisposable
{
    private static readonly LocalDate Day = new(2027, 3, 1);

    private readonly string _folder = Path.Join(Path.GetTempPath(), "letter-writer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task AddAsync_LaterLetters_KeepEarlierOnesInOrderAndNeverDoubleOne()
    {
        var writer = new LetterBatchWriter(_folder);

        var first = await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x"), Letter("b@x")], CancellationToken.None);
        var second = await writer.AddAsync("2027-03-01.html", Day, [Letter("b@x", reclaimed: true), Letter("c@x"), Letter("c@x")], CancellationToken.None);

        Assert.All(first.Concat(second), r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        var text = await File.ReadAllTextAsync(writer.PathOf("2027-03-01.html"));
        Assert.Equal(["a@x", "b@x", "c@x"], LetterBatchDocument.ReadLetters(text)!.Select(l => l.MessageId));
        Assert.EndsWith(LetterBatchDocument.EndMarker + "\n", text, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AddAsync_FolderIsAFile_IsUnreachableNamingTheFolder_NotACountedFailure()
    {
        await File.WriteAllTextAsync(_folder, "a regular file where the folder should be"); // stops root too
        try
        {
            var results = await new LetterBatchWriter(_folder).AddAsync("2027-03-01.html", Day, [Letter("a@x"), Letter("b@x")], CancellationToken.None);

            Assert.Equal(2, results.Count);
            Assert.All(results, r => Assert.Equal(SendOutcome.Unreachable, r.Outcome));
            Assert.All(results, r => Assert.StartsWith($"Cannot write letters to the letter batch folder '{_folder}' (Mail:LetterBatchDirectory): ", r.Detail, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(_folder);
        }
    }

    [Theory]
    [InlineData("<html><body>Printed by someone else</body></html>")]
    [InlineData("<!-- letter begin: a@x -->\n<section>cut short")]
    public async Task AddAsync_FileNotWrittenByTheScheduler_IsLeftAloneAndTheLettersRetried(string foreign)
    {
        Directory.CreateDirectory(_folder);
        var writer = new LetterBatchWriter(_folder);
        await File.WriteAllTextAsync(writer.PathOf("2027-03-01.html"), foreign);

        var results = await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x")], CancellationToken.None);

        var result = Assert.Single(results);
        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.Contains("left as it is", result.Detail, StringComparison.Ordinal);
        Assert.Equal(foreign, await File.ReadAllTextAsync(writer.PathOf("2027-03-01.html")));
    }

    [Fact]
    public void Section_HostileValues_AreEscapedAndTheLetterBodyIsKept()
    {
        var letter = Letter("a@x") with
        {
            Name = EmailTestData.Hostile,
            AddressLines = ["<b>Flat 1</b>", "1 \"High\" Street"],
            Html = "<!DOCTYPE html><html><head><title>t</title></head><body style=\"margin: 0;\"><div>Dear you</div></body></html>",
        };

        var section = LetterBatchDocument.Section(letter);

        Assert.Contains("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; Sons  Bcc: victim@example.org</p>", section, StringComparison.Ordinal);
        Assert.Contains("<p>&lt;b&gt;Flat 1&lt;/b&gt;</p>", section, StringComparison.Ordinal);
        Assert.Contains("<p>1 &quot;High&quot; Street</p>", section, StringComparison.Ordinal);
        Assert.Contains("<div>Dear you</div>", section, StringComparison.Ordinal);
        Assert.DoesNotContain("<title>", section, StringComparison.Ordinal);
    }

    internal static PrintedLetter Letter(string id, bool reclaimed = false, bool largePrint = false) =>
        new(id, "2027-03-01.html", "Sam Example", ["Flat 2", "1 High Street"], "LS1 1AB", "en", largePrint, $"<html><body><p>Letter {id}</p></body></html>", reclaimed);
}
