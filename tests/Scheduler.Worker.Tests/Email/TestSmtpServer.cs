using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Scheduler.Worker.Tests.Email;

/// <summary>
/// A real SMTP server (SmtpServer 11.1) on a free loopback port, in process. It keeps every message it accepts
/// (parsed back with MimeKit), sets TCP_NODELAY on each accepted socket, counts connections, and misbehaves on
/// cue by recipient address: <c>reject-550@…</c> and <c>defer-451@…</c> are refused with that code,
/// <c>close-421@…</c> is refused with 421 and the server hangs up; an address
/// registered with <see cref="DropAtRecipient"/> or <see cref="DropAfterAccepting"/> makes the server cut the
/// connection (once) before or after it has stored the message. Started with a size limit, it announces it (ESMTP
/// <c>SIZE</c>, RFC 1870) and refuses a bigger message, as Postfix does with its <c>message_size_limit</c>. After
/// <see cref="GoAwayAfter"/> it goes away mid-run: once it has accepted that many messages it closes its port (a new
/// connection is refused) and cuts the open connection at the next message's <c>MAIL FROM</c>. While
/// <see cref="Busy"/> (from the start, or once <see cref="BusyAfter"/> messages have been accepted) it answers each new
/// connection's greeting with <see cref="BusyReply"/> (<c>421</c>) and hangs up, as a busy or throttling server does
/// (Exchange, Postfix at its connection limit); connections already open go on. Told to
/// <see cref="CloseWith421"/> (once it has accepted a given number of messages) it answers <see cref="ClosingReply"/>
/// (<c>421</c>) mid-session, at the chosen command (<c>MAIL FROM</c>, <c>RCPT TO</c> or the end of a message's data,
/// where the message is then not stored), and hangs up, on every connection, until <see cref="Mend"/>: a server shutting
/// down or limiting this sender after the greeting (RFC 5321 §3.8).
/// </summary>
internal sealed class TestSmtpServer : IAsyncDisposable
{
    public const string Rejected = "reject-550@example.org";
    public const string Deferred = "defer-451@example.org";
    public const string Closing = "close-421@example.org";

    /// <summary>What a <see cref="Busy"/> server says instead of its greeting, before it hangs up.</summary>
    public const string BusyReply = "421 4.3.2 Service not available, too many connections, try again later";

    /// <summary>What a server told to <see cref="CloseWith421"/> answers at the chosen command, before it hangs up.</summary>
    public const string ClosingReply = "421 4.3.2 Service shutting down, closing transmission channel";

    /// <summary>Where a server told to <see cref="CloseWith421"/> answers <see cref="ClosingReply"/>.</summary>
    public enum CloseAt
    {
        /// <summary>At <c>MAIL FROM</c>.</summary>
        MailFrom,

        /// <summary>At <c>RCPT TO</c>.</summary>
        RcptTo,

        /// <summary>After the message's data (its final dot): the message is not stored.</summary>
        EndOfData,
    }

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly NoDelayListenerFactory _listeners = new();
    private readonly ConcurrentDictionary<string, byte> _dropAtRecipient = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _dropAfterAccepting = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _unknownRecipients = new(StringComparer.OrdinalIgnoreCase);
    private int _goAwayAfter = int.MaxValue;
    private int _busyAfter = int.MaxValue;
    private int _closeAfter = int.MaxValue;
    private int _closeAt;
    private int _closeOnce;
    private int _closedWith421;

