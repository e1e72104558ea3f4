using System.Text.RegularExpressions;
using MimeKit;
using NodaTime;
using Scheduler.Domain.Feedback;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Outbox;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Feedback;

/// <summary>The contractor's work-order email carries signed links bound to its order and contractor.</summary>
public sealed partial class FeedbackLinkEmailTests : OutboxTestBase
{
    [Fact]
    public async Task Dispatch_WithASigningKey_PutsThreeSignedLinksPerOrderInBothParts()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        var links = new FeedbackLinks(new FeedbackOptions { SigningKey = FeedbackHost.SigningKey, BaseUrl = "https://feedback.example.org/" });
        var folder = Directory.CreateTempSubdirectory("feedback-mail-").FullName;
        try
        {
            var dispatcher = new OutboxDispatcher(
                Database.DataSource, config, EmailTestData.Renderer(), Pickup(folder), Clock, RetryPolicy.Default(new Random(1)), DispatchOptions.Default, feedbackLinks: links);
            await dispatcher.DispatchDueAsync(500);

            var message = MimeMessage.Load(Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal).First());
            var reference = Regex.Match(message.Subject ?? string.Empty, "WO-[0-9]{4}-[0-9]{6}").Value;
            var contractor = (await Database.DataSource.RowsAsync($"SELECT contractor_id FROM work_orders WHERE reference = '{reference}'")).Single();
            foreach (var body in new[] { message.TextBody, message.HtmlBody })
            {
                var found = LinkPattern().Matches(body ?? string.Empty).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Distinct().ToList();
                Assert.Equal(["done", "no-access", "defect"], found.Select(f => f.Item2));
                var verified = FeedbackToken.Verify(Convert.FromBase64String(FeedbackHost.SigningKey), found[0].Item1, Clock.GetCurrentInstant());
                Assert.True(verified.IsValid);
                Assert.Equal(reference, verified.WorkOrderRef);
                Assert.Equal(contractor, verified.ContractorId);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Dispatch_WithoutAKey_SendsNoLinks()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        var folder = Directory.CreateTempSubdirectory("feedback-mail-").FullName;
        try
        {
            await Dispatcher(config, Pickup(folder)).DispatchDueAsync(500);

            var message = MimeMessage.Load(Directory.GetFiles(folder, "*.eml").First());
            Assert.DoesNotContain("/feedback/", message.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("please tell us what happened", message.HtmlBody, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex("https://feedback\\.example\\.org/feedback/([A-Za-z0-9_.-]+)\\?outcome=(done|no-access|defect)")]
    private static partial Regex LinkPattern();
}
