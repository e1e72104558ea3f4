using System.Buffers.Text;
using System.Text;

using NodaTime;

using Scheduler.Domain.Feedback;

namespace Scheduler.Domain.Tests.Feedback;

public sealed class FeedbackTokenTests
{
    internal static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();

    internal static readonly byte[] OtherKey = Enumerable.Range(1, 32).Select(i => (byte)(i * 11)).ToArray();

    internal static readonly Instant Expires = Instant.FromUtc(2027, 10, 31, 12, 0);

    internal static readonly Instant Before = Expires - Duration.FromDays(7);

    [Theory]
    [InlineData("WO-2027-000123", "greenscape")]
    [InlineData("grass-cut/S-0042/2027-04-01", "c")]
    [InlineData("WO-Ünïcödé-✓", "contractor-ø")]
    public void Verify_RoundTrip_GivesTheOrderContractorAndExpiry(string workOrderRef, string contractorId)
    {
        var token = FeedbackToken.Create(Key, workOrderRef, contractorId, Expires);

        var result = FeedbackToken.Verify(Key, token, Before);

        Assert.True(result.IsValid);
        Assert.Equal(FeedbackTokenStatus.Valid, result.Status);
        Assert.Equal(workOrderRef, result.WorkOrderRef);
        Assert.Equal(contractorId, result.ContractorId);
        Assert.Equal(Expires, result.Expires);
        Assert.Null(result.Reason);
    }

    [Fact]
    public void Create_IsUrlSafeAndDeterministic()
    {
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);