    private TestSmtpServer(X509Certificate2? certificate, (string User, string Password)? login, int port, int? maxMessageSize)
    {
        Port = port == 0 ? FreePort() : port;
        var builder = new SmtpServerOptionsBuilder().ServerName("localhost");
        if (maxMessageSize is { } limit)
        {
            builder = builder.MaxMessageSize(limit, MaxMessageSizeHandling.Strict);
        }

        var options = builder
            .Endpoint(e =>
            {
                e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
                if (certificate is not null)
                {
                    e.Certificate(certificate);
                }

                if (login is not null)
                {
                    e.AuthenticationRequired(true).AllowUnsecureAuthentication(true);
                }
            })
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Recipients(this));
        services.Add(_listeners);
        if (login is { } l)
        {
            services.Add(new DelegatingUserAuthenticator((user, password) => user == l.User && password == l.Password));
        }

        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Every message stored, in arrival order.</summary>
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>Called with each message after it is stored and before the server replies.</summary>
    public Action<MimeMessage>? Stored { get; set; }

    /// <summary>How many TCP connections the server has accepted.</summary>
    public int Connections => _listeners.Accepted;

    /// <summary>True when every socket the server accepted had TCP_NODELAY set.</summary>
    public bool AllNoDelay => _listeners.AllNoDelay;

    /// <summary>
    /// Starts a server on <paramref name="port"/>, or on a free port when 0 (a server that comes back after an outage
    /// reuses its port); with <paramref name="maxMessageSize"/>, one that takes no message bigger than that many bytes.
    /// </summary>
    public static TestSmtpServer Start(X509Certificate2? certificate = null, (string User, string Password)? login = null, int port = 0, int? maxMessageSize = null) =>
        new(certificate, login, port, maxMessageSize);

    /// <summary>The next RCPT TO this address cuts the connection before the message is sent.</summary>
    public void DropAtRecipient(string address) => _dropAtRecipient[address] = 0;

    /// <summary>
    /// Every RCPT TO this address is refused as Postfix refuses a mailbox it does not have, echoing the address:
    /// <c>550 5.1.1 &lt;address&gt;: Recipient address rejected: User unknown in local recipient table</c>.
    /// </summary>
    public void RefuseRecipient(string address) => _unknownRecipients[address] = 0;

    /// <summary>The next message to this address is stored, then the connection is cut before the server says OK.</summary>
    public void DropAfterAccepting(string address) => _dropAfterAccepting[address] = 0;

    /// <summary>
    /// Once the server has accepted <paramref name="count"/> messages (said OK to the last), it is gone: its port is
    /// closed, so connecting is refused, and the open connection is cut at the next <c>MAIL FROM</c>.
    /// </summary>
    public void GoAwayAfter(int count) => Volatile.Write(ref _goAwayAfter, count);

    /// <summary>True once the server has gone away (<see cref="GoAwayAfter"/>).</summary>
    public bool Gone => _listeners.Closed;

    /// <summary>
    /// While true, each new connection is answered <see cref="BusyReply"/> at the greeting and hung up on (connections
    /// already open go on); set false, the server greets again.
    /// </summary>
    public bool Busy
    {
        get => _listeners.Busy;
        set
        {
            _listeners.Busy = value;
            if (!value)
            {
                Volatile.Write(ref _busyAfter, int.MaxValue);
            }
        }
    }

    /// <summary>How many connections were answered <see cref="BusyReply"/> at the greeting.</summary>
    public int TurnedAway => _listeners.TurnedAway;

    /// <summary>Once the server has accepted <paramref name="count"/> messages it is <see cref="Busy"/>.</summary>
    public void BusyAfter(int count) => Volatile.Write(ref _busyAfter, count);

    /// <summary>
    /// Once the server has accepted <paramref name="afterMessages"/> messages (0: at once), every session is answered
    /// <see cref="ClosingReply"/> at <paramref name="at"/> and hung up on (the greeting and EHLO go as usual), until
    /// <see cref="Mend"/>.
    /// </summary>
    public void CloseWith421(CloseAt at, int afterMessages = 0)
    {
        Volatile.Write(ref _closeOnce, 0);
        Volatile.Write(ref _closeAt, (int)at);
        Volatile.Write(ref _closeAfter, afterMessages);
    }

