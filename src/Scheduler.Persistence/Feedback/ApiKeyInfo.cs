using NodaTime;

namespace Scheduler.Persistence.Feedback;

/// <summary>What may be shown about an API key: never the key or its hash.</summary>
/// <param name="KeyId">The public id (16 hex digits), as in <c>esk_&lt;id&gt;_…</c>.</param>
/// <param name="ContractorId">The contractor it speaks for.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="RevokedAt">When it was revoked; null while it works.</param>
/// <param name="LastUsedAt">When it was last accepted; null if never.</param>
public sealed record ApiKeyInfo(string KeyId, string ContractorId, Instant CreatedAt, Instant? RevokedAt, Instant? LastUsedAt);
