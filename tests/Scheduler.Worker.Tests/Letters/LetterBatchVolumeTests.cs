using NodaTime;
using Scheduler.Worker.Email;
using Scheduler.Worker.Letters;
using static Scheduler.Worker.Tests.Letters.LetterBatchWriterTests;

namespace Scheduler.Worker.Tests.Letters;

/// <summary>
/// <see cref="LetterBatchWriter"/>'s numbered volumes on real files: batches appended across volumes, a write that died
/// part-way recovered without a torn, doubled or lost letter, a day rollover, large-print pages.
/// </summary>
public sealed class LetterBatchVolumeTests : IDisposable
{
    private static readonly LocalDate Day = new(2027, 3, 1);

    // The day the letters are written: the day before their batch is posted.
    private static readonly LocalDate Before = Day.PlusDays(-1);

    private readonly string _folder = Path.Join(Path.GetTempPath(), "letter-volumes-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task AddAsync_BatchAfterBatch_TopsUpTheLastVolumeThenStartsTheNext()
    {
        var writer = new LetterBatchWriter(_folder, volumeLetters: 3);

        foreach (var batch in new[] { new[] { "a@x", "b@x" }, ["c@x", "d@x"], ["e@x", "f@x", "g@x", "h@x", "i@x"] })
        {
            var results = await writer.AddAsync("2027-03-01.html", Day, [.. batch.Select(id => Letter(id))], Before, CancellationToken.None);
            Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        }

        Assert.Equal(
            ["2027-03-01.html", "2027-03-01_002.html", "2027-03-01_003.html"],
            Directory.EnumerateFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([1, 2, 3], writer.VolumesOf("2027-03-01.html").Select(v => v.Number));
        Assert.Equal(
            [["a@x", "b@x", "c@x"], ["d@x", "e@x", "f@x"], ["g@x", "h@x", "i@x"]],
            await IdsByVolumeAsync(writer, "2027-03-01.html"));
        var second = await File.ReadAllTextAsync(writer.PathOf("2027-03-01_002.html"));
        Assert.Contains("<title>Letters for posting, 2027-03-01, volume 2</title>", second, StringComparison.Ordinal);
        Assert.EndsWith(LetterBatchDocument.EndMarker + "\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_ReclaimedLettersInEarlierVolumes_AreFoundAndNotAddedAgain()
    {
        var writer = new LetterBatchWriter(_folder, volumeLetters: 2);
        await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x"), Letter("b@x"), Letter("c@x")], Before, CancellationToken.None);
        var before = await File.ReadAllTextAsync(writer.PathOf("2027-03-01.html"));

        // The dispatcher died after the volumes were written and before the rows were recorded sent: they come back reclaimed.
        var results = await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x", reclaimed: true), Letter("c@x", reclaimed: true), Letter("d@x")], Before, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        Assert.Equal([["a@x", "b@x"], ["c@x", "d@x"]], await IdsByVolumeAsync(writer, "2027-03-01.html"));
        Assert.Equal(before, await File.ReadAllTextAsync(writer.PathOf("2027-03-01.html")));
    }

    [Fact]
    public async Task AddAsync_LetterAnotherDispatcherWroteMeanwhile_IsFoundInTheLastVolumeAndNotAddedAgain()
    {
        var writer = new LetterBatchWriter(_folder, volumeLetters: 3);
        await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x"), Letter("b@x")], Before, CancellationToken.None);

        // b's first claim waited for the lock past its lease; a second dispatcher re-claimed b and wrote it. The first
        // one's letter is not marked re-claimed, but it is found in the last volume, which every write reads.
        var results = await writer.AddAsync("2027-03-01.html", Day, [Letter("b@x"), Letter("c@x")], Before, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        Assert.Equal([["a@x", "b@x", "c@x"]], await IdsByVolumeAsync(writer, "2027-03-01.html"));
    }

    [Fact]
    public async Task AddAsync_AfterAWriteKilledPartWay_NoHalfLetterIsVisibleAndEachLetterEndsUpOnce()
    {
        var writer = new LetterBatchWriter(_folder, volumeLetters: 2);
        await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x")], Before, CancellationToken.None);

        // A batch of three was being written when the process was killed: the top-up of volume 1 (a, b) had been renamed
        // into place; volume 2 (c, d) was cut off half-way through its hidden temporary file, never renamed.
        var whole = LetterBatchDocument.Document(Day, [LetterBatchDocument.Section(Letter("a@x")), LetterBatchDocument.Section(Letter("b@x"))]);
        await File.WriteAllTextAsync(writer.PathOf("2027-03-01.html"), whole);
        var cut = LetterBatchDocument.Document(Day, [LetterBatchDocument.Section(Letter("c@x")), LetterBatchDocument.Section(Letter("d@x"))], volume: 2);
        var torn = writer.PathOf($".2027-03-01_002.html.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(torn, cut[..(cut.Length / 2)]);

        // What the mailing house sees meanwhile: whole volumes only (the temporary file is hidden).
        Assert.Equal([["a@x", "b@x"]], await IdsByVolumeAsync(writer, "2027-03-01.html"));

        // The rows come back (their file was recorded before the write): b is found, c and d are written, the leftover goes.
        var results = await writer.AddAsync(
            "2027-03-01.html", Day, [Letter("b@x", reclaimed: true), Letter("c@x", reclaimed: true), Letter("d@x", reclaimed: true)], Before, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SendOutcome.Sent, r.Outcome));
        Assert.False(File.Exists(torn));
        Assert.Equal([["a@x", "b@x"], ["c@x", "d@x"]], await IdsByVolumeAsync(writer, "2027-03-01.html"));
        Assert.Equal(2, Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public async Task AddAsync_NextDay_StartsItsOwnFileAndAReclaimedLetterGoesBackToItsDay()
    {
        var writer = new LetterBatchWriter(_folder, volumeLetters: 2);
        await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x"), Letter("b@x")], Before, CancellationToken.None);

        await writer.AddAsync("2027-03-02.html", Day.PlusDays(1), [Letter("c@x")], Before, CancellationToken.None);
        await writer.AddAsync("2027-03-01.html", Day, [Letter("b@x", reclaimed: true), Letter("d@x", reclaimed: true)], Before, CancellationToken.None);

        Assert.Equal([["a@x", "b@x"], ["d@x"]], await IdsByVolumeAsync(writer, "2027-03-01.html"));
        Assert.Equal([["c@x"]], await IdsByVolumeAsync(writer, "2027-03-02.html"));
        Assert.Contains("<title>Letters for posting, 2027-03-02</title>", await File.ReadAllTextAsync(writer.PathOf("2027-03-02.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_LargePrint_EachLetterOnItsOwnPageMarkedLarge()
    {
        var writer = new LetterBatchWriter(_folder, volumeLetters: 2);

        await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x", largePrint: true), Letter("b@x"), Letter("c@x", largePrint: true)], Before, CancellationToken.None);

        foreach (var (_, path) in writer.VolumesOf("2027-03-01.html"))
        {
            // Each volume prints on its own: the page set-up and the large-print rule are in every one.
            var text = await File.ReadAllTextAsync(path);
            Assert.Contains("@page { size: A4; margin: 0; }", text, StringComparison.Ordinal);
            Assert.Contains("break-after: page; page-break-after: always;", text, StringComparison.Ordinal);
            Assert.Contains(".letter.large .address { font-size: 16pt; line-height: 1.2; }", text, StringComparison.Ordinal);
        }

        var first = await File.ReadAllTextAsync(writer.PathOf("2027-03-01.html"));
        var second = await File.ReadAllTextAsync(writer.PathOf("2027-03-01_002.html"));
        Assert.Equal(2, Occurrences(first, "<section class=\"letter"));
        Assert.Equal(1, Occurrences(first, "<section class=\"letter large\" lang=\"en\" data-message-id=\"a@x\">"));
        Assert.Equal(1, Occurrences(first, "<section class=\"letter\" lang=\"en\" data-message-id=\"b@x\">"));
        Assert.Equal(1, Occurrences(second, "<section class=\"letter large\" lang=\"en\" data-message-id=\"c@x\">"));
    }

    [Fact]
    public async Task AddAsync_FullFileOfAnEarlierVersion_IsKeptAsVolumeOneAndNotRewritten()
    {
        Directory.CreateDirectory(_folder);
        var writer = new LetterBatchWriter(_folder, volumeLetters: 2);
        var legacy = LetterBatchDocument.Document(Day, new[] { "a@x", "b@x", "c@x" }.Select(id => LetterBatchDocument.Section(Letter(id))));
        await File.WriteAllTextAsync(writer.PathOf("2027-03-01.html"), legacy);

        await writer.AddAsync("2027-03-01.html", Day, [Letter("c@x", reclaimed: true), Letter("d@x")], Before, CancellationToken.None);

        Assert.Equal(legacy, await File.ReadAllTextAsync(writer.PathOf("2027-03-01.html")));
        Assert.Equal([["a@x", "b@x", "c@x"], ["d@x"]], await IdsByVolumeAsync(writer, "2027-03-01.html"));
    }

    [Fact]
    public async Task AddAsync_ReclaimedLetterAndAnEarlierVolumeChangedByHand_LeavesEverythingAndRetries()
    {
        var writer = new LetterBatchWriter(_folder, volumeLetters: 1);
        await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x"), Letter("b@x")], Before, CancellationToken.None);
        var edited = (await File.ReadAllTextAsync(writer.PathOf("2027-03-01.html"))).Replace("<!-- letter end: a@x -->", string.Empty, StringComparison.Ordinal);
        await File.WriteAllTextAsync(writer.PathOf("2027-03-01.html"), edited);

        var results = await writer.AddAsync("2027-03-01.html", Day, [Letter("a@x", reclaimed: true)], Before, CancellationToken.None);

        Assert.Equal(SendOutcome.Transient, Assert.Single(results).Outcome);
        Assert.Contains("2027-03-01.html' was not written by the scheduler", results[0].Detail, StringComparison.Ordinal);
        Assert.Equal(edited, await File.ReadAllTextAsync(writer.PathOf("2027-03-01.html")));
        Assert.Equal(2, Directory.EnumerateFiles(_folder).Count());
    }

    [Theory]
    [InlineData("2027-03-01.html", 1)]
    [InlineData("2027-03-01_002.html", 2)]
    [InlineData("2027-03-01_1000.html", 1000)]
    [InlineData("2027-03-01_02.html", null)]
    [InlineData("2027-03-01_001.html", null)]
    [InlineData("2027-03-01_0002.html", null)]
    [InlineData("2027-03-01_00x.html", null)]
    [InlineData("2027-03-02.html", null)]
    [InlineData("2027-03-01_002.html.tmp", null)]
    [InlineData(".2027-03-01_002.html.0a.tmp", null)]
    public void VolumeNumber_Names_OnlyTheBatchsOwnVolumes(string candidate, int? expected)
    {
        Assert.Equal(expected, LetterBatchDocument.VolumeNumber("2027-03-01.html", candidate));
        if (expected is { } number)
        {
            Assert.Equal(candidate, LetterBatchDocument.VolumeName("2027-03-01.html", number));
        }
    }

    private static async Task<string[][]> IdsByVolumeAsync(LetterBatchWriter writer, string fileName)
    {
        var volumes = new List<string[]>();
        foreach (var (_, path) in writer.VolumesOf(fileName))
        {
            var letters = LetterBatchDocument.ReadLetters(await File.ReadAllTextAsync(path));
            Assert.NotNull(letters);
            volumes.Add([.. letters.Select(l => l.MessageId)]);
        }

        return [.. volumes];
    }

    private static int Occurrences(string text, string value) => text.Split(value).Length - 1;
}
