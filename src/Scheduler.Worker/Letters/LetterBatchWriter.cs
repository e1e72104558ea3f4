using System.Text;
using NodaTime;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Letters;

/// <summary>
/// Adds letters to a day's batch in <c>Mail:LetterBatchDirectory</c> (see <see cref="LetterBatchDocument"/>), in time and
/// memory that grow with the letters added, not with the day: the day's letters go in numbered volumes of at most
/// <see cref="VolumeLetters"/> letters. A write tops up the day's last volume while it has room (that volume rewritten
/// whole: its letters verbatim and in order, then the new ones) and starts new volumes for the rest. Every volume is
/// written under a hidden temporary name, flushed to disk, then renamed into place, so a reader (or a crash) only ever
/// sees a volume as it was or as it is now, never half of one; the hidden leftovers of a crash are removed by the next
/// write of that day.
/// </summary>
/// <remarks>
/// Every letter is looked for in the day's last volume (read anyway, to top it up); in the day's other volumes (read a
/// line at a time, never whole) only when it is <see cref="PrintedLetter.Reclaimed"/>: an earlier claim may have written
/// it and died before the row was recorded sent. One found counts as written and is not added again. A letter no
/// earlier claim chose a file for cannot be in one.
/// The caller must hold the batch's lock (<c>OutboxStore.LockLetterBatchAsync</c>) so two writers never write a day's
/// volumes at once.
/// </remarks>
public sealed class LetterBatchWriter
{
    /// <summary>
    /// The words every reason for a letter put back because the folder cannot be written carries (the failed write's and
    /// the untried letters' while the dispatcher's pause runs): readiness counts, and a dispatch run by hand makes due,
    /// the letters waiting for the folder by them.
    /// </summary>
    public const string FolderMarker = "(Mail:LetterBatchDirectory)";

    /// <summary>The most letters in one volume when none is given: about 0.6–5 MB of HTML, the most a write rereads.</summary>
    public const int DefaultVolumeLetters = 1_000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Makes a writer for <paramref name="directory"/>; the folder is created when first needed.</summary>
    /// <param name="directory">The folder the day files go to.</param>
    /// <param name="volumeLetters">The most letters in one volume (at least 1).</param>
    public LetterBatchWriter(string directory, int volumeLetters = DefaultVolumeLetters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(volumeLetters, 1);
        Directory = directory;
        VolumeLetters = volumeLetters;
    }

    /// <summary>The folder the day files go to.</summary>
    public string Directory { get; }

    /// <summary>The most letters in one volume.</summary>
    public int VolumeLetters { get; }

    /// <summary>The path of <paramref name="fileName"/> (e.g. <c>2027-03-01.html</c>) in the folder.</summary>
    public string PathOf(string fileName) => Path.Join(Directory, fileName);

