using NodaTime;
using Scheduler.Domain.Feedback;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// Makes and checks the signed links in contractor emails (<see cref="FeedbackToken"/>): one token per order and
/// contractor, valid until the start of the day <see cref="FeedbackOptions.LinkDaysAfterWindow"/> days after the window's
/// last day (in the organisation's zone, which the caller gives), so a re-sent email carries the same links. Disabled (no links, pages answer 503) when no key is set.
/// </summary>
public sealed class FeedbackLinks
{
    /// <summary>The path the links point at; the token follows it.</summary>
    public const string PathPrefix = "/feedback/";

    private readonly byte[]? _key;
    private readonly string _baseUrl;
    private readonly int _daysAfterWindow;

    /// <summary>Reads the key and base address from <paramref name="options"/>.</summary>
    /// <exception cref="InvalidOperationException">A key is set but is not base64 of at least 32 bytes (the message never shows it).</exception>
    public FeedbackLinks(FeedbackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _baseUrl = (options.BaseUrl ?? string.Empty).TrimEnd('/');
        _daysAfterWindow = Math.Max(0, options.LinkDaysAfterWindow);
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return;
        }

        var buffer = new byte[options.SigningKey.Length];
        if (!Convert.TryFromBase64String(options.SigningKey.Trim(), buffer, out var written) || written < FeedbackToken.MinimumKeyBytes)
        {
            throw new InvalidOperationException(
                $"{FeedbackOptions.Section}:SigningKey must be base64 of at least {FeedbackToken.MinimumKeyBytes} random bytes (e.g. from 'openssl rand -base64 32'); the value set is not.");
        }

        _key = buffer[..written];
    }

    /// <summary>True when a signing key is set.</summary>
    public bool IsEnabled => _key is not null;

    /// <summary>
    /// The first instant at which a link for an order whose window ends on <paramref name="windowEnd"/> no longer works:
    /// the start of the day, in <paramref name="zone"/> (the organisation's), after the last day it works.
    /// </summary>
    public Instant ExpiryFor(LocalDate windowEnd, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return zone.AtStartOfDay(windowEnd.PlusDays(1 + _daysAfterWindow)).ToInstant();
    }

    /// <summary>The three links for an order, or null when links are disabled; <paramref name="zone"/> is the organisation's.</summary>
    public FeedbackLinksView? For(string reference, string contractorId, LocalDate windowEnd, DateTimeZone zone)
    {
        if (_key is null)
        {
            return null;
        }

        var expires = ExpiryFor(windowEnd, zone);
        var token = FeedbackToken.Create(_key, reference, contractorId, expires);
        var page = $"{_baseUrl}{PathPrefix}{token}";
        return new FeedbackLinksView(page + "?outcome=done", page + "?outcome=no-access", page + "?outcome=defect", expires.InZone(zone).Date.PlusDays(-1));
    }

    /// <summary>Checks <paramref name="token"/> at <paramref name="now"/>; call only when <see cref="IsEnabled"/>.</summary>
    public FeedbackTokenResult Verify(string? token, Instant now) =>
        FeedbackToken.Verify(_key ?? throw new InvalidOperationException("Feedback links are not configured."), token, now);
}
