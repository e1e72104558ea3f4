using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Scheduler.Benchmarks.Dispatch;

/// <summary>
/// A real SMTP server (SmtpServer 11.1) on a free loopback port, in process, with TCP_NODELAY set on every accepted
/// socket (as the tests' server; SmtpServer has no option for it). It accepts everything and, while
/// <see cref="Capture"/> is on, keeps each message's raw bytes (no parsing, so both senders pay the same server cost).
/// </summary>
internal sealed class BenchSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _received;

    private BenchSmtpServer()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new NoDelayListenerFactory());
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Messages accepted so far.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>When true, raw messages are kept in <see cref="Captured"/>.</summary>
    public bool Capture { get; set; }

    public ConcurrentQueue<byte[]> Captured { get; } = new();

    /// <summary>When set, offered every message accepted (on the server's thread; it must be quick).</summary>
    public Action<ReadOnlySequence<byte>>? Tap { get; set; }

    public static BenchSmtpServer Start() => new();

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

    private sealed class Store(BenchSmtpServer server) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server.Capture)
            {
                server.Captured.Enqueue(buffer.ToArray());
            }

            server.Tap?.Invoke(buffer);
            Interlocked.Increment(ref server._received);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class NoDelayListenerFactory : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new Listener(listener);
        }

        private sealed class Listener(TcpListener listener) : IEndpointListener
        {
            public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
            {
                var socket = await listener.AcceptSocketAsync(cancellationToken);
                socket.NoDelay = true;
                return new SocketPipe(new NetworkStream(socket, ownsSocket: true));
            }

            public void Dispose() => listener.Stop();
        }
    }

    private sealed class SocketPipe(Stream network) : ISecurableDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(network);

        public PipeWriter Output { get; } = PipeWriter.Create(network);

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The benchmark server offers no TLS.");

        public void Dispose() => network.Dispose();
    }
}