    /// <summary>The volumes of the batch <paramref name="fileName"/> on disk, in order: (number, path), the first being <paramref name="fileName"/> itself.</summary>
    public IReadOnlyList<(int Number, string Path)> VolumesOf(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateFiles(Directory, Path.GetFileNameWithoutExtension(fileName) + "*")
            .Select(path => (Number: LetterBatchDocument.VolumeNumber(fileName, Path.GetFileName(path)), Path: path))
            .Where(v => v.Number is not null)
            .Select(v => (v.Number!.Value, v.Path))
            .OrderBy(v => v.Item1)];
    }

    /// <summary>
    /// Makes sure each of <paramref name="letters"/> is in the batch <paramref name="fileName"/> of <paramref name="day"/>,
    /// and returns one result per letter: <see cref="SendOutcome.Sent"/> once the volume holding it is on disk (or it was
    /// there already); <see cref="SendOutcome.Unreachable"/> with the reason (naming the folder) when the folder cannot be
    /// written — an outage, as a mail server down: the letters are not at fault, so no attempt is counted — and
    /// <see cref="SendOutcome.Transient"/> when a volume there was not written by the scheduler (it is then left as it
    /// is: a file changed by hand, counted as an attempt); <see cref="SendOutcome.NotAttempted"/> when
    /// cancelled first. A crash part-way may leave some of the letters in the batch and not others; all of them are
    /// re-claimed as <see cref="PrintedLetter.Reclaimed"/>, so those found are not added twice.
    /// Nothing is ever added to a batch whose day has begun (<paramref name="day"/> on or before <paramref name="today"/>,
    /// the caller's London date read under the batch's lock): the mailing house collects a day's batch from 00:00 that
    /// day. Its letters come back <see cref="SendOutcome.NotAttempted"/> (no attempt counted) and are composed again, for
    /// a later batch (a letter composed just before midnight and written just after).
    /// </summary>
    public async Task<IReadOnlyList<SendResult>> AddAsync(
        string fileName, LocalDate day, IReadOnlyList<PrintedLetter> letters, LocalDate today, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(letters);
        if (cancellationToken.IsCancellationRequested)
        {
            return [.. letters.Select(l => new SendResult(l.MessageId, SendOutcome.NotAttempted, null, "The batch was cancelled before this letter was written."))];
        }

        if (day <= today)
        {
            return [.. letters.Select(l => new SendResult(l.MessageId, SendOutcome.NotAttempted, null, Begun(fileName, day)))];
        }

        string? temporary = null;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            RemoveLeftovers(fileName);
            var volumes = VolumesOf(fileName);

            // The last volume is read whole (it holds at most VolumeLetters letters): it is the one topped up, and every letter
            // of the batch is looked for in it, which also covers a letter re-claimed by another dispatcher and written there
            // while this one waited for the lock.
            IReadOnlyList<(string MessageId, string Section)> last = [];
            if (volumes.Count > 0)
            {
                var text = await File.ReadAllTextAsync(volumes[^1].Path, Utf8, cancellationToken).ConfigureAwait(false);
                if (LetterBatchDocument.ReadLetters(text) is not { } read)
                {
                    return Foreign(letters, volumes[^1].Path);
                }

                last = read;
            }

            var present = last.Select(e => e.MessageId).ToHashSet(StringComparer.Ordinal);

            // Letters an earlier claim may have written are looked for in the day's other volumes too; the rest cannot be there.
            var reclaimed = letters.Where(l => l.Reclaimed).Select(l => LetterBatchDocument.MarkerId(l.MessageId)).Where(id => !present.Contains(id)).ToHashSet(StringComparer.Ordinal);
            if (reclaimed.Count > 0)
            {
                foreach (var (_, path) in volumes.SkipLast(1))
                {
                    if (await FindAsync(path, reclaimed, cancellationToken).ConfigureAwait(false) is not { } found)
                    {
                        return Foreign(letters, path);
                    }

                    present.UnionWith(found);
                }
            }

            var added = new List<string>();
            foreach (var letter in letters)
            {
                if (present.Add(LetterBatchDocument.MarkerId(letter.MessageId)))
                {
                    added.Add(LetterBatchDocument.Section(letter));
                }
            }

            var written = fileName;
            var next = 1;
            if (volumes.Count > 0)
            {
                // Top up the last volume while it has room, then go on in new volumes.
                var (number, path) = volumes[^1];
                var room = Math.Min(added.Count, Math.Max(0, VolumeLetters - last.Count));
                if (room > 0)
                {
                    written = Path.GetFileName(path);
                    temporary = TemporaryFor(written);
                    await WriteVolumeAsync(temporary, path, day, number, last.Select(e => e.Section).Concat(added.Take(room)), replace: true, cancellationToken).ConfigureAwait(false);
                    temporary = null;
                }

                added.RemoveRange(0, room);
                next = number + 1;
            }

            for (var start = 0; start < added.Count; start += VolumeLetters, next++)
            {
                written = LetterBatchDocument.VolumeName(fileName, next);
                temporary = TemporaryFor(written);
                await WriteVolumeAsync(temporary, PathOf(written), day, next, added.Skip(start).Take(VolumeLetters), replace: false, cancellationToken).ConfigureAwait(false);
                temporary = null;
            }

            return [.. letters.Select(l => new SendResult(l.MessageId, SendOutcome.Sent, null, $"in the letter batch {fileName} (volume {written})"))];
        }
        catch (OperationCanceledException)
        {
            TryDelete(temporary);
            return [.. letters.Select(l => new SendResult(l.MessageId, SendOutcome.NotAttempted, null, "Cancelled while writing the letter batch; its volumes on disk are whole."))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            TryDelete(temporary);
            // The folder's fault, not the letters': an outage (no attempt counted; the dispatcher pauses its letters).
            var reason = $"Cannot write letters to the letter batch folder '{Directory}' {FolderMarker}: {e.Message}";
            return [.. letters.Select(l => new SendResult(l.MessageId, SendOutcome.Unreachable, null, reason))];
        }
    }

    /// <summary>
    /// Looks for <paramref name="letters"/> in every volume of the batch <paramref name="fileName"/> of <paramref name="day"/>
    /// (read a line at a time, never whole), for letters whose earlier claim chose that batch and died before recording
    /// them while its day has begun since (<see cref="PrintedLetter.EarlierBatch"/>): the batch is not written again.
    /// Returns the found letters' results (<see cref="SendOutcome.Sent"/>: posted with that batch) and the Message-Ids of
    /// the others, which were never in it; or, for every letter, <see cref="SendOutcome.Unreachable"/> when the folder
    /// cannot be read (as for a write) or <see cref="SendOutcome.Transient"/> when a volume was not written by the scheduler.
    /// The caller must hold the batch's lock.
    /// </summary>
    public async Task<(IReadOnlyList<SendResult> Results, IReadOnlySet<string> Missing)> FindAsync(
        string fileName, LocalDate day, IReadOnlyList<PrintedLetter> letters, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(letters);
        var wanted = letters.Select(l => LetterBatchDocument.MarkerId(l.MessageId)).ToHashSet(StringComparer.Ordinal);
        var present = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var (_, path) in VolumesOf(fileName))
            {
                if (await FindAsync(path, wanted, cancellationToken).ConfigureAwait(false) is not { } found)
                {
                    return (Foreign(letters, path), new HashSet<string>(StringComparer.Ordinal));
                }

                present.UnionWith(found);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            var reason = $"Cannot read the letter batch folder '{Directory}' {FolderMarker}: {e.Message}";
            return ([.. letters.Select(l => new SendResult(l.MessageId, SendOutcome.Unreachable, null, reason))], new HashSet<string>(StringComparer.Ordinal));
        }

        var posted = $"in the letter batch {fileName}, posted on {day.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";
        return (
            [.. letters.Where(l => present.Contains(LetterBatchDocument.MarkerId(l.MessageId))).Select(l => new SendResult(l.MessageId, SendOutcome.Sent, null, posted))],
            letters.Select(l => l.MessageId).Where(id => !present.Contains(LetterBatchDocument.MarkerId(id))).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Why nothing is added to a batch whose day has begun.</summary>
    private static string Begun(string fileName, LocalDate day) =>
        $"The letter batch {fileName} is posted on {day.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}, which has begun: "
        + "it may have been collected, so nothing more is added to it; the letter is composed again for a later batch.";

    /// <summary>Writes one volume under <paramref name="temporary"/>, flushes it to disk and renames it to <paramref name="path"/> (over the old one only when <paramref name="replace"/>).</summary>
    private static async Task WriteVolumeAsync(
        string temporary, string path, LocalDate day, int number, IEnumerable<string> sections, bool replace, CancellationToken cancellationToken)
    {
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
        {
            await using (var text = new StreamWriter(file, Utf8, 64 * 1024, leaveOpen: true))
            {
                await text.WriteAsync(LetterBatchDocument.Header(day, number).AsMemory(), cancellationToken).ConfigureAwait(false);
                foreach (var section in sections)
                {
                    await text.WriteAsync(section.AsMemory(), cancellationToken).ConfigureAwait(false);
                    await text.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
                }

                await text.WriteAsync(LetterBatchDocument.Footer.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }

        // A new volume never replaces a file: if one of that name appeared, this throws and the letters are retried.
        File.Move(temporary, path, overwrite: replace);
    }

    private static async Task<HashSet<string>?> FindAsync(string path, IReadOnlySet<string> wanted, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Utf8, detectEncodingFromByteOrderMarks: false, new FileStreamOptions { BufferSize = 64 * 1024, Options = FileOptions.SequentialScan });
        return await LetterBatchDocument.FindLettersAsync(reader, wanted, cancellationToken).ConfigureAwait(false);
    }

    private string TemporaryFor(string volume) => Path.Join(Directory, $".{volume}.{Guid.NewGuid():N}.tmp");

    /// <summary>Hidden temporary files of this batch left by a write that died (the caller holds the batch's lock: no write of it is running).</summary>
    private void RemoveLeftovers(string fileName)
    {
        foreach (var leftover in System.IO.Directory.EnumerateFiles(Directory, $".{Path.GetFileNameWithoutExtension(fileName)}*.tmp"))
        {
            TryDelete(leftover);
        }
    }

    private static SendResult[] Foreign(IReadOnlyList<PrintedLetter> letters, string path) =>
        [.. letters.Select(l => new SendResult(
            l.MessageId,
            SendOutcome.Transient,
            null,
            $"The letter batch file '{path}' was not written by the scheduler or was changed by hand, so it is left as it is: move it away and the letters will be written again."))];

    private static void TryDelete(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind under a hidden .tmp name, which the mailing house does not collect; the next write removes it.
        }
    }
}
