using System.Text;
using NodaTime;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Letters;

/// <summary>
/// Adds letters to a day's batch file in <c>Mail:LetterBatchDirectory</c> (see <see cref="LetterBatchDocument"/>).
/// The whole file is rewritten each time: the letters already in it, verbatim and in order, then the new ones whose
/// Message-Id it does not hold yet; written under a hidden temporary name, flushed to disk, then renamed over the old
/// file, so a reader (or a crash) only ever sees the old file or the new one, never half of one. A letter already in
/// the file counts as written and is not added again, which is what makes a re-send after a crash safe. The caller
/// must hold the file's lock (<c>OutboxStore.LockLetterBatchAsync</c>) so two writers never rewrite it at once.
/// </summary>
public sealed class LetterBatchWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Makes a writer for <paramref name="directory"/>; the folder is created when first needed.</summary>
    public LetterBatchWriter(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
    }

    /// <summary>The folder the day files go to.</summary>
    public string Directory { get; }

    /// <summary>The path of <paramref name="fileName"/> (e.g. <c>2027-03-01.html</c>) in the folder.</summary>
    public string PathOf(string fileName) => Path.Join(Directory, fileName);

    /// <summary>
    /// Makes sure each of <paramref name="letters"/> is in the batch file <paramref name="fileName"/> of
    /// <paramref name="day"/>, and returns one result per letter: <see cref="SendOutcome.Sent"/> once the file holding
    /// it is on disk (or it was there already); <see cref="SendOutcome.Transient"/> with the reason when the folder
    /// cannot be written or the file there was not written by the scheduler (it is then left as it is);
    /// <see cref="SendOutcome.NotAttempted"/> when cancelled first.
    /// </summary>
    public async Task<IReadOnlyList<SendResult>> AddAsync(string fileName, LocalDate day, IReadOnlyList<PrintedLetter> letters, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(letters);
        if (cancellationToken.IsCancellationRequested)
        {
            return [.. letters.Select(l => new SendResult(l.MessageId, SendOutcome.NotAttempted, null, "The batch was cancelled before this letter was written."))];
        }

        var path = PathOf(fileName);
        var temporary = Path.Join(Directory, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            IReadOnlyList<(string MessageId, string Section)> existing = [];
            if (File.Exists(path))
            {
                var text = await File.ReadAllTextAsync(path, Utf8, cancellationToken).ConfigureAwait(false);
                if (LetterBatchDocument.ReadLetters(text) is not { } read)
                {
                    return Fail(letters, $"The letter batch file '{path}' was not written by the scheduler or was changed by hand, so it is left as it is: move it away and the letters will be written again.");
                }

                existing = read;
            }

            var present = existing.Select(e => e.MessageId).ToHashSet(StringComparer.Ordinal);
            var added = new List<string>();
            foreach (var letter in letters)
            {
                if (present.Add(LetterBatchDocument.MarkerId(letter.MessageId)))
                {
                    added.Add(LetterBatchDocument.Section(letter));
                }
            }

            if (added.Count > 0)
            {
                var document = LetterBatchDocument.Document(day, existing.Select(e => e.Section).Concat(added));
                await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
                {
                    await file.WriteAsync(Utf8.GetBytes(document), cancellationToken).ConfigureAwait(false);
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, path, overwrite: true);
            }

            return [.. letters.Select(l => new SendResult(l.MessageId, SendOutcome.Sent, null, $"in the letter batch {fileName}"))];
        }
        catch (OperationCanceledException)
        {
            TryDelete(temporary);
            return [.. letters.Select(l => new SendResult(l.MessageId, SendOutcome.NotAttempted, null, "Cancelled while writing the letter batch; the file was not changed."))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            TryDelete(temporary);
            return Fail(letters, $"Cannot write the letter batch file '{path}' (Mail:LetterBatchDirectory): {e.Message} Check the path and that the worker may write there.");
        }
    }

    private static SendResult[] Fail(IReadOnlyList<PrintedLetter> letters, string reason) =>
        [.. letters.Select(l => new SendResult(l.MessageId, SendOutcome.Transient, null, reason))];

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind under a hidden .tmp name, which the mailing house does not collect.
        }
    }
}
