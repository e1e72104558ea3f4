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
    private const string NotSent = "not sent: its appointment was cancelled or changed before the letter went";

    [Fact]
    public async Task Dispatch_LettersThatWentLateOrByPost_TheEvidenceSaysWhenAndHowEachActuallyWent()
    {
        // N01's tenant has email, N02's gets letters by post. Booked on Monday 15 March (both first letters due that day);
        // the dispatcher does not run that day, nor on the days the second letters are due (the report days).
        await SetUpAsync(new LocalDate(2027, 3, 15), TestEstate.Home("N01", "B1", "S1", new LocalDate(2026, 6, 10)), TestEstate.Home("N02", "B1", "S1", new LocalDate(2026, 6, 10)));
        await Database.DataSource.ExecuteAsync("UPDATE tenants SET channel = 'post', email = NULL WHERE id = 'T-N02'");
        var batches = Path.Combine(Path.GetTempPath(), "estate-escalation-batches-" + Guid.NewGuid().ToString("N"));
        await using var server = TestSmtpServer.Start();
        try
        {
            await DispatchOnAsync(new LocalDate(2027, 3, 16), server, batches);
            await ReportBothAsync(new LocalDate(2027, 4, 12));
            await DispatchOnAsync(new LocalDate(2027, 4, 13), server, batches);
            await ReportBothAsync(new LocalDate(2027, 4, 19));

            // The third letters go the next day, but no letter batch folder is set then: the posted one cannot go.
            await DispatchOnAsync(new LocalDate(2027, 4, 20), server, null);
            // Each batch is the day after the dispatch: the day its letters are posted.
            Assert.Equal(["2027-03-17.html", "2027-04-14.html"], Directory.GetFiles(batches).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Contains("<p>17 March 2027</p>", await File.ReadAllTextAsync(Path.Combine(batches, "2027-03-17.html")), StringComparison.Ordinal);
            await ReportBothAsync(new LocalDate(2027, 4, 26));
            await DispatchOnAsync(new LocalDate(2027, 4, 27), server, batches);
        }
        finally
        {
            if (Directory.Exists(batches))
            {
                Directory.Delete(batches, recursive: true);
            }
        }

        var escalations = server.Messages.Where(m => m.MessageId!.StartsWith("escalation/gas/", StringComparison.Ordinal)).ToDictionary(m => m.MessageId!.Split('/')[2]);
        var emailed = escalations["N01"].TextBody!;
        Assert.Contains("The first appointment letter, due Monday 15 March 2027: sent by email on Tuesday 16 March 2027. Reported", emailed, StringComparison.Ordinal);
        Assert.Contains("The second appointment letter, due Monday 12 April 2027: sent by email on Tuesday 13 April 2027.", emailed, StringComparison.Ordinal);
        Assert.Contains("The third appointment letter (warns of escalation), due Monday 19 April 2027: sent by email on Tuesday 20 April 2027.", emailed, StringComparison.Ordinal);
        Assert.Contains("first appointment letter, due Monday 15 March 2027: sent by email on Tuesday 16 March 2027</td>", escalations["N01"].HtmlBody, StringComparison.Ordinal);

        var posted = escalations["N02"].TextBody!;
        // A posted letter also says when second-class post delivers it by (3 working days on: branch rebook29).
        Assert.Contains("The first appointment letter, due Monday 15 March 2027: put in the post batch of Wednesday 17 March 2027; by post it reaches the tenant by Monday 22 March 2027. Reported", posted, StringComparison.Ordinal);
        Assert.Contains("The second appointment letter, due Monday 12 April 2027: put in the post batch of Wednesday 14 April 2027; by post it reaches the tenant by Monday 19 April 2027.", posted, StringComparison.Ordinal);
        var third = await Database.DataSource.ScalarAsync<string>(
            "SELECT message_id FROM outbox_messages WHERE kind = 'tenant-letter' AND status = 'dead' AND payload->>'homeId' = 'N02'");
        Assert.Contains($"The third appointment letter (warns of escalation), due Monday 19 April 2027: could not be sent: the outbox gave up on it; message {third} holds the reason.", posted, StringComparison.Ordinal);
        Assert.DoesNotContain("sent by email", posted, StringComparison.Ordinal);

        // The stored evidence (gas_escalations.evidence) is the same record, per letter: how and on which day it went.
        Assert.Equal(
            ["N01|emailed|2027-03-16", "N01|emailed|2027-04-13", "N01|emailed|2027-04-20", "N02|posted|2027-03-17", "N02|posted|2027-04-14", "N02|dead|"],
            await Database.DataSource.RowsAsync(
                """
                SELECT e.home_id, a->>'letterState', coalesce(a->>'letterStateOn', '') FROM gas_escalations e, jsonb_array_elements(e.evidence->'attempts') a
                ORDER BY e.home_id, (a->>'number')::int
                """));
    }

    [Fact]
    public async Task Dispatch_APostedLetterThatCannotReachTheTenantBeforeItsVisit_IsFlaggedInTheEvidence()
    {
        // N02 gets letters by post; booked on Monday 15 March for Monday 12 April. The dispatcher does not run until Thursday
        // 8 April (a mail outage): the first letter goes in the batch posted Friday 9 April (the next working day, branch
        // letters29) and reaches the tenant by Wednesday 14 April, after the visit. The rebookings' letters go the day after each report, in time.
        await SetUpAsync(new LocalDate(2027, 3, 15), TestEstate.Home("N02", "B1", "S1", new LocalDate(2026, 6, 10)));
        await Database.DataSource.ExecuteAsync("UPDATE tenants SET channel = 'post', email = NULL WHERE id = 'T-N02'");
        var batches = Path.Combine(Path.GetTempPath(), "estate-escalation-batches-" + Guid.NewGuid().ToString("N"));
        await using var server = TestSmtpServer.Start();
        try
        {
            await DispatchOnAsync(new LocalDate(2027, 4, 8), server, batches);
            for (var i = 0; i < 3; i++)
            {
                var visit = NodaTime.Text.LocalDatePattern.Iso.Parse(
                    await Database.DataSource.ScalarAsync<string>("SELECT date::text FROM gas_appointments WHERE status = 'booked'")).Value;
                await ReportAsync("N02", VisitOutcome.NoAccess, visit);
                await DispatchOnAsync(visit.PlusDays(1), server, batches);
            }
        }
        finally
        {
            if (Directory.Exists(batches))
            {
                Directory.Delete(batches, recursive: true);
            }
        }

        var text = server.Messages.Single(m => m.MessageId!.StartsWith("escalation/gas/N02/", StringComparison.Ordinal)).TextBody!.ReplaceLineEndings(" ");
        Assert.Contains(
            "1. Monday 12 April 2027 AM: no access. The first appointment letter, due Monday 15 March 2027: put in the post batch of Friday 9 April 2027, too late to reach the tenant before the visit (by post it arrives by Wednesday 14 April 2027).",
            text,
            StringComparison.Ordinal);
        Assert.Contains("The second appointment letter, due Monday 12 April 2027: put in the post batch of Wednesday 14 April 2027; by post it reaches the tenant by Monday 19 April 2027.", text, StringComparison.Ordinal);
        Assert.Contains("the letter of attempt 1 went by post too late to reach the tenant before the visit", text, StringComparison.Ordinal);
        Assert.Equal(
            ["1|2027-04-09|2027-04-14", "2|2027-04-14|2027-04-19", "3|2027-04-26|2027-04-29"],
            await Database.DataSource.RowsAsync(
                """
                SELECT a->>'number', a->>'letterStateOn', a->>'letterReachesBy' FROM gas_escalations e, jsonb_array_elements(e.evidence->'attempts') a
                ORDER BY (a->>'number')::int
                """));
        Assert.Contains("went by post too late", await Database.DataSource.ScalarAsync<string>("SELECT reason FROM gas_escalations"), StringComparison.Ordinal);
    }

    private async Task ReportBothAsync(LocalDate on)
    {
        await ReportAsync("N01", VisitOutcome.NoAccess, on);
        await ReportAsync("N02", VisitOutcome.NoAccess, on);
    }

    /// <summary>Runs the dispatcher at 10:00 UTC on <paramref name="day"/>: mail to <paramref name="server"/>, letters to post into <paramref name="batches"/> (none when null).</summary>
    private async Task DispatchOnAsync(LocalDate day, TestSmtpServer server, string? batches)
    {
        Clock.Reset(day.AtMidnight().InUtc().ToInstant() + Duration.FromHours(10));
        var values = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:From"] = "Example Homes <orders@examplehomes.example>",
            ["Mail:LetterBatchDirectory"] = batches,
        };
        var (mail, problems) = MailSettings.Read(key => values.GetValueOrDefault(key));
        Assert.Empty(problems);
        await new OutboxDispatcher(Database.DataSource, GasConfig(), EmailTestData.Renderer(), mail!, Clock, RetryPolicy.Default(new Random(1)), DispatchOptions.Default, null)
            .DispatchDueAsync(100);
    }

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
        // No dispatch ran before each visit was reported: no letter went, and the evidence says so (each was superseded
        // when its visit was reported), with the day it was due.
        Assert.Contains($"1. Monday 12 April 2027 AM: no access. The first appointment letter, due Monday 15 March 2027: {NotSent}. Reported Monday 12 April 2027.", text, StringComparison.Ordinal);
        Assert.Contains($"2. Monday 19 April 2027 AM: no access. The second appointment letter, due Monday 12 April 2027: {NotSent}.", text, StringComparison.Ordinal);
        Assert.Contains($"3. Monday 26 April 2027 AM: no access. The third appointment letter (warns of escalation), due Monday 19 April 2027: {NotSent}.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sent Monday", text, StringComparison.Ordinal);
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
        Assert.Contains($"1. Monday 22 March 2027 AM: no access. The first appointment letter, due Monday 15 March 2027: {NotSent}.", message.TextBody, StringComparison.Ordinal);
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
