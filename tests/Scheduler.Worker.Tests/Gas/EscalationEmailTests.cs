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

        var message = await DispatchEscalationAsync("N01");
        Assert.Equal("compliance@examplehomes.example", message.To.Mailboxes.Single().Address);
        Assert.Equal("Gas safety: no access to N01 after 3 attempts, deadline Thursday 10 June 2027", message.Subject);
        var text = message.TextBody!;
        Assert.Contains("Home:         N01, Flat N01, High Street, AB1 2CD", text, StringComparison.Ordinal);
        Assert.Contains("1. Monday 12 April 2027 AM: no access. Announced by the first appointment letter, sent Monday 15 March 2027. Reported Monday 12 April 2027.", text, StringComparison.Ordinal);
        Assert.Contains("2. Monday 19 April 2027 AM: no access. Announced by the second appointment letter, sent Monday 12 April 2027.", text, StringComparison.Ordinal);
        Assert.Contains("3. Monday 26 April 2027 AM: no access. Announced by the third appointment letter (warns of escalation), sent Monday 19 April 2027.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tenant T-N01", text, StringComparison.Ordinal);
        Assert.Contains("<td>N01, Flat N01, High Street, AB1 2CD</td>", message.HtmlBody, StringComparison.Ordinal);

        // Escalated in April for a June deadline: left to the manager until the deadline, booked again after it.
        Assert.Contains("while its deadline is in date we will not book another visit automatically", text.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Contains("If the deadline passes without a check, we book the earliest free visit again", text.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.DoesNotContain("It is overdue", text, StringComparison.Ordinal);
        Assert.Contains("while its deadline is in date we will not book another visit automatically", message.HtmlBody!.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_HomeWithNoKnownCheck_TheEmailSaysNoCheckIsKnownInsteadOfADeadline()
    {
        // No check known: booked 5 working days on (Mon 22 March), rebooked after each no access (Easter in between).
        await SetUpAsync(new LocalDate(2027, 3, 15), TestEstate.Home("N01", "B1", "S1", null));
        foreach (var day in new[] { new LocalDate(2027, 3, 22), new LocalDate(2027, 3, 31), new LocalDate(2027, 4, 7) })
        {
            await ReportAsync("N01", VisitOutcome.NoAccess, day);
        }

        var message = await DispatchEscalationAsync("N01");
        Assert.Equal("escalation/gas/N01/no-known-check@estate-scheduler", message.MessageId);
        Assert.Equal("Gas safety: no access to N01 after 3 attempts, no gas check known", message.Subject);
        Assert.Contains("Deadline:     none: no gas check is known for this home, so it is overdue", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("1. Monday 22 March 2027 AM: no access. Announced by the first appointment letter, sent Monday 15 March 2027.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Summary: 3 attempts, no access on 2027-03-22 AM, 2027-03-31 AM, 2027-04-07 AM; no gas check known: escalated to the compliance manager", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<td>none: no gas check is known for this home, so it is overdue</td>", message.HtmlBody, StringComparison.Ordinal);

        // Overdue: the booking goes on (attempt 4 with the third letter), and the email must not say otherwise.
        Assert.Contains("It is overdue, so we go on booking the earliest free visit, with the firmest letter, until a check is made.",
            message.TextBody!.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.DoesNotContain("will not book", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("will not book", message.HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>Dispatches what is due into a pickup folder and returns the escalation email of <paramref name="homeId"/>.</summary>
    private async Task<MimeMessage> DispatchEscalationAsync(string homeId)
    {
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
            return Directory.GetFiles(folder, "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.MessageId!.StartsWith($"escalation/gas/{homeId}/", StringComparison.Ordinal));
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
