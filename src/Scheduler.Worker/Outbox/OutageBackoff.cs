using NodaTime;

namespace Scheduler.Worker.Outbox;

/// <summary>
/// The dispatcher's backoff while the mail server cannot be reached at all (connection refused, DNS, TLS handshake,
/// timeout connecting), turns the connection away (421 at the greeting: busy or throttling), closes it with 421 mid-session (shutting down, or
/// limiting this sender) or refuses the login (a wrong or rotated password). Such a batch's messages go back to pending
/// without counting an attempt — the outage is the server's (or its settings'), not the messages' — and the dispatcher claims nothing more until the pause ends: the first outage pauses
/// <see cref="BaseDelay"/>, each further one in a row twice as long, up to <see cref="MaxDelay"/>; the first batch that
/// reaches the server ends it. Share one instance between the dispatchers of a process (the job makes a dispatcher per
/// firing) so the pause outlives a round. Thread-safe. Time comes from the caller.
/// </summary>
public sealed class OutageBackoff
{
    private readonly Lock _gate = new();
    private Instant? _pausedUntil;
    private Instant? _unreachableSince;
    private string? _reason;
    private int? _statusCode;
    private int _outagesInARow;

    /// <summary>Makes a backoff; <paramref name="maxDelay"/> bounds how long delivery can lag once the server is back.</summary>
    public OutageBackoff(Duration baseDelay, Duration maxDelay)
    {
        if (baseDelay <= Duration.Zero || maxDelay < baseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), "The base delay must be positive and no longer than the maximum delay.");
        }

        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    /// <summary>30 seconds, doubling to at most 5 minutes.</summary>
    public static OutageBackoff CreateDefault() => new(Duration.FromSeconds(30), Duration.FromMinutes(5));

    /// <summary>The first pause.</summary>
    public Duration BaseDelay { get; }

    /// <summary>The longest pause.</summary>
    public Duration MaxDelay { get; }

    /// <summary>When the current pause ends (exclusive); null when the server was last reached, or never tried.</summary>
    public Instant? PausedUntil
    {
        get
        {
            lock (_gate)
            {
                return _pausedUntil;
            }
        }
    }

    /// <summary>
    /// When the current outage was found: the first of the failed tries in a row; null when the server was last reached,
    /// or never tried. Unlike <see cref="PausedUntil"/> it stays set between pauses, until a batch reaches the server.
    /// </summary>
    public Instant? UnreachableSince
    {
        get
        {
            lock (_gate)
            {
                return _unreachableSince;
            }
        }
    }

    /// <summary>
    /// Why the server could not be reached the last time (the transport's words: <c>Cannot connect to the SMTP server
    /// HOST:PORT: REASON</c>, <c>The SMTP server HOST:PORT refused the login for user 'USER': REASON</c>, <c>The SMTP
    /// server HOST:PORT turned the connection away: 421 REPLY</c>, <c>The SMTP server HOST:PORT closed the connection at
    /// RCPT TO: 421 REPLY</c>; never a
    /// recipient, never the password); null when the server was last reached, never tried, or no reason was given.
    /// </summary>
    public string? Reason
    {
        get
        {
            lock (_gate)
            {
                return _reason;
            }
        }
    }

    /// <summary>
    /// The server's reply code when, the last time, it was reached but turned the connection away with one (421 at the
    /// greeting, busy or throttling this sender; or mid-session, closing the channel); null otherwise, and whenever <see cref="Reason"/> is.
    /// </summary>
    public int? StatusCode
    {
        get
        {
            lock (_gate)
            {
                return _statusCode;
            }
        }
    }

    /// <summary>True while a pause runs at <paramref name="now"/>: claim nothing.</summary>
    public bool IsPaused(Instant now)
    {
        lock (_gate)
        {
            return _pausedUntil is { } until && now < until;
        }
    }

    /// <summary>
    /// Notes that the server could not be reached at <paramref name="now"/> (<paramref name="reason"/>: why, see
    /// <see cref="Reason"/>; <paramref name="statusCode"/>: the server's reply code, when it gave one); returns when the
    /// pause it starts ends.
    /// </summary>
    public Instant Unreachable(Instant now, string? reason = null, int? statusCode = null)
    {
        lock (_gate)
        {
            _reason = reason;
            _statusCode = statusCode;
            var delay = BaseDelay;
            for (var i = 0; i < _outagesInARow && delay < MaxDelay; i++)
            {
                delay *= 2;
            }

            _outagesInARow++;
            _unreachableSince ??= now;
            var until = now + (delay > MaxDelay ? MaxDelay : delay);
            _pausedUntil = until;
            return until;
        }
    }

    /// <summary>Notes that the server was reached: no pause, and the next outage starts from <see cref="BaseDelay"/>.</summary>
    public void Reached()
    {
        lock (_gate)
        {
            _pausedUntil = null;
            _unreachableSince = null;
            _reason = null;
            _statusCode = null;
            _outagesInARow = 0;
        }
    }
}
