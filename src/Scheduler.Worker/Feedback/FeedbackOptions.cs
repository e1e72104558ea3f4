namespace Scheduler.Worker.Feedback;

/// <summary>
/// The <c>Feedback</c> settings section (docs/configuration.md). The signing key is a secret: set it through the
/// environment (<c>Feedback__SigningKey</c>) or a secrets store, never in a file under version control.
/// </summary>
public sealed class FeedbackOptions
{
    /// <summary>The settings section.</summary>
    public const string Section = "Feedback";

    /// <summary>
    /// The HMAC key for feedback links, as base64 of at least 32 random bytes (<c>openssl rand -base64 32</c>). Empty:
    /// emails carry no links and the link pages answer 503. Rotating it invalidates every link still out.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The public address the links point at (the worker's Kestrel, usually behind a reverse proxy), e.g. <c>https://feedback.example.org</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>A link works until this many days after the last day of its order's window (default 28).</summary>
    public int LinkDaysAfterWindow { get; set; } = 28;

    /// <summary>Requests a minute one link (token) or one API key may make (default 10).</summary>
    public int PermitsPerMinute { get; set; } = 10;

    /// <summary>Requests a minute one client address may make to the feedback endpoints, all credentials together (default 60).</summary>
    public int PermitsPerMinutePerAddress { get; set; } = 60;

    /// <summary>
    /// The largest JSON body the API accepts, in bytes (default 32 KiB); larger is 413. At least
    /// <see cref="FeedbackFormSize.MaxBytes"/>, so the API takes every note the page does, even one written with JSON escapes
    /// (<c>\uD83D\uDCA7</c>, 12 bytes for one emoji); a lower value stops <c>run</c>. The page's own limit is sized
    /// from its form (<see cref="FeedbackFormSize"/>), not set here.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 32 * 1024;
}
