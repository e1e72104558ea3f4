using CsCheck;

using NodaTime;

using Scheduler.Domain.Feedback;

using static Scheduler.Domain.Tests.Feedback.FeedbackTokenTests;

namespace Scheduler.Domain.Tests.Feedback;

public sealed class FeedbackTokenPropertyTests
{
    private const string Base64UrlChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly Gen<string> Base64UrlText = Gen.Char[Base64UrlChars].Array[0, 120].Select(a => new string(a));

    [Fact]
    public void Verify_RandomStrings_NeverThrowNeverValid()
    {
        Gen.String.Sample(text =>
        {
            var status = FeedbackToken.Verify(Key, text, Before).Status;
            Assert.NotEqual(FeedbackTokenStatus.Valid, status);
            Assert.NotEqual(FeedbackTokenStatus.Invalid, status);
        }, iter: 5000);
    }

    [Fact]
    public void Verify_RandomTokenShapedStrings_NeverValid()
    {
        // Right alphabet and shape, so each one reaches the signature check.
        Gen.Select(Base64UrlText, Gen.Char[Base64UrlChars].Array[43].Select(a => new string(a))).Sample((payload, mac) =>
        {
            var status = FeedbackToken.Verify(Key, payload + "." + mac, Before).Status;
            Assert.True(status is FeedbackTokenStatus.Malformed or FeedbackTokenStatus.BadSignature, status.ToString());
        }, iter: 5000);
    }

    [Fact]
    public void Verify_OneCharacterChanged_NeverValid()
    {
        var token = FeedbackToken.Create(Key, "WO-2027-000123", "greenscape", Expires);

        Gen.Select(Gen.Int[0, token.Length - 1], Gen.Char[Base64UrlChars + "."]).Sample((index, c) =>
        {
            if (token[index] == c)
            {
                return;
            }

            var changed = string.Concat(token.AsSpan(0, index), c.ToString(), token.AsSpan(index + 1));
            Assert.False(FeedbackToken.Verify(Key, changed, Before).IsValid, changed);
        }, iter: 3000);
    }

    [Fact]
    public void Verify_RandomFields_RoundTrip()
    {
        var fieldChars = Gen.Char[' ', '\uD7FF'];
        var field = fieldChars.Array[1, 60].Select(a => new string(a)).Where(s => !string.IsNullOrWhiteSpace(s));

        Gen.Select(field, field, Gen.Long[0, 4_000_000_000]).Sample((workOrderRef, contractorId, seconds) =>
        {
            var expires = Instant.FromUnixTimeSeconds(seconds);
            var result = FeedbackToken.Verify(Key, FeedbackToken.Create(Key, workOrderRef, contractorId, expires), expires - Duration.FromSeconds(1));

            Assert.True(result.IsValid);
            Assert.Equal((workOrderRef, contractorId, expires), (result.WorkOrderRef, result.ContractorId, result.Expires!.Value));
        }, iter: 1000);
    }
}
