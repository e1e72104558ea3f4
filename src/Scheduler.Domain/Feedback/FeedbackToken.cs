using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

using NodaTime;

namespace Scheduler.Domain.Feedback;

/// <summary>
/// Signed, expiring feedback links: a token names one work order and one contractor, is signed with HMAC-SHA256 under a
/// secret key, and stops working at a set instant. Anyone holding the link can use it until then, so links go only to
/// the contractor's address and are short-lived.
/// </summary>
/// <remarks>
/// <para>Shape: <c>payload.signature</c>, both URL-safe base64 without padding (RFC 4648 §5), so a token goes in a URL
/// path or query as it is. The payload is a version byte (1), the expiry in Unix seconds (8 bytes, big-endian), then the
/// work-order reference and the contractor id, each as a length byte and UTF-8. The signature is
/// HMAC-SHA256(key, purpose label + payload); the label keeps a feedback token from verifying as any other token signed
/// with the same key. The payload is readable by whoever holds the link (it is signed, not encrypted): it carries only
/// the order reference and contractor id, which the link's email already shows.</para>
/// <para>Neither method ever puts the token or the key in an exception message or a <c>ToString()</c>.</para>
/// </remarks>
public static class FeedbackToken
{
    /// <summary>The shortest key accepted: 32 bytes (256 bits), the HMAC-SHA256 block's worth of security.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>The longest work-order reference or contractor id, in UTF-8 bytes.</summary>
    public const int MaxFieldBytes = 255;

    /// <summary>Tokens longer than this many characters are refused unread (the longest real one is 739).</summary>
    public const int MaxTokenLength = 1024;

    private const byte Version = 1;
    private const int MacBytes = 32;
    private const int MacChars = 43; // 32 bytes in unpadded base64url
    private const int HeaderBytes = 1 + 8; // version, expiry

    private static ReadOnlySpan<byte> Purpose => "EstateScheduler feedback link\0"u8;

    /// <summary>
    /// A token for <paramref name="workOrderRef"/> and <paramref name="contractorId"/> that works until just before
    /// <paramref name="expires"/>, truncated to the whole second (towards the past, so a token never outlives the
    /// instant asked for). The same inputs always give the same token.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is shorter than <see cref="MinimumKeyBytes"/>; a
    /// reference or id is empty, longer than <see cref="MaxFieldBytes"/> UTF-8 bytes or not valid Unicode.</exception>
    public static string Create(ReadOnlySpan<byte> key, string workOrderRef, string contractorId, Instant expires)
    {
        CheckKey(key);
        var reference = FieldBytes(workOrderRef, nameof(workOrderRef));
        var contractor = FieldBytes(contractorId, nameof(contractorId));

        var payload = new byte[HeaderBytes + 1 + reference.Length + 1 + contractor.Length];
        payload[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), SecondsFloor(expires));
        var at = HeaderBytes;
        payload[at++] = (byte)reference.Length;
        reference.CopyTo(payload, at);
        at += reference.Length;
        payload[at++] = (byte)contractor.Length;
        contractor.CopyTo(payload, at);

