using Microsoft.EntityFrameworkCore;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Feedback;
using Scheduler.Persistence.Entities;

namespace Scheduler.Persistence.Feedback;

/// <summary>
/// Contractor API keys in <c>api_keys</c>: made with <see cref="ApiKeyHasher"/>, stored only as a salted hash, found by
/// their public id and checked in constant time. Nothing here returns or logs a key except <see cref="CreateAsync"/>,
/// whose result is the one time the key exists outside the contractor's hands.
/// </summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource, IClock clock)
{
    /// <summary>Makes a key for <paramref name="contractorId"/> and stores its hash; show <see cref="GeneratedApiKey.Key"/> once.</summary>
    public async Task<GeneratedApiKey> CreateAsync(string contractorId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contractorId);
        var key = ApiKeyHasher.Generate();
        await using var db = EstateDatabase.CreateContext(dataSource);
        db.ApiKeys.Add(new ApiKeyRow
        {
            Id = key.KeyId,
            ContractorId = contractorId,
            KeyHash = key.StoredHash,
            CreatedAt = clock.GetCurrentInstant(),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return key;
    }

    /// <summary>Every key (of <paramref name="contractorId"/> when given), oldest first; hashes are not included.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(string? contractorId = null, CancellationToken cancellationToken = default)
    {
        await using var db = EstateDatabase.CreateContext(dataSource);
        return await db.ApiKeys
            .Where(k => contractorId == null || k.ContractorId == contractorId)
            .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)
            .Select(k => new ApiKeyInfo(k.Id, k.ContractorId, k.CreatedAt, k.RevokedAt, k.LastUsedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes key <paramref name="keyId"/> from now on; false when there is no such key or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(string keyId, CancellationToken cancellationToken = default)
    {
        await using var db = EstateDatabase.CreateContext(dataSource);
        var now = clock.GetCurrentInstant();
        var changed = await db.ApiKeys.Where(k => k.Id == keyId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken).ConfigureAwait(false);
        return changed > 0;
    }

    /// <summary>
    /// The contractor <paramref name="presentedKey"/> speaks for, or null when it is malformed, unknown, revoked or wrong
    /// (the caller cannot tell which: all are "not a valid key"). Records the key's last use.
    /// </summary>
    public async Task<ApiKeyInfo?> AuthenticateAsync(string? presentedKey, CancellationToken cancellationToken = default)
    {
        if (!ApiKeyHasher.TryGetKeyId(presentedKey, out var keyId))
        {
            return null;
        }

        await using var db = EstateDatabase.CreateContext(dataSource);
        var row = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken).ConfigureAwait(false);
        if (row is null || row.RevokedAt is not null || !ApiKeyHasher.Verify(presentedKey, row.KeyHash))
        {
            return null;
        }

        row.LastUsedAt = clock.GetCurrentInstant();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new ApiKeyInfo(row.Id, row.ContractorId, row.CreatedAt, row.RevokedAt, row.LastUsedAt);
    }
}