    /// <summary>
    /// As <see cref="CloseWith421"/>, but once: the first session to reach <paramref name="at"/> after
    /// <paramref name="afterMessages"/> messages is answered <see cref="ClosingReply"/> and hung up on, and the server then
    /// takes mail again (a server closing a connection it found idle too long, or that carried its share of messages).
    /// </summary>
    public void CloseOnceWith421(CloseAt at, int afterMessages)
    {
        Volatile.Write(ref _closeOnce, 1);
        Volatile.Write(ref _closeAt, (int)at);
        Volatile.Write(ref _closeAfter, afterMessages);
    }

    /// <summary>Stops answering 421 mid-session (<see cref="CloseWith421"/>): the server takes mail again.</summary>
    public void Mend() => Volatile.Write(ref _closeAfter, int.MaxValue);

    /// <summary>How many times the server answered <see cref="ClosingReply"/> mid-session and hung up.</summary>
    public int ClosedWith421 => Volatile.Read(ref _closedWith421);

    /// <summary>Whether the command at <paramref name="at"/> is to be answered <see cref="ClosingReply"/> now; counts it when so.</summary>
    private bool ClosesAt(CloseAt at)
    {
        if (Volatile.Read(ref _closeAt) != (int)at || Messages.Count < Volatile.Read(ref _closeAfter))
        {
            return false;
        }

        if (Volatile.Read(ref _closeOnce) == 1 && Interlocked.Exchange(ref _closeAfter, int.MaxValue) == int.MaxValue)
        {
            return false; // another session took the one 421
        }

        Interlocked.Increment(ref _closedWith421);
        return true;
    }

