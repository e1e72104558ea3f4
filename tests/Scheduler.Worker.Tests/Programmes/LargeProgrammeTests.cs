using Ical.Net;
using MimeKit;
using NodaTime;
using NodaTime.Testing;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Orders;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Outbox;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Programmes;

/// <summary>
/// A big contractor on weekly programmes: 4,500 blocks cleaned every Tuesday by one contractor, real apply, real
/// dispatcher, and a real SMTP server that takes no message bigger than Postfix's default <c>message_size_limit</c>
/// (it announces the limit, ESMTP SIZE, as Postfix does). In one email the week would be ~13.5 MB and refused; with the
/// default <c>programmeMaxOrders</c> (2,000) it goes in three parts, each within the limit, each with only its orders.
/// </summary>
public sealed class LargeProgrammeTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Blocks = 4_500;

    /// <summary>Postfix's default <c>message_size_limit</c> (10,240,000 bytes), the smallest common receiving limit.</summary>
    private const int PostfixDefaultSizeLimit = 10_240_000;

    private static readonly string[] Checklist = ["Stairs and landings swept and mopped", "Handrails and door handles wiped", "Bin store litter picked"];

    private EstateTestDatabase _database = null!;
    private readonly FakeClock _clock = new(Instant.FromUtc(2027, 3, 4, 9, 0));   // Thursday 4 March 2027: the programme day

    public async Task InitializeAsync()
    {
        _database = await EstateTestDatabase.CreateAsync();
        var sites = Enumerable.Range(1, 30).Select(i => TestEstate.Site($"S{i}")).ToList();
        var blocks = Enumerable.Range(1, Blocks).Select(i => TestEstate.Block($"B{i}", $"S{(i % 30) + 1}", "weekly")).ToList();
        var register = new EstateRegister([new Area("north", "North patch"), new Area("south", "South patch")], sites, blocks, [], []);
        await new RegisterImporter(_database.DataSource, _clock).ImportAsync(register, "test", new LocalDate(2027, 3, 4));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static EstateConfiguration Config(int maxOrders = Contractor.DefaultProgrammeMaxOrders) => TestEstate.Config(
        [TestEstate.CleanWeekly()],
        [TestEstate.Cleaner() with { ProgrammeMaxOrders = maxOrders }],
        horizonWeeks: 1) with
    {
        Services = [new ServiceDefinition("block-clean", "Communal cleaning", Checklist, false)],
    };

    [Fact]
    public async Task Dispatch_ProgrammeOfFourThousandFiveHundredOrders_ArrivesInThreePartsEachWithinTheSizeLimit()
    {
        var config = Config();
        Assert.Equal(Contractor.DefaultProgrammeMaxOrders, config.Contractors.Single().ProgrammeMaxOrders);
        await new WorkOrderGeneration(_database.DataSource, config, TestEstate.Calendar, _clock).ApplyAsync(new LocalDate(2027, 3, 4));
        var references = await _database.DataSource.RowsAsync(
            "SELECT reference FROM work_orders WHERE contractor_id = 'sparkle' AND target_date BETWEEN '2027-03-08' AND '2027-03-14' ORDER BY target_date, reference");
        Assert.Equal(Blocks, references.Count);
        await using var server = TestSmtpServer.Start(maxMessageSize: PostfixDefaultSizeLimit);
        var dispatcher = Dispatcher(config, server.Port);

        var thursday = await dispatcher.DispatchDueAsync(200);
        _clock.Advance(Duration.FromDays(1));
        var friday = await dispatcher.DispatchDueAsync(200);

        Assert.Equal((3, 3, 0, 0), (thursday.Enqueued, thursday.Sent, thursday.Dead, thursday.Retried));
        Assert.Equal((0, 0), (friday.Enqueued, friday.Claimed));
        var messages = server.Messages.OrderBy(m => m.MessageId, StringComparer.Ordinal).ToList();
        Assert.Equal(["programme/sparkle/2027-03-08/1@estate-scheduler", "programme/sparkle/2027-03-08/2@estate-scheduler", "programme/sparkle/2027-03-08/3@estate-scheduler"], messages.Select(m => m.MessageId));

        // In the programme's order (target date, then reference): 2,000, 2,000 and the last 500; every order once.
        var expected = references.Chunk(Contractor.DefaultProgrammeMaxOrders).ToList();
        Assert.Equal([2_000, 2_000, 500], expected.Select(part => part.Length));
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var part = expected[i];
            Assert.Equal($"Your programme for Monday 8 March 2027 to Sunday 14 March 2027, part {i + 1} of 3 (Tuesday 9 March 2027): {part.Length} orders", message.Subject);
            var calendar = Calendar.Load(Ics(message))!;
            Assert.Equal(part.Select(r => $"{r}@estate-scheduler").Order(StringComparer.Ordinal), calendar.Events.Select(e => e.Uid!).Order(StringComparer.Ordinal));
            var csv = Attachment(message, ".csv").TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(OrderCsv.Header, csv[0]);
            Assert.Equal(part, csv.Skip(1).Select(row => row.Split(',')[0]));
            Assert.All(message.Attachments.OfType<MimePart>(), a => Assert.StartsWith($"programme-2027-03-08-part-{i + 1}-of-3.", a.FileName, StringComparison.Ordinal));

            // Its orders in both bodies, each with its feedback link, and no other part's; the checklist once.
            var text = message.TextBody ?? string.Empty;
            var html = message.HtmlBody ?? string.Empty;
            foreach (var body in new[] { text, html })
            {
                Assert.Contains($"this is part {i + 1} of 3, with the work for Tuesday 9 March 2027.", body, StringComparison.Ordinal);
                Assert.Equal(part.Length, CountOf(body, "https://feedback.example.org/feedback/"));
                Assert.Equal(1, CountOf(body, Checklist[0]));
                Assert.Contains(part[^1], body, StringComparison.Ordinal);
                Assert.DoesNotContain(expected[(i + 1) % 3][0], body, StringComparison.Ordinal);
            }

            // Within the smallest common receiving limit (the server above took it): about 3 kB an order with its feedback link.
            using var bytes = new MemoryStream();
            await message.WriteToAsync(bytes);
            output.WriteLine($"part {i + 1} of 3, {part.Length} orders: {bytes.Length:N0} bytes (text {text.Length:N0} chars, HTML {html.Length:N0}, .ics {Ics(message).Length:N0}, .csv {csv.Sum(r => r.Length + 2):N0})");
            Assert.InRange(bytes.Length, 1, PostfixDefaultSizeLimit);
        }

        Assert.Equal(references.Order(StringComparer.Ordinal), messages.SelectMany(m => Calendar.Load(Ics(m))!.Events.Select(e => e.Uid![..e.Uid!.IndexOf('@', StringComparison.Ordinal)])).Order(StringComparer.Ordinal));

        // Sent is issued: every order of the week, once; nothing else was written for them.
        Assert.Equal(Blocks, await _database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM work_orders WHERE contractor_id = 'sparkle' AND target_date BETWEEN '2027-03-08' AND '2027-03-14' AND status = 'issued'"));
        Assert.Equal(3, await _database.DataSource.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
    }

    [Fact]
    public async Task Dispatch_WeekInOneEmail_IsRefusedAsTooBigAndItsOrdersStayPlanned()
    {
        // What the parts are for: the same week in one email (programmeMaxOrders above its count) is ~13.5 MB, and a
        // server with Postfix's default limit refuses it (552); the programme is dead and its orders wait, planned.
        var config = Config(maxOrders: 5_000);
        await new WorkOrderGeneration(_database.DataSource, config, TestEstate.Calendar, _clock).ApplyAsync(new LocalDate(2027, 3, 4));
        await using var server = TestSmtpServer.Start(maxMessageSize: PostfixDefaultSizeLimit);
        var dispatcher = Dispatcher(config, server.Port);

        var thursday = await dispatcher.DispatchDueAsync(200);

        Assert.Equal((1, 0, 1), (thursday.Enqueued, thursday.Sent, thursday.Dead));
        Assert.Empty(server.Messages);
        var row = Assert.Single(await _database.DataSource.RowsAsync("SELECT idempotency_key || '|' || status || '|' || cardinality(work_order_ids) || '|' || last_error FROM outbox_messages"));
        Assert.StartsWith($"programme/sparkle/2027-03-08|dead|{Blocks}|552 ", row, StringComparison.Ordinal);
        Assert.Equal(Blocks, await _database.DataSource.ScalarAsync<long>("SELECT count(*) FROM work_orders WHERE contractor_id = 'sparkle' AND status = 'planned'"));
    }

    /// <summary>A dispatcher with feedback links on (each order's link is in its programme).</summary>
    private OutboxDispatcher Dispatcher(EstateConfiguration config, int port) => new(
        _database.DataSource,
        config,
        EmailTestData.Renderer(),
        Smtp(port),
        _clock,
        RetryPolicy.Default(new Random(1)),
        DispatchOptions.Default,
        feedbackLinks: new FeedbackLinks(new FeedbackOptions { SigningKey = Feedback.FeedbackHost.SigningKey, BaseUrl = "https://feedback.example.org/" }));

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Ics(MimeMessage message) => Attachment(message, ".ics");

    private static string Attachment(MimeMessage message, string extension)
    {
        var part = message.Attachments.OfType<MimePart>().Single(a => a.FileName?.EndsWith(extension, StringComparison.Ordinal) == true);
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static MailSettings Smtp(int port)
    {
        var values = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:TimeoutSeconds"] = "10",
            ["Smtp:From"] = "Example Homes <orders@examplehomes.example>",
        };
        var (settings, problems) = MailSettings.Read(key => values.GetValueOrDefault(key));
        Assert.Empty(problems);
        return settings!;
    }
}
