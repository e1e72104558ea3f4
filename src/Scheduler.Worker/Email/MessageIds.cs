using System.Text;

namespace Scheduler.Worker.Email;

/// <summary>Stable Message-Ids: the same idempotency key always gives the same id, so a re-send is recognisable.</summary>
public static class MessageIds
{
    /// <summary>The domain part used when none is configured.</summary>
    public const string DefaultDomain = "estate-scheduler";

    /// <summary>
    /// The Message-Id (without angle brackets) for <paramref name="idempotencyKey"/>: <c>{key}@{domain}</c>, where
    /// ASCII letters, digits, <c>-</c> and <c>/</c> of the key are kept and every other character is written as
    /// <c>_</c> and its UTF-8 bytes in hex. Distinct keys give distinct ids. For example
    /// <c>order/WO-2027-000123/2</c> → <c>order/WO-2027-000123/2@estate-scheduler</c>.
    /// </summary>
    public static string FromKey(string idempotencyKey, string domain = DefaultDomain)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        if (!domain.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-') || domain[0] == '.' || domain[^1] == '.')
        {
            throw new ArgumentException($"The Message-Id domain '{domain}' may hold only letters, digits, '-' and inner dots.", nameof(domain));
        }

        var id = new StringBuilder(idempotencyKey.Length + domain.Length + 1);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in idempotencyKey.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '-' or '/'))
            {
                id.Append((char)rune.Value);
                continue;
            }

            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                id.Append('_').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return id.Append('@').Append(domain).ToString();
    }
}
