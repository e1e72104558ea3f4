using NodaTime;

namespace Scheduler.Persistence.Entities;

/// <summary>
/// A row of <c>api_keys</c>: one contractor API key for the feedback API, stored only as its salted hash
/// (<c>Scheduler.Domain.Feedback.ApiKeyHasher</c>). The key itself is shown once, when created, and never stored.
/// Keys are revoked, never deleted, so the audit trail can still name them.
/// </summary>
public sealed class ApiKeyRow
{
    /// <summary>The key's public id (16 lowercase hex digits, the part after <c>esk_</c>): safe to show and log.</summary>
    public required string Id { get; set; }

    /// <summary>The contractor the key speaks for; it may report only on that contractor's orders.</summary>
    public required string ContractorId { get; set; }

    /// <summary>The stored form, <c>sha256.&lt;salt&gt;.&lt;hash&gt;</c>.</summary>
    public required string KeyHash { get; set; }

    public Instant CreatedAt { get; set; }

    /// <summary>When the key was revoked; null while it works.</summary>
    public Instant? RevokedAt { get; set; }

    /// <summary>When the key was last accepted; null if never.</summary>
    public Instant? LastUsedAt { get; set; }
}
