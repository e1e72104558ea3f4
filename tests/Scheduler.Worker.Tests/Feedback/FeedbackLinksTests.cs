using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Scheduler.Domain.Feedback;
using Scheduler.Worker.Feedback;

namespace Scheduler.Worker.Tests.Feedback;

public sealed class FeedbackLinksTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    [Fact]
    public void For_AnOrder_ExpiresAtTheStartOfTheDay28DaysAfterTheWindowInLondon()
    {
        var links = new FeedbackLinks(new FeedbackOptions { SigningKey = FeedbackHost.SigningKey, BaseUrl = "https://feedback.example.org/" });

        var view = links.For("WO-2027-000123", "warmsafe", new LocalDate(2027, 6, 30), London)!;
        var token = new Uri(view.Done).AbsolutePath["/feedback/".Length..];

        // 28 July 2027 is the last day; the link stops at 00:00 BST on 29 July (23:00Z on the 28th).
        Assert.Equal(new LocalDate(2027, 7, 28), view.LastDay);
        Assert.Equal(Instant.FromUtc(2027, 7, 28, 23, 0), links.ExpiryFor(new LocalDate(2027, 6, 30), London));
        Assert.True(links.Verify(token, Instant.FromUtc(2027, 7, 28, 22, 59, 59)).IsValid);
        Assert.Equal(FeedbackTokenStatus.Expired, links.Verify(token, Instant.FromUtc(2027, 7, 28, 23, 0)).Status);
        Assert.Equal(view.Done.Replace("=done", "=defect", StringComparison.Ordinal), view.Defect);
        Assert.DoesNotContain(token, view.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void For_WithoutAKey_GivesNoLinks()
    {
        var links = new FeedbackLinks(new FeedbackOptions());

        Assert.False(links.IsEnabled);
        Assert.Null(links.For("WO-2027-000123", "warmsafe", new LocalDate(2027, 6, 30), London));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQta2V5")] // 9 bytes
    public void AddEstateFeedback_UnusableKey_IsOneLineWithoutTheKey(string key)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Feedback:SigningKey"] = key }).Build();

        var e = Assert.Throws<Scheduler.Worker.Cli.UsageException>(() => new ServiceCollection().AddEstateFeedback(settings));

        Assert.Equal("Feedback:SigningKey = (set; not shown): Feedback:SigningKey must be base64 of at least 32 random bytes (e.g. from 'openssl rand -base64 32'); the value set is not.", e.Message);
        Assert.DoesNotContain(key, e.Message, StringComparison.Ordinal);
    }
}
