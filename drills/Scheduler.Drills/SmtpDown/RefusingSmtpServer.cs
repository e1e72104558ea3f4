using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Scheduler.Drills.SmtpDown;

/// <summary>
/// An SMTP server that is up but refuses service: it accepts each TCP connection (TCP_NODELAY), answers the greeting
/// with <c>421 4.3.2 Service not available</c> and hangs up, as a mail server does during maintenance or overload.
/// Listens on a given loopback port, so the real server can take the port back afterwards.
/// </summary>
internal sealed class RefusingSmtpServer : IAsyncDisposable
{
    private static readonly byte[] Greeting = Encoding.ASCII.GetBytes("421 4.3.2 Service not available, closing transmission channel\r\n");
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _refused;

    public RefusingSmtpServer(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Connections refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (socket)
            {
                socket.NoDelay = true;
                try
                {
                    await socket.SendAsync(Greeting, SocketFlags.None).ConfigureAwait(false);
                    socket.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // The client gave up first: refused all the same.
                }
            }

            Interlocked.Increment(ref _refused);
        }
    }
}
