using NodaTime;
using Scheduler.Domain.Feedback;
using Scheduler.Worker.Feedback;

namespace Scheduler.Worker.Tests.Feedback;

public class SecretRedactorTests
{
    [Fact]
    public void RedactText_ARealTokenAnywhere_IsRedacted()
    {
        var token = FeedbackToken.Create(new byte[32], "WO-2027-000123", "sparkle", Instant.FromUtc(2027, 3, 1, 0, 0));

        Assert.Equal("link [token] sent", SecretRedactor.RedactText($"link {token} sent"));
        Assert.Equal("GET /feedback/[token]", SecretRedactor.RedactText($"GET /feedback/{token}"));
    }

    [Theory]
    [InlineData("RECOVERING_JOBS.recover_vm16184646106754_1764424087123")] // Quartz's recovery trigger key: the two-node test reads it
    [InlineData("Scheduler.Worker.Hosting.Jobs.GenerateWorkOrdersJob")]
    public void RedactText_DottedNamesThatAreNotTokens_AreLeftAlone(string text) =>
        Assert.Equal(text, SecretRedactor.RedactText(text));
}
