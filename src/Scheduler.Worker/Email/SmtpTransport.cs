using System.Net.Security;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>
/// Sends a batch over one reused MailKit connection. The TCP socket is opened here with <c>NoDelay</c> (TCP_NODELAY)
/// and handed to MailKit: with Nagle's algorithm on, every message waits for a delayed ACK and a loopback server
/// takes 11 messages a second instead of thousands (TECH-NOTES §10). Each message gets a result: a 5xx reply is
/// <see cref="SendOutcome.Permanent"/>, a 4xx reply <see cref="SendOutcome.Transient"/>, and the batch goes on
/// (the connection stays usable after a refused command); a 421 (the server closing the channel, at the greeting or
/// mid-session) makes that message and the rest <see cref="SendOutcome.Unreachable"/>, except a 421 at <c>MAIL FROM</c>
/// on a connection that has already carried mail (an idle timeout, or a limit of messages a connection), after which the
/// message is tried once on a new connection. When the server drops the
/// connection the transport reconnects and sends that message once more, then carries on; if it cannot reconnect,
/// that message and the rest are Unreachable. The connection is recycled after <see cref="SmtpSettings.MessagesPerConnection"/> messages and
/// closed politely (QUIT) at the end of the batch, or, inside a <see cref="KeepOpen"/> scope, kept for the next batch
/// (saving a connect, greeting and EHLO per batch) and closed when the scope ends. One batch at a time per instance is
/// not required: a batch takes the kept connection if there is one, else opens its own.
/// A message made ready with <see cref="OutgoingMessage.Serialize"/> is sent as the bytes written then. With the
/// <c>onSent</c> callback, each message's record runs while the next message's envelope is sent, and that message's
/// end of data waits for it (<see cref="EndOfDataGate"/>).
/// </summary>
public sealed partial class SmtpTransport : IMailTransport
{
    private readonly SmtpSettings _settings;
    private readonly RemoteCertificateValidationCallback? _certificateValidation;
    private Connection? _kept;
    private int _keepOpenScopes;

    /// <summary>
    /// Makes a transport. <paramref name="certificateValidation"/> replaces the system's check of the server's TLS
    /// certificate; leave it null in production (tests pass one to trust their own self-signed certificate).
    /// </summary>
    public SmtpTransport(SmtpSettings settings, RemoteCertificateValidationCallback? certificateValidation = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MessagesPerConnection, 1);
        if (settings.Security == SmtpSecurity.Invalid)
        {
            throw new ArgumentException("Smtp security must be None, StartTls or SslOnConnect.", nameof(settings));
        }

        _settings = settings;
        _certificateValidation = certificateValidation;
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
        if (messages.Count == 0)
        {
            return results;
        }

        var connection = Interlocked.Exchange(ref _kept, null) ?? NewConnection();
        var gate = new EndOfDataGate();
        var finished = false; // every message tried and the last record committed: the connection is between messages
        try
        {
            foreach (var message in messages)
            {
                if (cancellationToken.IsCancellationRequested || connection.Unreachable is not null)
                {
                    results.Add(connection.Unreachable is { } failure && !cancellationToken.IsCancellationRequested
                        ? new SendResult(message.MessageId, SendOutcome.Unreachable, connection.UnreachableCode, failure)
                        : new SendResult(message.MessageId, SendOutcome.NotAttempted, null, "The batch was cancelled before this message was tried."));
                    continue;
                }

                SendResult result;
                try
                {
                    result = await connection.SendAsync(message, gate, cancellationToken).ConfigureAwait(false);
                }
                catch (EndOfDataGate.RecordFailedException)
                {
                    // The previous message's record failed while this one waited for its end of data (never sent):
                    // surface the record's own exception below.
                    result = new SendResult(message.MessageId, SendOutcome.NotAttempted, null, "Not sent: the previous message could not be recorded.");
                }

                // The previous message's record has finished by now (this message's end of data waited for it, unless
                // it never got that far): a failed record stops the batch here, with its exception.
                await gate.Pending.ConfigureAwait(false);
                results.Add(result);
                if (result.Outcome == SendOutcome.Sent)
                {
                    // Recorded while the next message's envelope goes out; its end of data waits for the record, so a
                    // crash from here on re-sends at most this one message.
                    gate.Pending = onSent(result);
                }
            }

            await gate.Pending.ConfigureAwait(false);
            finished = true;
        }
        finally
        {
            try
            {
                await gate.Pending.ConfigureAwait(false);
            }
            finally
            {
                // Kept only after a batch that ended normally: one stopped by a failed record stopped a message's data
                // part-way (MailKit drops such a connection itself; this does not rely on it), and the next batch must
                // not inherit that.
                if (finished && Volatile.Read(ref _keepOpenScopes) > 0 && connection.Unreachable is null && !cancellationToken.IsCancellationRequested
                    && connection.IsConnected)
                {
                    // Kept for the next batch of this scope; one kept at a time (another batch's goes).
                    if (Interlocked.Exchange(ref _kept, connection) is { } other)
                    {
                        await other.EndAsync().ConfigureAwait(false);
                    }
                }
                else
                {
                    await connection.EndAsync().ConfigureAwait(false);
                }
            }
        }

