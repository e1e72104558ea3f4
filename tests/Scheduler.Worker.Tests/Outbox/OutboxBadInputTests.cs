using NodaTime;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Commands;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Outbox;

public sealed class OutboxBadInputTests : OutboxTestBase
{
    [Fact]
    public async Task Dispatch_TemplateError_ThatMessageIsDeadNamingTemplateLineAndOrder_RestOfBatchGoesOn()
    {
        var templates = Path.Combine(Path.GetTempPath(), "estate-templates-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(templates);
        try
        {
            foreach (var file in Directory.GetFiles(EmailTestData.TemplatesFolder))
            {
                File.Copy(file, Path.Combine(templates, Path.GetFileName(file)));
            }

            var broken = Path.Combine(templates, "contractor-work-order.en.txt.sbn");
            File.WriteAllText(broken, "Subject: Work order {{ order.reference }}\nAt {{ order.refrence }}\n");
            var config = TestEstate.Config();   // weekly cleaner and grounds: programmes (a sound template) and late notices (broken)
            await ApplyAsync(config);
            Clock.Reset(Instant.FromUtc(2027, 3, 4, 9, 0));
            await using var server = TestSmtpServer.Start();

            var summary = await Dispatcher(config, Smtp(server.Port), renderer: new TemplateRenderer(templates)).DispatchDueAsync(500);

            var dead = await OutboxRowsAsync("idempotency_key, last_error", "status = 'dead'");
            Assert.NotEmpty(dead);
            Assert.Equal(dead.Count, summary.Dead);
            Assert.All(dead, row =>
            {
                var reference = row.Split('|')[0].Split('/')[1];
                Assert.StartsWith($"order/{reference}/0|Template error for work order {reference}: {broken}:2:", row, StringComparison.Ordinal);
                Assert.Contains("refrence", row, StringComparison.Ordinal);
            });
            Assert.True(summary.Sent > 0);
            Assert.Equal(summary.Sent, server.Messages.Count);
            Assert.All(server.Messages, m => Assert.StartsWith("programme/", m.MessageId, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(templates, recursive: true);
        }
    }

    [Fact]
    public async Task Dispatch_RenderRunsOutOfTime_RetriedLaterWithTheErrorRecorded_DeadOnlyAfterTheLastAttempt()
    {
        var templates = Path.Combine(Path.GetTempPath(), "estate-templates-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(templates);
        try
        {
            foreach (var file in Directory.GetFiles(EmailTestData.TemplatesFolder))
            {
                File.Copy(file, Path.Combine(templates, Path.GetFileName(file)));
            }

            // The late notices' template outruns a 50 ms limit (as a sound template can on a machine under heavy load);
            // the programmes' template is fine.
            var slow = Path.Combine(templates, "contractor-work-order.en.txt.sbn");
            File.WriteAllText(slow, "Subject: Work order {{ order.reference }}\n{{ for i in 1..2000000000 }}{{ end }}\n");
            var renderer = new TemplateRenderer(templates, new TemplateLimits { LoopLimit = int.MaxValue, Timeout = TimeSpan.FromMilliseconds(50) });
            var config = TestEstate.Config();
            await ApplyAsync(config);
            Clock.Reset(Instant.FromUtc(2027, 3, 4, 9, 0));
            var now = Clock.GetCurrentInstant();
            await using var server = TestSmtpServer.Start();

            var summary = await Dispatcher(config, Smtp(server.Port), renderer: renderer).DispatchDueAsync(500);

            var retried = await OutboxRowsAsync(
                "idempotency_key, attempts, next_attempt_at > '2027-03-04 09:00:00+00', last_error",
                "kind = 'contractor-order' AND status = 'pending'");
            Assert.NotEmpty(retried);
            Assert.Equal(retried.Count, summary.Retried);
            Assert.Equal(0, summary.Dead);
            Assert.All(retried, row =>
            {
                var reference = row.Split('|')[0].Split('/')[1];
                Assert.StartsWith($"order/{reference}/0|1|True|Template error for work order {reference}: {slow}:", row, StringComparison.Ordinal);
                Assert.Contains("took longer than 0.05 s to render", row, StringComparison.Ordinal);
            });
            Assert.True(summary.Sent > 0);
            Assert.All(server.Messages, m => Assert.StartsWith("programme/", m.MessageId, StringComparison.Ordinal));

            // The last attempt the retry policy allows: given up, dead, with the error.
            await using (var command = Database.DataSource.CreateCommand(
                "UPDATE outbox_messages SET attempts = 7, next_attempt_at = @now WHERE kind = 'contractor-order' AND status = 'pending'"))
            {
                command.Parameters.AddWithValue("now", now);
                await command.ExecuteNonQueryAsync();
            }

            var last = await Dispatcher(config, Smtp(server.Port), renderer: renderer).DispatchDueAsync(500);

            var dead = await OutboxRowsAsync("attempts, last_error", "kind = 'contractor-order' AND status = 'dead'");
            Assert.Equal(retried.Count, dead.Count);
            Assert.Equal(retried.Count, last.Dead);
            Assert.All(dead, row => Assert.StartsWith("8|Gave up after 8 attempts: Template error for work order ", row, StringComparison.Ordinal));
            Assert.Equal(0, await CountAsync("kind = 'contractor-order' AND status IN ('pending', 'sending')"));
        }
        finally
        {
            Directory.Delete(templates, recursive: true);
        }
    }

    [Fact]
    public async Task OutboxList_AfterApply_ShowsRecipientIdsNeverAddresses()
    {
        await ApplyAsync(PerOrderConfig());
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await OutboxCommand.RunAsync(new OutboxCommand.Options("list", null, "pending", 100), Database.ConnectionString, Clock, output, error, default);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id", lines[0], StringComparison.Ordinal);
        Assert.Equal($"{await CountAsync("status = 'pending'")} message(s)", lines[^1]);
        Assert.Contains(lines, l => l.Contains("contractor:warmfix", StringComparison.Ordinal));
        Assert.DoesNotContain("@", string.Join('\n', lines.Where(l => !l.Contains("order/", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.DoesNotContain("jobs@", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutboxRetry_MessageNotDead_SaysSoAndChangesNothing()
    {
        await ApplyAsync(PerOrderConfig());
        var id = (await OutboxRowsAsync("id"))[0];
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await OutboxCommand.RunAsync(new OutboxCommand.Options("retry", long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), null, 0), Database.ConnectionString, Clock, output, error, default);
        var missing = await OutboxCommand.RunAsync(new OutboxCommand.Options("show", 999_999, null, 0), Database.ConnectionString, Clock, output, error, default);

        Assert.Equal(1, exit);
        Assert.Equal(1, missing);
        Assert.Equal(
            $"Message {id} is pending, not dead: only dead messages are retried by hand.{Environment.NewLine}No outbox message has id 999999.{Environment.NewLine}",
            error.ToString());
        Assert.Equal(["pending|0"], await OutboxRowsAsync("status, attempts", $"id = {id}"));
    }

    [Theory]
    [InlineData("outbox frobnicate", "estate-scheduler: 'outbox frobnicate' is not a sub-command: use list, show ID or retry ID.")]
    [InlineData("outbox show", "estate-scheduler: 'outbox show' needs one message id (a number, as 'outbox list' shows), e.g. outbox show 42.")]
    [InlineData("outbox retry abc", "estate-scheduler: 'outbox retry' needs one message id (a number, as 'outbox list' shows), e.g. outbox retry 42.")]
    [InlineData("outbox list --status lost", "estate-scheduler: --status 'lost' is not one of: pending, sending, sent, dead, superseded.")]
    [InlineData("dispatch --batch 0", "estate-scheduler: --batch 0 must be 1 or more.")]
    public async Task Cli_BadOutboxOrDispatchArguments_OneClearLineAndExitCode2(string commandLine, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.RunAsync(commandLine.Split(' '), new CliContext(output, error, Clock, RepositoryRoot.Path));

        Assert.Equal(2, exit);
        Assert.Equal(message, error.ToString().Split(Environment.NewLine)[0]);
    }
}