        Assert.Equal(token, FeedbackToken.Create(Key, "WO-1", "greenscape", Expires));
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(token, Uri.EscapeDataString(token));
    }

    [Fact]
    public void Create_LongestFields_StaysUnderTheLengthLimit()
    {
        var longest = FeedbackToken.Create(Key, new string('r', 255), new string('c', 255), Expires);

        Assert.Equal(739, longest.Length);
        Assert.True(FeedbackToken.Verify(Key, longest, Before).IsValid);
    }

    [Fact]
    public void Verify_ExpiryIsExclusive()
    {
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);

        Assert.True(FeedbackToken.Verify(Key, token, Expires - Duration.Epsilon).IsValid);
        Assert.Equal(FeedbackTokenStatus.Expired, FeedbackToken.Verify(Key, token, Expires).Status);
        Assert.Equal(FeedbackTokenStatus.Expired, FeedbackToken.Verify(Key, token, Expires + Duration.FromDays(400)).Status);
    }

    [Fact]
    public void Create_ExpiryTruncatedToTheSecondBefore()
    {
        var asked = Expires + Duration.FromMilliseconds(999);
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", asked);

        Assert.Equal(Expires, FeedbackToken.Verify(Key, token, Before).Expires);
        Assert.Equal(FeedbackTokenStatus.Expired, FeedbackToken.Verify(Key, token, Expires).Status);
    }

    [Fact]
    public void Create_ExpiryBefore1970_RoundTrips()
    {
        var old = Instant.FromUtc(1969, 12, 31, 23, 59, 59) + Duration.FromMilliseconds(500);
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", old);

        var result = FeedbackToken.Verify(Key, token, old - Duration.FromHours(1));

        Assert.Equal(Instant.FromUtc(1969, 12, 31, 23, 59, 59), result.Expires);
    }

    [Fact]
    public void Verify_WrongKey_BadSignature()
    {
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);

        var result = FeedbackToken.Verify(OtherKey, token, Before);

        Assert.Equal(FeedbackTokenStatus.BadSignature, result.Status);
        Assert.Null(result.WorkOrderRef);
        Assert.Null(result.ContractorId);
        Assert.Null(result.Expires);
    }

    [Fact]
    public void Verify_ExpiredWithWrongKey_BadSignatureFirst()
    {
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);

        Assert.Equal(FeedbackTokenStatus.BadSignature, FeedbackToken.Verify(OtherKey, token, Expires + Duration.FromDays(1)).Status);
    }

    [Theory]
    [InlineData("WO-2", "greenscape", "2027-10-31T12:00:00Z")] // another order under the first order's signature
    [InlineData("WO-1", "sparkle-cleaning", "2027-10-31T12:00:00Z")] // another contractor
    [InlineData("WO-1", "greenscape", "2028-10-31T12:00:00Z")] // a later expiry
    public void Verify_PayloadSwappedUnderAnotherSignature_BadSignature(string workOrderRef, string contractorId, string expires)
    {
        var genuine = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);
        var other = FeedbackToken.Create(Key, workOrderRef, contractorId, NodaTime.Text.InstantPattern.General.Parse(expires).Value);
        var forged = other.Split('.')[0] + "." + genuine.Split('.')[1];

        Assert.Equal(FeedbackTokenStatus.BadSignature, FeedbackToken.Verify(Key, forged, Before).Status);
    }

    [Fact]
    public void Verify_PayloadByteFlipped_BadSignature()
    {
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);
        var parts = token.Split('.');
        var payload = Base64Url.DecodeFromChars(parts[0]);

        for (var i = 0; i < payload.Length; i++)
        {
            var tampered = (byte[])payload.Clone();
            tampered[i] ^= 0x01;
            var forged = Base64Url.EncodeToString(tampered) + "." + parts[1];
            Assert.Equal(FeedbackTokenStatus.BadSignature, FeedbackToken.Verify(Key, forged, Before).Status);
        }
    }

    [Fact]
    public void Verify_ExpiryRaisedByTheHolder_BadSignature()
    {
        // The expiry is readable in the payload; pushing it on a year must not extend the link.
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);
        var parts = token.Split('.');
        var payload = Base64Url.DecodeFromChars(parts[0]);
        var seconds = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(1));
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), seconds + (365 * 86400));

        var forged = Base64Url.EncodeToString(payload) + "." + parts[1];

        Assert.Equal(FeedbackTokenStatus.BadSignature, FeedbackToken.Verify(Key, forged, Expires + Duration.FromDays(1)).Status);
    }

    [Fact]
    public void Verify_SignatureCharacterChanged_BadSignature()
    {
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var changed = token[dot + 1] == 'A' ? 'B' : 'A';

        var forged = string.Concat(token.AsSpan(0, dot + 1), changed.ToString(), token.AsSpan(dot + 2));

        Assert.Equal(FeedbackTokenStatus.BadSignature, FeedbackToken.Verify(Key, forged, Before).Status);
    }

    [Fact]
    public void Verify_Truncated_NeverValid()
    {
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);

        for (var length = 0; length < token.Length; length++)
        {
            var status = FeedbackToken.Verify(Key, token[..length], Before).Status;
            Assert.True(status is FeedbackTokenStatus.Malformed or FeedbackTokenStatus.BadSignature, $"{length}: {status}");
        }
    }

    [Fact]
    public void Verify_PayloadTruncatedButSigned_Malformed()
    {
        // A payload cut short but signed with the right key (as a leaked key or a bug might produce) is still refused.
        var payload = new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 1, 3, (byte)'W', (byte)'O' };
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Key, (byte[])[.. "EstateScheduler feedback link\0"u8, .. payload]);

        var token = Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);

        Assert.Equal(FeedbackTokenStatus.Malformed, FeedbackToken.Verify(Key, token, Before).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("%%%.%%%")]
    [InlineData("AQAAAABpAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.")]
    [InlineData("..AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData(".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\0\0\0\0")]
    public void Verify_Garbage_Malformed(string? token)
    {
        Assert.Equal(FeedbackTokenStatus.Malformed, FeedbackToken.Verify(Key, token, Before).Status);
    }

    [Theory]
    [InlineData("{0}=")] // padding
    [InlineData(" {0}")] // whitespace
    [InlineData("{0} ")]
    [InlineData("{0}\n")]
    [InlineData("{0}.")]
    public void Verify_OtherSpellingOfAGenuineToken_Malformed(string shape)
    {
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);

        Assert.Equal(FeedbackTokenStatus.Malformed, FeedbackToken.Verify(Key, string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, token), Before).Status);
    }

    [Fact]
    public void Verify_StandardBase64Alphabet_Malformed()
    {
        // Make a token whose text has a '-' or '_' somewhere, then write it in the '+' '/' alphabet.
        var token = Enumerable.Range(0, 200)
            .Select(i => FeedbackToken.Create(Key, $"WO-{i}", "greenscape", Expires))
            .First(t => t.Contains('-', StringComparison.Ordinal) || t.Contains('_', StringComparison.Ordinal));

        var standard = token.Replace('-', '+').Replace('_', '/');

        Assert.Equal(FeedbackTokenStatus.Malformed, FeedbackToken.Verify(Key, standard, Before).Status);
    }

    [Fact]
    public void Verify_NonCanonicalTrailingBits_Malformed()
    {
        // The last character of the 43-character signature carries 4 bits of data and 2 spare; setting a spare bit
        // decodes to the same bytes in lenient decoders. It must not verify.
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = alphabet.IndexOf(token[^1], StringComparison.Ordinal);
        var sibling = alphabet[last ^ 1];

        var status = FeedbackToken.Verify(Key, token[..^1] + sibling, Before).Status;

        Assert.Equal(FeedbackTokenStatus.Malformed, status);
    }

    [Fact]
    public void Verify_TooLong_MalformedUnread()
    {
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);

        Assert.Equal(FeedbackTokenStatus.Malformed, FeedbackToken.Verify(Key, new string('A', 5000) + token, Before).Status);
        Assert.Equal(FeedbackTokenStatus.Malformed, FeedbackToken.Verify(Key, new string('A', FeedbackToken.MaxTokenLength + 1), Before).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    public void CreateAndVerify_ShortKey_ThrowsWithoutTheKey(int length)
    {
        var key = Enumerable.Repeat((byte)0x5A, length).ToArray(); // 'Z'

        var create = Assert.Throws<ArgumentException>(() => FeedbackToken.Create(key, "WO-1", "greenscape", Expires));
        var verify = Assert.Throws<ArgumentException>(() => FeedbackToken.Verify(key, "x.y", Before));

        Assert.Contains("at least 32 bytes", create.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ZZZZ", create.Message + verify.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WlpaWl", create.Message + verify.Message, StringComparison.Ordinal); // base64 of the key
    }

    [Theory]
    [InlineData("", "greenscape")]
    [InlineData("  ", "greenscape")]
    [InlineData("WO-1", "")]
    public void Create_BadField_Throws(string workOrderRef, string contractorId)
    {
        Assert.Throws<ArgumentException>(() => FeedbackToken.Create(Key, workOrderRef, contractorId, Expires));
    }

    [Fact]
    public void Create_LoneSurrogate_Throws()
    {
        var notText = "WO-" + (char)0xD800; // built here: xunit's theory data would mend it to U+FFFD

        var error = Assert.Throws<ArgumentException>(() => FeedbackToken.Create(Key, notText, "greenscape", Expires));
        Assert.Contains("not valid Unicode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FieldOver255Bytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => FeedbackToken.Create(Key, new string('r', 256), "c", Expires));
        Assert.Throws<ArgumentException>(() => FeedbackToken.Create(Key, "WO-1", new string('é', 128), Expires)); // 256 bytes in UTF-8
    }

    [Fact]
    public void Result_ToString_NeverHoldsTheToken()
    {
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);
        var signature = token.Split('.')[1];

        foreach (var result in new[]
        {
            FeedbackToken.Verify(Key, token, Before),
            FeedbackToken.Verify(OtherKey, token, Before),
            FeedbackToken.Verify(Key, token, Expires),
            FeedbackToken.Verify(Key, token + "!", Before),
        })
        {
            var text = result.ToString() + result.Reason;
            Assert.DoesNotContain(signature, text, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('.')[0], text, StringComparison.Ordinal);
        }

        Assert.Equal("Valid: work order WO-1, contractor greenscape, expires 2027-10-31T12:00:00Z", FeedbackToken.Verify(Key, token, Before).ToString());
    }

    [Theory]
    [InlineData(FeedbackTokenStatus.Malformed, "The link is incomplete or damaged.")]
    [InlineData(FeedbackTokenStatus.BadSignature, "The link is not one we issued.")]
    [InlineData(FeedbackTokenStatus.Expired, "The link has expired.")]
    public void Reason_InPlainWords(FeedbackTokenStatus status, string reason)
    {
        var token = FeedbackToken.Create(Key, "WO-1", "greenscape", Expires);
        var result = status switch
        {
            FeedbackTokenStatus.Malformed => FeedbackToken.Verify(Key, "nonsense", Before),
            FeedbackTokenStatus.BadSignature => FeedbackToken.Verify(OtherKey, token, Before),
            _ => FeedbackToken.Verify(Key, token, Expires),
        };

        Assert.Equal(status, result.Status);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Payload_IsReadableButCarriesOnlyTheOrderContractorAndExpiry()
    {
        // Documented: signed, not encrypted. Pin the layout so a change is deliberate.
        var token = FeedbackToken.Create(Key, "WO-1", "gs", Expires);
        var payload = Base64Url.DecodeFromChars(token.Split('.')[0]);

        Assert.Equal(1, payload[0]);
        Assert.Equal(Expires.ToUnixTimeSeconds(), System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(1)));
        Assert.Equal("\u0004WO-1\u0002gs", Encoding.UTF8.GetString(payload.AsSpan(9)));
    }
}
