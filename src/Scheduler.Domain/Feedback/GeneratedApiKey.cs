namespace Scheduler.Domain.Feedback;

/// <summary>
/// A new contractor API key from <see cref="ApiKeyHasher.Generate"/>: the key itself, to show the contractor once and
/// never store, and what to store instead. <see cref="ToString"/> leaves the key out.
/// </summary>
public sealed class GeneratedApiKey
{
    internal GeneratedApiKey(string keyId, string key, string storedHash)
    {
        KeyId = keyId;
        Key = key;
        StoredHash = storedHash;
    }

    /// <summary>The key's public id (16 lowercase hex digits), also at the start of <see cref="Key"/>: safe to store, show and log.</summary>
    public string KeyId { get; }

    /// <summary>The secret key (<c>esk_&lt;id&gt;_&lt;secret&gt;</c>, 64 characters). Hand it over once; never store or log it.</summary>
    public string Key { get; }

    /// <summary>The salted hash to store (see <see cref="ApiKeyHasher.Hash"/>).</summary>
    public string StoredHash { get; }

    /// <inheritdoc />
    public override string ToString() => $"API key {KeyId} (secret not shown)";
}