        return results;
    }

    /// <inheritdoc />
    public IAsyncDisposable KeepOpen()
    {
        Interlocked.Increment(ref _keepOpenScopes);
        return new KeepOpenScope(this);
    }

    private Connection NewConnection()
    {
        var client = new SmtpClient { Timeout = (int)_settings.Timeout.TotalMilliseconds };
        if (_certificateValidation is not null)
        {
            client.ServerCertificateValidationCallback = _certificateValidation;
        }

        return new Connection(client, this);
    }

    /// <summary>Ends a <see cref="KeepOpen"/> scope: when it was the last, the kept connection says QUIT.</summary>
    private sealed class KeepOpenScope(SmtpTransport transport) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            if (Interlocked.Decrement(ref transport._keepOpenScopes) == 0 && Interlocked.Exchange(ref transport._kept, null) is { } kept)
            {
                await kept.EndAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Opens a TCP connection with <c>NoDelay</c> set, to hand to MailKit.</summary>
    internal static async Task<Socket> OpenSocketAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions OptionsFor(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Smtp security must be None, StartTls or SslOnConnect."),
    };

    /// <summary>The reply code of a server that is not available and closes the channel (RFC 5321 §3.8).</summary>
    private const int ServiceNotAvailable = 421;

    /// <summary>Where in a message's transaction a command was refused, in an operator's words.</summary>
    private static string Stage(SmtpErrorCode error) => error switch
    {
        SmtpErrorCode.SenderNotAccepted => "at MAIL FROM",
        SmtpErrorCode.RecipientNotAccepted => "at RCPT TO",
        SmtpErrorCode.MessageNotAccepted => "after the message's data",
        _ => "mid-session",
    };

    /// <summary>
    /// A server's reply with every email address in it replaced by <c>[address]</c>: a refusal at <c>RCPT TO</c> (550, 450,
    /// 421) may echo the recipient's (a tenant's) address, as Postfix's <c>550 5.1.1 &lt;…&gt;: Recipient address rejected</c>
    /// does, and the reply goes into the message's <c>last_error</c> (shown by <c>outbox list</c> and <c>show</c>), the
    /// outage's reason, the log (event 4025) and the readiness report, which carry ids, never addresses (docs/operations.md, Logs).
    /// </summary>
    internal static string WithoutAddresses(string reply) => AddressPattern().Replace(reply, "[address]");

    /// <summary>
    /// <paramref name="text"/> (a server's reply or a connection's error) with the SMTP login <paramref name="user"/>
    /// replaced by <c>[login]</c> wherever it appears as a word (a server may echo it when it refuses the login) and every email
    /// address by <c>[address]</c> (<see cref="WithoutAddresses"/>): an outage's reason names <c>Smtp:User</c>, never its value.
    /// </summary>
    internal static string Withheld(string text, string? user)
    {
        if (!string.IsNullOrEmpty(user))
        {
            // As a whole word (a login "mail" leaves "mailbox" alone); a login that is an address goes below in any case.
            text = Regex.Replace(text, $"(?<![\\w.+-]){Regex.Escape(user)}(?![\\w+@-]|\\.\\w)", "[login]",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        return WithoutAddresses(text);
    }

    // Anything with an @ between non-space characters, with its angle brackets: a mailbox however the server quotes it.
    [GeneratedRegex("<?[^\\s<>@\"']+@[^\\s<>@\"']+>?", RegexOptions.CultureInvariant)]
    private static partial Regex AddressPattern();

    /// <summary>True for errors after which the connection cannot be used: reconnect before the next message.</summary>
    private static bool BreaksConnection(Exception e) =>
        e is SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException
            or OperationCanceledException;

    /// <summary>One batch's connection: opens it when needed, counts what it sent, closes it.</summary>
    private sealed class Connection(SmtpClient client, SmtpTransport transport)
    {
        private int _sentOnConnection;

        /// <summary>The message object this connection sends messages written directly in, made at its first such message.</summary>
        private ReusableWire? _wire;

        /// <summary>Why the server cannot be reached, closed the channel (421) or refuses the login; null while it can.</summary>
        public string? Unreachable { get; private set; }

        /// <summary>The server's reply code when it turned the connection away or closed it with one (421, at the greeting or mid-session); else null.</summary>
        public int? UnreachableCode { get; private set; }

        /// <summary>Whether the client still holds an open connection.</summary>
        public bool IsConnected => client.IsConnected;

        public async Task<SendResult> SendAsync(OutgoingMessage message, EndOfDataGate gate, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                if (!await EnsureOpenAsync(cancellationToken).ConfigureAwait(false))
                {
                    return new SendResult(message.MessageId, SendOutcome.Unreachable, UnreachableCode, Unreachable!);
                }

                try
                {
                    string reply;
                    if (message.Serialized is { Written: { } written } direct)
                    {
                        // Written directly while composing: sent in this connection's one message object, whose body
                        // waits for the record itself, after its last byte and without blocking a thread.
                        var wire = _wire ??= new ReusableWire();
                        try
                        {
                            reply = await client.SendAsync(FormatOptions.Default, wire.Load(written, gate), direct.EnvelopeSender, direct.EnvelopeRecipients, cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            wire.Unload();
                        }
                    }
                    else if (message.Serialized is { Wire.Body: SerializedBody body } serialized)
                    {
                        // Written while composing: the body waits for the record itself, after its last byte and
                        // without blocking a thread (no progress callback, which MailKit calls synchronously).
                        body.Gate = gate;
                        try
                        {
                            reply = await client.SendAsync(FormatOptions.Default, serialized.Wire, serialized.EnvelopeSender, serialized.EnvelopeRecipients, cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            body.Gate = null;
                        }
                    }
                    else
                    {
                        reply = message.Serialized is { } bodiless
                            ? await client.SendAsync(FormatOptions.Default, bodiless.Wire, bodiless.EnvelopeSender, bodiless.EnvelopeRecipients, cancellationToken, gate).ConfigureAwait(false)
                            : await client.SendAsync(FormatOptions.Default, message.Message, cancellationToken, gate).ConfigureAwait(false);
                    }

                    _sentOnConnection++;
                    return new SendResult(message.MessageId, SendOutcome.Sent, 250, reply);
                }
                catch (SmtpCommandException e) when ((int)e.StatusCode == ServiceNotAvailable)
                {
                    // 421 mid-session (RFC 5321 §3.8: the service is not available and the channel is closing — the
                    // server shutting down, or limiting this sender), at MAIL FROM, RCPT TO or after the data: the server's
                    // outage, not this message's fault, as a 421 at the greeting is. The message was not accepted (after
                    // the data too), so it and the rest of the batch are Unreachable: no attempt counted, none tried on a
                    // new connection, and the dispatcher pauses. Until session 29 it was Transient, an attempt counted.
                    await DropAsync().ConfigureAwait(false);
                    if (attempt == 1 && e.ErrorCode == SmtpErrorCode.SenderNotAccepted && _sentOnConnection > 0)
                    {
                        // At MAIL FROM on a connection that has already carried mail: most often the server closing a
                        // connection it found idle too long (Postfix's smtpd_timeout says "421 4.4.2 … timeout exceeded"
                        // unsolicited, read as the reply to the next command) or that carried its share of messages. The
                        // message went nowhere (no data was sent), so it is tried once on a new connection, whose greeting
                        // says whether the server is really unavailable; a second 421 is the outage below. Until session 31
                        // this paused the dispatcher (30 s) at once.
                        continue;
                    }

                    var settings = transport._settings;
                    Unreachable = $"The SMTP server {settings.Host}:{settings.Port} closed the connection {Stage(e.ErrorCode)}: {ServiceNotAvailable} {Withheld(e.Message, settings.User)}";
                    UnreachableCode = ServiceNotAvailable;
                    return new SendResult(message.MessageId, SendOutcome.Unreachable, UnreachableCode, Unreachable);
                }
                catch (SmtpCommandException e)
                {
                    // The server refused a command; the connection is still usable. Its reply is kept (the message's
                    // last_error) with the addresses it echoes withheld: "550 5.1.1 [address]: Recipient address rejected".
                    var code = (int)e.StatusCode;
                    var outcome = code is >= 500 and < 600 ? SendOutcome.Permanent : SendOutcome.Transient;
                    return new SendResult(message.MessageId, outcome, code, $"{code} {Withheld(e.Message, transport._settings.User)}");
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    await DropAsync().ConfigureAwait(false);
                    return new SendResult(message.MessageId, SendOutcome.Transient, null, "Cancelled while sending: the server may or may not have this message.");
                }
                catch (Exception e) when (BreaksConnection(e))
                {
                    await DropAsync().ConfigureAwait(false);
                    if (attempt >= 2)
                    {
                        return new SendResult(message.MessageId, SendOutcome.Transient, null, $"The connection broke twice while sending: {Withheld(e.Message, transport._settings.User)}");
                    }
                }
            }
        }

        /// <summary>Connects (and logs in) when not connected, or when the connection has sent its share.</summary>
        private async Task<bool> EnsureOpenAsync(CancellationToken cancellationToken)
        {
            if (client.IsConnected && _sentOnConnection < transport._settings.MessagesPerConnection)
            {
                return true;
            }

            await CloseAsync().ConfigureAwait(false);
            var settings = transport._settings;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.Timeout);
                var socket = await OpenSocketAsync(settings.Host, settings.Port, timeout.Token).ConfigureAwait(false);
                try
                {
                    await client.ConnectAsync(socket, settings.Host, settings.Port, OptionsFor(settings.Security), cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                if (settings.User is not null)
                {
                    await client.AuthenticateAsync(settings.User, settings.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
                }

                _sentOnConnection = 0;
                return true;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await DropAsync().ConfigureAwait(false);
                // Every message not sent for this is Unreachable, a login refused too: neither is the message's fault, and
                // a wrong or rotated password counted against each message would turn the whole outbox dead in about two
                // hours (8 attempts), for a person to retry; as an outage it waits, and goes once the login is mended.
                // A reply refusing the connection (421 at the greeting: busy, or throttling this sender, as Exchange and
                // Postfix at their connection limits do) comes from a server that is up and reachable: the reply says so.
                // The reason goes into the log, readiness and each message's last_error: the login is named by its
                // setting (Smtp:User), never its value, and neither it nor an address is kept from the server's reply.
                var reply = Withheld(e.Message, settings.User);
                Unreachable = e switch
                {
                    AuthenticationException => $"The SMTP server {settings.Host}:{settings.Port} refused the login (Smtp:User, Smtp:Password): {reply}",
                    SslHandshakeException => $"TLS with the SMTP server {settings.Host}:{settings.Port} failed: {reply}",
                    SmtpCommandException refused => $"The SMTP server {settings.Host}:{settings.Port} turned the connection away: {(int)refused.StatusCode} {reply}",
                    _ => $"Cannot connect to the SMTP server {settings.Host}:{settings.Port}: {reply}",
                };
                UnreachableCode = e is SmtpCommandException { StatusCode: var status } ? (int)status : null;
                return false;
            }
        }

        /// <summary>Says QUIT and disconnects, if connected; a failure to do so does not matter any more.</summary>
        public async Task CloseAsync()
        {
            if (!client.IsConnected)
            {
                return;
            }

            try
            {
                using var timeout = new CancellationTokenSource(transport._settings.Timeout);
                await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                await DropAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Closes (QUIT) and releases the client: the connection is not used again.</summary>
        public async Task EndAsync()
        {
            try
            {
                await CloseAsync().ConfigureAwait(false);
            }
            finally
            {
                client.Dispose();
            }
        }

        /// <summary>Drops a broken connection without a QUIT.</summary>
        private async Task DropAsync()
        {
            try
            {
                await client.DisconnectAsync(quit: false, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Already gone: nothing more to close.
            }
        }
    }
}
