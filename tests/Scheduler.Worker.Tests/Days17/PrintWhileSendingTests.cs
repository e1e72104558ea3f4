using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Days17;

/// <summary>
/// A batch's post letters are put in the day's batch file while its mail is sent (branch <c>days17</c>), not after the
/// last message: a real database, the real dispatcher, a real SMTP server in process behind a transport that waits (up to
/// 10 s) for the batch file to appear before it sends anything. Clock: Monday 1 March 2027, 09:00 UTC, so the file is
/// <c>2027-03-02.html</c> (the day Monday's letters are posted). Test estate: T1 at H1 by email, T2 at H4 by post.
/// </summary>
public sealed class PrintWhileSendingTests : OutboxTestBase, IDisposable
{
    internal static readonly TenantLetterPayload GasFirst =
        new(TenantLetterKinds.AppointmentFirst, "H1", "WO-2027-000042", "gas-safety", new LocalDate(2027, 3, 9), "AM");

    private readonly string _batchFolder = Path.Join(Path.GetTempPath(), "letter-batch-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_batchFolder))
        {
            Directory.Delete(_batchFolder, recursive: true);
        }
    }

    [Fact]
    public async Task DispatchDue_MailAndPostInOneBatch_TheLetterIsPrintedWhileTheMailIsSent_EachGoesOnce()
    {
        var email = await EnqueueAsync(Database, "T1", GasFirst, 1, Instant.FromUtc(2027, 3, 1, 8, 0));
        var post = await EnqueueAsync(Database, "T2", GasFirst with { HomeId = "H4" }, 2, Instant.FromUtc(2027, 3, 1, 8, 0));
        await using var server = TestSmtpServer.Start();
        var mail = Smtp(server.Port) with { LetterBatchDirectory = _batchFolder };
        var transport = new WaitForFileTransport(mail.CreateTransport(), Path.Join(_batchFolder, "2027-03-02.html"));

        var summary = await Dispatcher(Config(), mail, transport).DispatchDueAsync(50);

        Assert.True(transport.FileWasThere, "the letter batch file was not written while the mail waited to be sent");
        Assert.Equal((2, 0, 0), (summary.Sent, summary.Retried, summary.Dead));
        Assert.Equal([MessageIds.FromKey(email)], server.Messages.Select(m => m.MessageId));
        Assert.Equal(
            [$"{email}|sent|email", $"{post}|sent|post:2027-03-02.html"],
            await OutboxRowsAsync("idempotency_key, status, delivered_via", "kind = 'tenant-letter'"));
        var file = await File.ReadAllTextAsync(Path.Join(_batchFolder, "2027-03-02.html"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(file, System.Text.RegularExpressions.Regex.Escape($"<!-- letter begin: {MessageIds.FromKey(post)} -->")));
    }

    /// <summary>The test estate's per-order configuration with the gas-safety service alone.</summary>
    internal static EstateConfiguration Config() => PerOrderConfig() with
    {
        Services = [new ServiceDefinition("gas-safety", "Annual gas safety check", ["Every gas appliance, flue and pipework checked"], false)],
    };

    /// <summary>
    /// Writes a tenant-letter row to <paramref name="tenant"/>, written and due at <paramref name="at"/>, as the code that
    /// causes one would, and returns its idempotency key (<c>letter/TENANT/LETTER/NUMBER</c>).
    /// </summary>
    internal static async Task<string> EnqueueAsync(EstateTestDatabase database, string tenant, TenantLetterPayload payload, int number, Instant at)
    {
        var key = $"letter/{tenant}/{payload.Letter}/{number}";
        var when = NodaTime.Text.InstantPattern.ExtendedIso.Format(at);
        await database.DataSource.ExecuteAsync($"""
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                         sequence, status, attempts, next_attempt_at, created_at)
            VALUES ('tenant-letter', '{key}', '{MessageIds.FromKey(key)}', 'tenant', '{tenant}', ARRAY[]::bigint[], '{payload.ToJson().Replace("'", "''", StringComparison.Ordinal)}'::jsonb,
                    0, 'pending', 0, '{when}', '{when}')
            """);
        return key;
    }

    /// <summary>The real transport, sending only once <paramref name="file"/> exists (or 10 s have passed).</summary>
    private sealed class WaitForFileTransport(IMailTransport inner, string file) : IMailTransport
    {
        public bool FileWasThere { get; private set; }

        public Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
            SendBatchAsync(messages, _ => Task.CompletedTask, cancellationToken);

        public async Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages, Func<SendResult, Task> onSent, CancellationToken cancellationToken)
        {
            for (var waited = 0; waited < 200 && !File.Exists(file); waited++)
            {
                await Task.Delay(50, cancellationToken);
            }

            FileWasThere = File.Exists(file);
            return await inner.SendBatchAsync(messages, onSent, cancellationToken);
        }

        public IAsyncDisposable KeepOpen() => inner.KeepOpen();
    }
}