        Span<byte> mac = stackalloc byte[MacBytes];
        Sign(key, payload, mac);
        return string.Concat(Base64Url.EncodeToString(payload), ".", Base64Url.EncodeToString(mac));
    }

    /// <summary>
    /// Checks <paramref name="token"/> against <paramref name="key"/> at <paramref name="now"/>. Never throws for any
    /// token, however broken or hostile: the answer is <see cref="FeedbackTokenStatus.Malformed"/>,
    /// <see cref="FeedbackTokenStatus.BadSignature"/> (signatures are compared in constant time),
    /// <see cref="FeedbackTokenStatus.Expired"/> (from the expiry instant itself on), or
    /// <see cref="FeedbackTokenStatus.Valid"/> with the order, contractor and expiry. The signature is checked before
    /// anything in the payload is believed.
    /// </summary>
    /// <remarks>Each token string verifies in exactly one spelling: other encodings of the same bytes are malformed.</remarks>
    /// <exception cref="ArgumentException"><paramref name="key"/> is shorter than <see cref="MinimumKeyBytes"/> (a
    /// configuration error, not bad input).</exception>
    public static FeedbackTokenResult Verify(ReadOnlySpan<byte> key, string? token, Instant now)
    {
        CheckKey(key);
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return FeedbackTokenResult.Refused(FeedbackTokenStatus.Malformed);
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || token.Length - dot - 1 != MacChars)
        {
            return FeedbackTokenResult.Refused(FeedbackTokenStatus.Malformed);
        }

        var payloadText = token.AsSpan(0, dot);
        var macText = token.AsSpan(dot + 1);
        Span<byte> payload = stackalloc byte[Base64Url.GetMaxDecodedLength(payloadText.Length)];
        Span<byte> givenMac = stackalloc byte[MacBytes];
        if (!TryDecodeCanonical(payloadText, payload, out var payloadLength)
            || !TryDecodeCanonical(macText, givenMac, out var macLength)
            || macLength != MacBytes)
        {
            return FeedbackTokenResult.Refused(FeedbackTokenStatus.Malformed);
        }

        payload = payload[..payloadLength];
        Span<byte> expectedMac = stackalloc byte[MacBytes];
        Sign(key, payload, expectedMac);
        if (!CryptographicOperations.FixedTimeEquals(expectedMac, givenMac))
        {
            return FeedbackTokenResult.Refused(FeedbackTokenStatus.BadSignature);
        }

        if (!TryReadPayload(payload, out var workOrderRef, out var contractorId, out var expires))
        {
            return FeedbackTokenResult.Refused(FeedbackTokenStatus.Malformed);
        }

        return now >= expires
            ? FeedbackTokenResult.Refused(FeedbackTokenStatus.Expired)
            : FeedbackTokenResult.Valid(workOrderRef, contractorId, expires);
    }

    // The message gives the key's length, never its bytes.
    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"The feedback-link key must be at least {MinimumKeyBytes} bytes; it is {key.Length}.", nameof(key));
        }
    }

    private static byte[] FieldBytes(string value, string paramName)
    {
        Check.NotEmpty(value, paramName);
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        var status = Utf8.FromUtf16(value, bytes, out _, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            throw new ArgumentException($"{paramName} is not valid Unicode text.", paramName);
        }

        if (written > MaxFieldBytes)
        {
            throw new ArgumentException($"{paramName} is {written} UTF-8 bytes; the most a feedback link can carry is {MaxFieldBytes}.", paramName);
        }

        return bytes[..written];
    }

    private static long SecondsFloor(Instant instant)
    {
        var seconds = instant.ToUnixTimeSeconds(); // truncates towards zero
        return Instant.FromUnixTimeSeconds(seconds) > instant ? seconds - 1 : seconds;
    }

    private static void Sign(ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload, Span<byte> mac)
    {
        var input = new byte[Purpose.Length + payload.Length];
        Purpose.CopyTo(input);
        payload.CopyTo(input.AsSpan(Purpose.Length));
        HMACSHA256.HashData(key, input, mac);
    }

    // Decodes unpadded base64url, refusing any other spelling of the same bytes (padding, whitespace, stray bits).
    private static bool TryDecodeCanonical(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        foreach (var c in text)
        {
            if (!(c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        // The OperationStatus overload reports bad data; TryDecodeFromChars would throw FormatException for it.
        if (Base64Url.GetMaxDecodedLength(text.Length) > destination.Length
            || Base64Url.DecodeFromChars(text, destination, out var consumed, out written) != OperationStatus.Done
            || consumed != text.Length)
        {
            return false;
        }

        Span<char> again = stackalloc char[Base64Url.GetEncodedLength(written)];
        return Base64Url.TryEncodeToChars(destination[..written], again, out var chars)
            && again[..chars].SequenceEqual(text);
    }

    private static bool TryReadPayload(ReadOnlySpan<byte> payload, out string workOrderRef, out string contractorId, out Instant expires)
    {
        workOrderRef = contractorId = string.Empty;
        expires = default;
        if (payload.Length < HeaderBytes + 2 || payload[0] != Version)
        {
            return false;
        }

        var seconds = BinaryPrimitives.ReadInt64BigEndian(payload[1..]);
        if (seconds < Instant.MinValue.ToUnixTimeSeconds() || seconds > Instant.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        var rest = payload[HeaderBytes..];
        if (!TryReadField(ref rest, out workOrderRef) || !TryReadField(ref rest, out contractorId) || !rest.IsEmpty)
        {
            return false;
        }

        expires = Instant.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static bool TryReadField(ref ReadOnlySpan<byte> rest, out string value)
    {
        value = string.Empty;
        if (rest.IsEmpty || rest[0] == 0 || rest.Length < 1 + rest[0])
        {
            return false;
        }

        var bytes = rest.Slice(1, rest[0]);
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(bytes);
        rest = rest[(1 + bytes.Length)..];
        return true;
    }
}
