using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>
/// "Sends" by writing each message as an <c>.eml</c> file (RFC 5322, CRLF line ends, loadable with
/// <see cref="MimeMessage.Load(string, CancellationToken)"/>) into a folder (<c>Mail:PickupDirectory</c>), used when no
/// SMTP server is configured. Each file is written under a hidden temporary name (<c>.{guid}.tmp</c>, opened with
/// <see cref="FileMode.CreateNew"/>), flushed to disk, then renamed to <c>{message-id}.{guid}.eml</c>, so a reader
/// watching for <c>*.eml</c> never sees half a file. A folder that cannot be written — from the start, or from part-way
/// through a batch (a write fails: the folder gone or replaced, the disk full) — makes that message and the rest of the
/// batch <see cref="SendOutcome.Unreachable"/> with a message that names the folder: the outage is the folder's, not the
/// messages', so no attempt is counted and the dispatcher pauses as for a mail server down (before session 28 each was
/// <see cref="SendOutcome.Transient"/>, an attempt counted, and a folder unwritable for about two hours made the whole
/// outbox dead). The messages written before stay written (each recorded sent as it is renamed into place).
/// </summary>
public sealed class PickupDirectoryTransport : IMailTransport
{
    private static readonly FormatOptions Format = CreateFormat();

    /// <summary>Makes a transport for <paramref name="directory"/>; the folder is created when first needed.</summary>
    public PickupDirectoryTransport(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
    }

    /// <summary>The folder the files go to.</summary>
    public string Directory { get; }

    /// <summary>
    /// Creates the folder if needed and checks a file can be written there; throws <see cref="MailTransportException"/>
    /// naming the folder and the reason when not. Call at start-up or from <c>validate</c>.
    /// </summary>
    public void EnsureWritable()
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var probe = Path.Join(Directory, $".write-check.{Guid.NewGuid():N}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new MailTransportException(NotWritable(e), e);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
        SendBatchAsync(messages, static _ => Task.CompletedTask, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, Func<SendResult, Task> onSent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(onSent);
        var results = new List<SendResult>(messages.Count);
        string? folderProblem = null;
        foreach (var message in messages)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                results.Add(new SendResult(message.MessageId, SendOutcome.NotAttempted, null, "The batch was cancelled before this message was tried."));
                continue;
            }

            if (folderProblem is null)
            {
                try
                {
                    EnsureWritable();
                }
                catch (MailTransportException e)
                {
                    folderProblem = e.Message;
                }
            }

            if (folderProblem is not null)
            {
                results.Add(new SendResult(message.MessageId, SendOutcome.Unreachable, null, folderProblem));
                continue;
            }

            var result = await WriteAsync(message, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            if (result.Outcome == SendOutcome.Unreachable)
            {
                // The folder failed part-way: the rest of the batch is not tried.
                folderProblem = result.Detail;
            }

            if (result.Outcome == SendOutcome.Sent)
            {
                await onSent(result).ConfigureAwait(false);
            }
        }

        return results;
    }

    private async Task<SendResult> WriteAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var unique = Guid.NewGuid().ToString("N");
        var temporary = Path.Join(Directory, $".{unique}.tmp");
        var final = Path.Join(Directory, $"{SafeName(message.MessageId)}.{unique}.eml");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                // A message written directly is written as those bytes; any other as MimeKit writes it.
                var mime = message.Serialized is { Written: not null } written ? written.Wire : message.Message;
                await mime.WriteToAsync(Format, file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, final, overwrite: false);
            return new SendResult(message.MessageId, SendOutcome.Sent, null, $"written to {Path.GetFileName(final)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            TryDelete(temporary);
            return e is OperationCanceledException
                ? new SendResult(message.MessageId, SendOutcome.NotAttempted, null, "Cancelled while writing; nothing was left in the folder.")
                : new SendResult(message.MessageId, SendOutcome.Unreachable, null, NotWritable(e));
        }
    }

    private string NotWritable(Exception e) =>
        $"Cannot write email files to the pickup folder '{Directory}' (Mail:PickupDirectory): {e.Message} Check the path and that the worker may write there.";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind under a hidden .tmp name, which no reader of *.eml picks up.
        }
    }

    /// <summary>The Message-Id as a file name: letters, digits, '-' and '.' kept, anything else '_'.</summary>
    private static string SafeName(string messageId)
    {
        var name = new string(messageId.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.' ? ch : '_').ToArray());
        return name.Length > 100 ? name[..100] : name;
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
