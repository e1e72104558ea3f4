using MimeKit;
using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Outbox;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>Three no-access visits end in an email to the compliance manager with the evidence, sent by the dispatcher.</summary>
public class EscalationEmailTests : GasWorkerTestBase
{
    [Fact]
    public async Task Dispatch_AfterThreeNoAccessVisits_SendsTheEvidenceToTheComplianceManager()
    {
        await SetUpAsync(new LocalDate(2027, 3, 15), TestEstate.Home("N01", "B1", "S1", new LocalDate(2026, 6, 10)));
        foreach (var day in new[] { 12, 19, 26 })
        {
            await ReportAsync("N01", VisitOutcome.NoAccess, new LocalDate(2027, 4, day));
        }

        var folder = Path.Combine(Path.GetTempPath(), "estate-escalation-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var values = new Dictionary<string, string?> { ["Mail:PickupDirectory"] = folder, ["Smtp:From"] = "Example Homes <orders@examplehomes.example>" };
            var (mail, problems) = MailSettings.Read(key => values.GetValueOrDefault(key));
            Assert.Empty(problems);
            var dispatcher = new OutboxDispatcher(
                Database.DataSource, GasConfig(), EmailTestData.Renderer(), mail!, Clock, RetryPolicy.Default(new Random(1)), DispatchOptions.Default, null);

            await dispatcher.DispatchDueAsync(100);

            Assert.Equal(["sent"], await Database.DataSource.RowsAsync("SELECT status FROM outbox_messages WHERE kind = 'manager-escalation'"));
            var message = Directory.GetFiles(folder, "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.MessageId!.StartsWith("escalation/gas/N01/", StringComparison.Ordinal));
            Assert.Equal("compliance@examplehomes.example", message.To.Mailboxes.Single().Address);
            Assert.Equal("Gas safety: no access to N01 after 3 attempts, deadline Thursday 10 June 2027", message.Subject);
            var text = message.TextBody;
            Assert.Contains("Home:         N01, Flat N01, High Street, AB1 2CD", text, StringComparison.Ordinal);
            Assert.Contains("1. Monday 12 April 2027 AM: no access. Announced by the first appointment letter, sent Monday 15 March 2027. Reported Monday 12 April 2027.", text, StringComparison.Ordinal);
            Assert.Contains("2. Monday 19 April 2027 AM: no access. Announced by the second appointment letter, sent Monday 12 April 2027.", text, StringComparison.Ordinal);
            Assert.Contains("3. Monday 26 April 2027 AM: no access. Announced by the third appointment letter (warns of escalation), sent Monday 19 April 2027.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Tenant T-N01", text, StringComparison.Ordinal);
            Assert.Contains("<td>N01, Flat N01, High Street, AB1 2CD</td>", message.HtmlBody, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ShippedTemplates_IncludingTheEscalation_ValidateCleanly()
    {
        Assert.Empty(TemplateRenderer.ValidateTemplates(Path.Combine(RepositoryRoot.Path, "config", "templates")));
    }
}
