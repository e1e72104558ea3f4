using CsCheck;

using Scheduler.Domain.Feedback;

namespace Scheduler.Domain.Tests.Feedback;

public sealed class ApiKeyHasherTests
{
    [Fact]
    public void Generate_KeyVerifiesAgainstItsStoredHash()
    {
        var generated = ApiKeyHasher.Generate();

        Assert.True(ApiKeyHasher.Verify(generated.Key, generated.StoredHash));
        Assert.Equal(ApiKeyHasher.KeyLength, generated.Key.Length);
        Assert.StartsWith(ApiKeyHasher.Prefix + generated.KeyId + "_", generated.Key, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{16}$", generated.KeyId);
        Assert.Matches("^sha256\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}$", generated.StoredHash);
        Assert.DoesNotContain(generated.Key, generated.StoredHash, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_EveryKeyDifferent()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => ApiKeyHasher.Generate()).ToList();

        Assert.Equal(keys.Count, keys.Select(k => k.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys.Count, keys.Select(k => k.KeyId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Generate_ToString_LeavesTheKeyOut()
    {
        var generated = ApiKeyHasher.Generate();
        var secret = generated.Key[(ApiKeyHasher.Prefix.Length + 17)..];

        Assert.Equal($"API key {generated.KeyId} (secret not shown)", generated.ToString());
        Assert.DoesNotContain(secret, generated.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryGetKeyId_GeneratedKey_ItsId()
    {
        var generated = ApiKeyHasher.Generate();

        Assert.True(ApiKeyHasher.TryGetKeyId(generated.Key, out var keyId));
        Assert.Equal(generated.KeyId, keyId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("esk_")]
    [InlineData("esk_0123456789abcdef_tooShort")]
    [InlineData("xyz_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("esk_0123456789ABCDEF_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // id is lowercase hex
    [InlineData("esk_0123456789abcdefXAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryGetKeyId_NotAKey_False(string? text)
    {
        Assert.False(ApiKeyHasher.TryGetKeyId(text, out var keyId));
        Assert.Null(keyId);
    }

    [Fact]
    public void Hash_Salted_TwoHashesOfOneKeyDifferAndBothVerify()
    {
        var key = ApiKeyHasher.Generate().Key;

        var first = ApiKeyHasher.Hash(key);
        var second = ApiKeyHasher.Hash(key);

        Assert.NotEqual(first, second);
        Assert.True(ApiKeyHasher.Verify(key, first));
        Assert.True(ApiKeyHasher.Verify(key, second));
    }

    [Fact]
    public void Hash_PinnedSalt_IsHmacSha256OfTheKeyUnderTheSalt()
    {
        var salt = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        const string key = "esk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var expected = System.Security.Cryptography.HMACSHA256.HashData(salt, System.Text.Encoding.UTF8.GetBytes(key));

        var stored = ApiKeyHasher.HashWithSalt(key, salt);

        Assert.Equal($"sha256.AAECAwQFBgcICQoLDA0ODw.{System.Buffers.Text.Base64Url.EncodeToString(expected)}", stored);
        Assert.True(ApiKeyHasher.Verify(key, stored));
    }

    [Fact]
    public void Verify_AnotherKey_False()
    {
        var mine = ApiKeyHasher.Generate();
        var theirs = ApiKeyHasher.Generate();

        Assert.False(ApiKeyHasher.Verify(theirs.Key, mine.StoredHash));
        Assert.False(ApiKeyHasher.Verify(mine.Key + "A", mine.StoredHash));
        Assert.False(ApiKeyHasher.Verify(mine.Key[..^1], mine.StoredHash));
        Assert.False(ApiKeyHasher.Verify(mine.Key.ToUpperInvariant(), mine.StoredHash));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256")]
    [InlineData("sha256..")]
    [InlineData("md5.AAECAwQFBgcICQoLDA0ODw.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sha256.AAECAwQFBgcICQoLDA0ODw.AAAA")]
    [InlineData("sha256.AAECAwQFBgcICQoLDA0ODw==.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sha256.!!ECAwQFBgcICQoLDA0ODw.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sha256.AAECAwQFBgcICQoLDA0ODw.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.extra")]
    public void Verify_StoredValueNotAHash_FalseNotThrow(string? stored)
    {
        Assert.False(ApiKeyHasher.Verify(ApiKeyHasher.Generate().Key, stored));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_NoKey_False(string? key)
    {
        Assert.False(ApiKeyHasher.Verify(key, ApiKeyHasher.Generate().StoredHash));
    }

    [Fact]
    public void Verify_OverLongKey_False()
    {
        var stored = ApiKeyHasher.Generate().StoredHash;

        Assert.False(ApiKeyHasher.Verify(new string('a', 100_000), stored));
    }

    [Theory]
    [InlineData("")]
    public void Hash_EmptyKey_Throws(string key)
    {
        Assert.Throws<ArgumentException>(() => ApiKeyHasher.Hash(key));
    }

    [Fact]
    public void Verify_RandomStrings_NeverThrowNeverMatch()
    {
        var stored = ApiKeyHasher.Generate().StoredHash;

        Gen.String.Sample(text =>
        {
            Assert.False(ApiKeyHasher.Verify(text, stored));
            Assert.False(ApiKeyHasher.Verify(ApiKeyHasher.Generate().Key, text));
        }, iter: 2000);
    }
}
