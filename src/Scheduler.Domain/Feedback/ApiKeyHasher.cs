using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Scheduler.Domain.Feedback;

/// <summary>
/// Per-contractor API keys for the feedback API: generated from the system's cryptographic random source, stored only
/// as a salted hash, checked in constant time. Nothing here puts a key in an exception message or a <c>ToString()</c>.
/// </summary>
/// <remarks>
/// <para>A key reads <c>esk_&lt;id&gt;_&lt;secret&gt;</c>: 4 characters of prefix (so a leaked key is recognisable to
/// secret scanners), a 16-hex-digit public id (8 random bytes) to find the stored record without scanning, and a secret of
/// 32 random bytes in unpadded base64url.</para>
/// <para>The stored form is <c>sha256.&lt;salt&gt;.&lt;hash&gt;</c>: a fresh 16-byte salt per key and
/// HMAC-SHA256(salt, the whole key as UTF-8), both base64url. Why not PBKDF2: its thousands of iterations exist to slow
/// guessing of <i>low-entropy</i> passwords; these keys carry 256 random bits, which no number of guesses reaches, so
/// iterations would add nothing but CPU on every API request (0.5–0.8 s at the recommended 600,000 PBKDF2-SHA256
/// iterations on a two-core build machine, against about 7 µs for one HMAC: an easy way to exhaust a small server). The salt still means equal keys never share a
/// hash and no precomputed table applies. The scheme name at the front lets a later change move to another hash.</para>
/// </remarks>
public static class ApiKeyHasher
{
    /// <summary>The start of every key.</summary>
    public const string Prefix = "esk_";

    /// <summary>The length of every generated key, in characters.</summary>
    public const int KeyLength = 64; // 4 prefix + 16 id + 1 separator + 43 secret

    private const string Scheme = "sha256";
    private const int IdBytes = 8;
    private const int SecretBytes = 32;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const int MaxKeyLength = 256;

    /// <summary>A new random key and its stored hash.</summary>
    public static GeneratedApiKey Generate()
    {
        Span<byte> id = stackalloc byte[IdBytes];
        Span<byte> secret = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(id);
        RandomNumberGenerator.Fill(secret);
        var keyId = Convert.ToHexStringLower(id);
        var key = string.Concat(Prefix, keyId, "_", Base64Url.EncodeToString(secret));
        CryptographicOperations.ZeroMemory(secret);
        return new GeneratedApiKey(keyId, key, Hash(key));
    }

    /// <summary>
    /// The public id of <paramref name="apiKey"/>, to look up its stored hash: the 16 hex digits after the prefix.
    /// False (never an exception) for anything not shaped like a generated key.
    /// </summary>
    public static bool TryGetKeyId(string? apiKey, [NotNullWhen(true)] out string? keyId)
    {
        keyId = null;
        if (apiKey is null || apiKey.Length != KeyLength || !apiKey.StartsWith(Prefix, StringComparison.Ordinal)
            || apiKey[Prefix.Length + (2 * IdBytes)] != '_')
        {
            return false;
        }

        var id = apiKey.AsSpan(Prefix.Length, 2 * IdBytes);
        foreach (var c in id)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        keyId = id.ToString();
        return true;
    }

    /// <summary>The stored form of <paramref name="apiKey"/> under a fresh random salt (so two calls differ).</summary>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or longer than 256 characters.</exception>
    public static string Hash(string apiKey)
    {
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        return HashWithSalt(apiKey, salt);
    }

    /// <summary>
    /// True when <paramref name="apiKey"/> is the key <paramref name="storedHash"/> was made from. The hashes are compared
    /// in constant time. False, never an exception, for a null, empty or over-long key and for a stored value that is not
    /// in the <see cref="Hash"/> form.
    /// </summary>
    public static bool Verify(string? apiKey, string? storedHash)
    {
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > MaxKeyLength || storedHash is null)
        {
            return false;
        }

        var parts = storedHash.Split('.');
        if (parts.Length != 3 || parts[0] != Scheme)
        {
            return false;
        }

        Span<byte> salt = stackalloc byte[SaltBytes];
        Span<byte> expected = stackalloc byte[HashBytes];
        if (!TryDecodeExact(parts[1], salt) || !TryDecodeExact(parts[2], expected))
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HashBytes];
        Compute(apiKey, salt, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>The stored form of <paramref name="apiKey"/> under a given salt (tests pin the salt).</summary>
    internal static string HashWithSalt(string apiKey, ReadOnlySpan<byte> salt)
    {
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > MaxKeyLength)
        {
            throw new ArgumentException($"An API key must be 1 to {MaxKeyLength} characters long.", nameof(apiKey));
        }

        Span<byte> hash = stackalloc byte[HashBytes];
        Compute(apiKey, salt, hash);
        return string.Join('.', Scheme, Base64Url.EncodeToString(salt), Base64Url.EncodeToString(hash));
    }

    private static void Compute(string apiKey, ReadOnlySpan<byte> salt, Span<byte> hash)
    {
        var bytes = Encoding.UTF8.GetBytes(apiKey);
        HMACSHA256.HashData(salt, bytes, hash);
        CryptographicOperations.ZeroMemory(bytes);
    }

    // The OperationStatus overload reports bad data; TryDecodeFromChars would throw FormatException for it.
    private static bool TryDecodeExact(string text, Span<byte> destination) =>
        text.Length == Base64Url.GetEncodedLength(destination.Length)
        && Base64Url.DecodeFromChars(text, destination, out var consumed, out var written) == OperationStatus.Done
        && consumed == text.Length
        && written == destination.Length;
}
