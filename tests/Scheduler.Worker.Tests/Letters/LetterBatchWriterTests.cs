using NodaTime;
using Scheduler.Worker.Email;
using Scheduler.Worker.Letters;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Letters;

/// <summary><see cref="LetterBatchWriter"/> on real files: letters kept, never doubled, a foreign file never overwritten (volumes: <see cref="LetterBatchVolumeTests"/>).</summary>
public sealed class LetterBatchWriterTests : IDisposable
{
    private static readonly LocalDate Day = new(2027, 3, 1);

    // The day the letters are written: the day before their batch is posted.
    private static readonly LocalDate Before = Day.PlusDays(-1);

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

        var first = await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x"), Letter("b@x")], Before, CancellationToken.None);
        var second = await writer.AddAsync("2027-03-01.html", Day, [Letter("b@x", reclaimed: true), Letter("c@x"), Letter("c@x")], Before, CancellationToken.None);

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
            var results = await new LetterBatchWriter(_folder).AddAsync("2027-03-01.html", Day, [Letter("a@x"), Letter("b@x")], Before, CancellationToken.None);

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

        var results = await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x")], Before, CancellationToken.None);

        var result = Assert.Single(results);
        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.Contains("left as it is", result.Detail, StringComparison.Ordinal);
        Assert.Equal(foreign, await File.ReadAllTextAsync(writer.PathOf("2027-03-01.html")));
    }

    [Theory]
    [InlineData(0)] // the batch's own day (a letter composed just before midnight, written just after)
    [InlineData(1)] // a day later
    public async Task AddAsync_TheBatchsDayHasBegun_AddsNothingAndTheLettersAreNotAttempted(int daysAfter)
    {
        var writer = new LetterBatchWriter(_folder);
        await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x")], Before, CancellationToken.None);
        var collected = await File.ReadAllTextAsync(writer.PathOf("2027-03-01.html"));

        var results = await writer.AddAsync("2027-03-01.html", Day, [Letter("b@x"), Letter("c@x", reclaimed: true)], Day.PlusDays(daysAfter), CancellationToken.None);

        Assert.Equal(["b@x", "c@x"], results.Select(r => r.MessageId));
        Assert.All(results, r => Assert.Equal(SendOutcome.NotAttempted, r.Outcome));
        Assert.All(results, r => Assert.Equal(
            "The letter batch 2027-03-01.html is posted on 2027-03-01, which has begun: it may have been collected, so nothing more is added to it; the letter is composed again for a later batch.",
            r.Detail));
        Assert.Equal(collected, await File.ReadAllTextAsync(writer.PathOf("2027-03-01.html")));
        Assert.Single(Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task FindAsync_LettersOfABatchWhoseDayHasBegun_FoundInAnyVolumeAreSent_TheOthersMissing_NothingWritten()
    {
        var writer = new LetterBatchWriter(_folder, volumeLetters: 2);
        await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x"), Letter("b@x"), Letter("c@x")], Before, CancellationToken.None);
        var before = Directory.EnumerateFiles(_folder).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();

        var (results, missing) = await writer.FindAsync("2027-03-01.html", Day, [Letter("a@x"), Letter("c@x"), Letter("d@x")], CancellationToken.None);

        Assert.Equal(["a@x", "c@x"], results.Select(r => r.MessageId));
        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        Assert.All(results, r => Assert.Equal("in the letter batch 2027-03-01.html, posted on 2027-03-01", r.Detail));
        Assert.Equal(["d@x"], missing);
        Assert.Equal(before, Directory.EnumerateFiles(_folder).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList());
    }

    [Fact]
    public async Task FindAsync_NoVolumeOnDisk_EveryLetterIsMissing()
    {
        var (results, missing) = await new LetterBatchWriter(_folder).FindAsync("2027-03-01.html", Day, [Letter("a@x")], CancellationToken.None);

        Assert.Empty(results);
        Assert.Equal(["a@x"], missing);
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public async Task FindAsync_AVolumeChangedByHand_IsLeftAloneAndTheLettersRetried()
    {
        Directory.CreateDirectory(_folder);
        var writer = new LetterBatchWriter(_folder);
        await File.WriteAllTextAsync(writer.PathOf("2027-03-01.html"), "<html><body>Printed by someone else</body></html>");

        var (results, missing) = await writer.FindAsync("2027-03-01.html", Day, [Letter("a@x")], CancellationToken.None);

        Assert.Equal(SendOutcome.Transient, Assert.Single(results).Outcome);
        Assert.Empty(missing);
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