    private static SmtpResponseException Closing421() =>
        new(new SmtpResponse((SmtpReplyCode)421, ClosingReply[4..]), quit: true);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static void Cut(ISessionContext context)
    {
        var socket = (Socket)context.Properties[NoDelayListenerFactory.SocketKey];
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context,
            IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            if (server.ClosesAt(CloseAt.EndOfData))
            {
                // SmtpServer answers an exception from the store with its own reply and keeps the session: say 421 on the
                // wire, then hang up (FIN, so the reply is read first), and the message is not stored.
                await context.Pipe.Output.WriteAsync(System.Text.Encoding.ASCII.GetBytes(ClosingReply + "\r\n"), cancellationToken);
                var socket = (Socket)context.Properties[NoDelayListenerFactory.SocketKey];
                socket.Shutdown(SocketShutdown.Both);
                socket.Close();
                return new SmtpResponse((SmtpReplyCode)421, ClosingReply[4..]);
            }

            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            server.Messages.Enqueue(message);
            server.Stored?.Invoke(message);
            if (server.Messages.Count >= Volatile.Read(ref server._goAwayAfter))
            {
                server._listeners.Close();
            }

            if (server.Messages.Count >= Volatile.Read(ref server._busyAfter))
            {
                server._listeners.Busy = true;
            }

            foreach (var to in transaction.To)
            {
                if (server._dropAfterAccepting.TryRemove(to.AsAddress(), out _))
                {
                    Cut(context);
                }
            }

            return SmtpResponse.Ok;
        }
    }

    private sealed class Recipients(TestSmtpServer server) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
        {
            if (server.Gone)
            {
                Cut(context);
                return Task.FromResult(false);
            }

            if (server.ClosesAt(CloseAt.MailFrom))
            {
                throw Closing421();
            }

            return Task.FromResult(true);
        }

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var address = to.AsAddress();
            if (server.ClosesAt(CloseAt.RcptTo))
            {
                throw Closing421();
            }

            if (server._dropAtRecipient.TryRemove(address, out _))
            {
                Cut(context);
                return Task.FromResult(false);
            }

            if (server._unknownRecipients.ContainsKey(address))
            {
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, $"5.1.1 <{address}>: Recipient address rejected: User unknown in local recipient table"));
            }

            return address.ToLowerInvariant() switch
            {
                Rejected => throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 No such mailbox here")),
                Deferred => throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)451, "4.3.0 Try again later")),
                Closing => throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)421, "4.3.2 Shutting down, closing the channel"), quit: true),
                _ => Task.FromResult(true),
            };
        }
    }

    /// <summary>Accepts connections with TCP_NODELAY set (SmtpServer has no option for it) and counts them.</summary>
    private sealed class NoDelayListenerFactory : IEndpointListenerFactory
    {
        public const string SocketKey = "Test:Socket";
        private readonly ConcurrentBag<TcpListener> _open = [];
        private int _accepted;
        private int _withoutNoDelay;
        private int _closed;
        private int _busy;
        private int _turnedAway;

        public int Accepted => Volatile.Read(ref _accepted);

        /// <summary>True once <see cref="Close"/> has run.</summary>
        public bool Closed => Volatile.Read(ref _closed) == 1;

        /// <summary>Closes every listening port: connecting is refused from now on.</summary>
        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                foreach (var listener in _open)
                {
                    listener.Stop();
                }
            }
        }

        public bool AllNoDelay => Volatile.Read(ref _withoutNoDelay) == 0;

        /// <summary>While true, a new connection is answered 421 at the greeting and closed.</summary>
        public bool Busy
        {
            get => Volatile.Read(ref _busy) == 1;
            set => Volatile.Write(ref _busy, value ? 1 : 0);
        }

        public int TurnedAway => Volatile.Read(ref _turnedAway);

        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            _open.Add(listener);
            return new Listener(listener, this);
        }

        private sealed class Listener(TcpListener listener, NoDelayListenerFactory factory) : IEndpointListener
        {
            public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
            {
                Socket socket;
                while (true)
                {
                    try
                    {
                        socket = await listener.AcceptSocketAsync(cancellationToken);
                    }
                    catch (Exception e) when (factory.Closed && e is SocketException or ObjectDisposedException)
                    {
                        // Gone away: accept nothing more until the server is stopped.
                        await Task.Delay(Timeout.Infinite, cancellationToken);
                        throw;
                    }

                    if (!factory.Busy)
                    {
                        break;
                    }

                    // Busy: 421 instead of the greeting, then hang up (RFC 5321 §3.1), and wait for the next connection.
                    using (socket)
                    {
                        Interlocked.Increment(ref factory._turnedAway);
                        try
                        {
                            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(BusyReply + "\r\n"), SocketFlags.None, cancellationToken);
                            socket.Shutdown(SocketShutdown.Both);
                        }
                        catch (SocketException)
                        {
                            // The client went first: nothing more to say.
                        }
                    }
                }

                socket.NoDelay = true;
                Interlocked.Increment(ref factory._accepted);
                if (!socket.NoDelay)
                {
                    Interlocked.Increment(ref factory._withoutNoDelay);
                }

                context.Properties[SocketKey] = socket;
                return new SocketPipe(new NetworkStream(socket, ownsSocket: true));
            }

            public void Dispose() => listener.Stop();
        }
    }

    /// <summary>The pipe SmtpServer reads and writes a session through; STARTTLS swaps in an <see cref="SslStream"/>.</summary>
    private sealed class SocketPipe(Stream network) : ISecurableDuplexPipe
    {
        private readonly Stream _network = network;
        private Stream _stream = network;

        public PipeReader Input { get; private set; } = PipeReader.Create(network);

        public PipeWriter Output { get; private set; } = PipeWriter.Create(network);

        public bool IsSecure => _stream is SslStream;

        public SslProtocols SslProtocol => _stream is SslStream ssl ? ssl.SslProtocol : SslProtocols.None;

        public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
        {
            var ssl = new SslStream(_stream, leaveInnerStreamOpen: true);
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = protocols },
                cancellationToken);
            _stream = ssl;
            Input = PipeReader.Create(ssl);
            Output = PipeWriter.Create(ssl);
        }

        public void Dispose()
        {
            _stream.Dispose();
            _network.Dispose();
        }
    }
}
