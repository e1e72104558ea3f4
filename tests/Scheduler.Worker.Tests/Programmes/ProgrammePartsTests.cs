using MimeKit;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Programmes;

/// <summary>
/// A week with more orders than the contractor's <c>programmeMaxOrders</c> is sent in parts (real apply, real
/// dispatchers, real SMTP server): messages of at most max orders in the programme's order, each day whole in one of them
/// unless it alone is bigger (then cut by count), each a whole email with only its
/// orders, together naming every order once; written once per contractor and week whoever writes it and whatever their
/// maximum; a dead part keeps its orders. A week of at most the maximum is one message under the week's key, as before.
/// </summary>
public sealed class ProgrammePartsTests : OutboxTestBase
{
    private const string Week = "programme/sparkle/2027-03-08";

    private static readonly Instant Thursday = Instant.FromUtc(2027, 3, 4, 9, 0);   // the programme day for the week of 8 March

    /// <summary>The test estate with the cleaner (weekly) taking at most <paramref name="maxOrders"/> orders an email.</summary>
    private static EstateConfiguration Config(int maxOrders, string email = "jobs@sparkle.example") => TestEstate.Config(
        contractors: [TestEstate.Cleaner() with { ProgrammeMaxOrders = maxOrders, Email = email }, TestEstate.Grounds(), TestEstate.GasEngineer()]);

    /// <summary>
    /// The test estate with seven more blocks cleaned weekly (eight in all, so eight cleaner's orders a week), imported
    /// again, then a real apply of <paramref name="config"/>.
    /// </summary>
    private async Task ApplyEightBlocksAsync(EstateConfiguration config, int more = 7, LocalDate? asOf = null)
    {
        var estate = TestEstate.Estate();
        var register = new EstateRegister(
            estate.Areas, estate.Sites, [.. estate.Blocks, .. Enumerable.Range(11, more).Select(i => TestEstate.Block($"B{i}", "S1", "weekly"))], estate.Homes, estate.Tenants);
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(register, "test", asOf ?? AsOf);
        await ApplyAsync(config, asOf);
    }

    /// <summary>The cleaner's orders of the week of 8 March, in the programme's order (target date, then reference).</summary>
    private Task<List<string>> WeekAsync() => Database.DataSource.RowsAsync(
        "SELECT id || '|' || reference FROM work_orders WHERE contractor_id = 'sparkle' AND target_date BETWEEN '2027-03-08' AND '2027-03-14' ORDER BY target_date, reference");

    private Task<List<string>> ProgrammeRowsAsync(string contractor = "sparkle") => OutboxRowsAsync(
        "idempotency_key, message_id, array_to_string(work_order_ids, ' '), coalesce(payload::text, '-'), status",
        $"kind = 'contractor-programme' AND recipient_id = '{contractor}'");

    [Fact]
    public async Task Dispatch_WeekAboveTheMaximum_SentInPartsThatTogetherNameEveryOrderOnce()
    {
        await ApplyEightBlocksAsync(Config(3));
        var week = await WeekAsync();
        Assert.Equal(8, week.Count);
        var parts = week.Chunk(3).ToList();
        Assert.Equal([3, 3, 2], parts.Select(p => p.Length));
        Clock.Reset(Thursday);
        await using var server = TestSmtpServer.Start();

        var first = await Dispatcher(Config(3), Smtp(server.Port)).DispatchDueAsync(500);

        // One day of 8 orders, cut by count: ceil(8 / 3) rows in the programme's order, each with its part in the payload; all sent.
        Assert.Equal(
            parts.Select((p, i) => $"{Week}/{i + 1}|{Week}/{i + 1}@estate-scheduler|{string.Join(' ', p.Select(o => o.Split('|')[0]))}|{{\"part\": {i + 1}, \"parts\": {parts.Count}}}|sent"),
            await ProgrammeRowsAsync());
        Assert.Equal(0, first.Dead);

        // Each part is a whole email: its subject and body say which part, its .ics and .csv hold only its orders.
        var received = server.Messages.Where(m => m.MessageId!.StartsWith(Week, StringComparison.Ordinal)).ToDictionary(m => m.MessageId!, StringComparer.Ordinal);
        Assert.Equal(parts.Count, received.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var message = received[$"{Week}/{i + 1}@estate-scheduler"];
            var references = parts[i].Select(o => o.Split('|')[1]).ToList();
            Assert.Equal($"Your programme for Monday 8 March 2027 to Sunday 14 March 2027, part {i + 1} of {parts.Count} (Tuesday 9 March 2027): {references.Count} orders", message.Subject);
            Assert.Contains($"comes in {parts.Count} emails, each with different orders and its own calendar and CSV files: this is part {i + 1} of {parts.Count}, with the work for Tuesday 9 March 2027.", message.TextBody, StringComparison.Ordinal);
            Assert.Contains($"this is part {i + 1} of {parts.Count}, with the work for Tuesday 9 March 2027.</p>", message.HtmlBody, StringComparison.Ordinal);
            Assert.Equal(references.Select(r => $"UID:{r}@estate-scheduler"), IcsOf(message).Split("\r\n").Where(l => l.StartsWith("UID:", StringComparison.Ordinal)));
            Assert.Equal(references, CsvOf(message).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(row => row.Split(',')[0]));
            Assert.Equal(
                [$"programme-2027-03-08-part-{i + 1}-of-{parts.Count}.csv", $"programme-2027-03-08-part-{i + 1}-of-{parts.Count}.ics"],
                message.Attachments.OfType<MimePart>().Select(a => a.FileName!).Order(StringComparer.Ordinal));
        }

        // Together: every order of the week exactly once, and each issued.
        Assert.Equal(
            week.Select(o => o.Split('|')[1]).Order(StringComparer.Ordinal),
            received.Values.SelectMany(m => CsvOf(m).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(row => row.Split(',')[0])).Order(StringComparer.Ordinal));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM work_orders WHERE contractor_id = 'sparkle' AND target_date BETWEEN '2027-03-08' AND '2027-03-14' AND status <> 'issued'"));
    }

    [Fact]
    public async Task Dispatch_WeekAboveTheMaximum_EachDayWholeInOnePart()
    {
        // The week of 15 March: five blocks cleaned weekly (Tuesday 16) and three fortnightly (Wednesday 17). With at most
        // six an email, cutting by count would put one of Wednesday's orders with Tuesday's; each day goes whole instead.
        var estate = TestEstate.Estate();
        var register = new EstateRegister(
            estate.Areas,
            estate.Sites,
            [.. estate.Blocks, .. Enumerable.Range(11, 4).Select(i => TestEstate.Block($"B{i}", "S1", "weekly")), .. Enumerable.Range(21, 2).Select(i => TestEstate.Block($"B{i}", "S1", "fortnightly"))],
            estate.Homes,
            estate.Tenants);
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(register, "test", AsOf);
        await ApplyAsync(Config(6));
        var week = await Database.DataSource.RowsAsync(
            "SELECT id || '|' || target_date FROM work_orders WHERE contractor_id = 'sparkle' AND target_date BETWEEN '2027-03-15' AND '2027-03-21' ORDER BY target_date, reference");
        var tuesday = week.Where(o => o.EndsWith("|2027-03-16", StringComparison.Ordinal)).Select(o => o.Split('|')[0]).ToList();
        var wednesday = week.Where(o => o.EndsWith("|2027-03-17", StringComparison.Ordinal)).Select(o => o.Split('|')[0]).ToList();
        Assert.Equal((5, 3, 8), (tuesday.Count, wednesday.Count, week.Count));
        Clock.Reset(Instant.FromUtc(2027, 3, 11, 9, 0));   // the Thursday before
        await using var server = TestSmtpServer.Start();

        await Dispatcher(Config(6), Smtp(server.Port)).DispatchDueAsync(500);

        const string Key = "programme/sparkle/2027-03-15";
        Assert.Equal(
            [$"{Key}/1|{string.Join(' ', tuesday)}|{{\"part\": 1, \"parts\": 2}}|sent", $"{Key}/2|{string.Join(' ', wednesday)}|{{\"part\": 2, \"parts\": 2}}|sent"],
            await OutboxRowsAsync(
                "idempotency_key || '|' || array_to_string(work_order_ids, ' ') || '|' || payload::text || '|' || status",
                $"kind = 'contractor-programme' AND idempotency_key LIKE '{Key}/%'"));
        Assert.Equal(
            [
                "Your programme for Monday 15 March 2027 to Sunday 21 March 2027, part 1 of 2 (Tuesday 16 March 2027): 5 orders",
                "Your programme for Monday 15 March 2027 to Sunday 21 March 2027, part 2 of 2 (Wednesday 17 March 2027): 3 orders",
            ],
            server.Messages.Where(m => m.MessageId!.StartsWith(Key, StringComparison.Ordinal)).OrderBy(m => m.MessageId, StringComparer.Ordinal).Select(m => m.Subject));
    }

    [Fact]
    public async Task Dispatch_WeekAtTheMaximum_OneMessageUnderTheWeeksKey()
    {
        await ApplyEightBlocksAsync(Config(2));
        var week = await WeekAsync();
        var config = Config(week.Count);
        Clock.Reset(Thursday);
        await using var server = TestSmtpServer.Start();

        await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);

        Assert.Equal(
            [$"{Week}|{Week}@estate-scheduler|{string.Join(' ', week.Select(o => o.Split('|')[0]))}|-|sent"],
            await ProgrammeRowsAsync());
        var message = Assert.Single(server.Messages, m => m.MessageId == $"{Week}@estate-scheduler");
        Assert.Equal($"Your programme for Monday 8 March 2027 to Sunday 14 March 2027: {week.Count} orders", message.Subject);
        Assert.DoesNotContain("part 1 of", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("part 1 of", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(["programme-2027-03-08.csv", "programme-2027-03-08.ics"], message.Attachments.OfType<MimePart>().Select(a => a.FileName!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(2, Contractor.DefaultProgrammeMaxOrders)]   // written in parts; then a dispatcher that would send it whole
    [InlineData(Contractor.DefaultProgrammeMaxOrders, 2)]   // written whole; then one that would send it in parts
    public async Task Dispatch_AgainWithAnotherMaximum_WritesNoOtherProgrammeForTheWeek(int firstMax, int laterMax)
    {
        await ApplyEightBlocksAsync(Config(firstMax));
        Clock.Reset(Thursday);
        await using var server = TestSmtpServer.Start();
        await Dispatcher(Config(firstMax), Smtp(server.Port)).DispatchDueAsync(500);
        var written = await ProgrammeRowsAsync();
        var sent = server.Messages.Count;

        var again = await Dispatcher(Config(firstMax), Smtp(server.Port)).EnqueueWeeklyAsync();
        var other = await Dispatcher(Config(laterMax), Smtp(server.Port), seed: 2).DispatchDueAsync(500);
        Clock.Advance(Duration.FromDays(1));
        var friday = await Dispatcher(Config(laterMax), Smtp(server.Port)).DispatchDueAsync(500);

        Assert.Equal((0, 0, 0), (again, other.Enqueued, friday.Enqueued));
        Assert.Equal(written, await ProgrammeRowsAsync());
        Assert.Equal(sent, server.Messages.Count);
    }

    [Fact]
    public async Task Dispatch_OrderAddedAfterTheParts_GoesAsANoticeOfItsOwn()
    {
        await ApplyEightBlocksAsync(Config(3));
        Clock.Reset(Thursday);
        await using var server = TestSmtpServer.Start();
        await Dispatcher(Config(3), Smtp(server.Port)).DispatchDueAsync(500);
        var parts = await ProgrammeRowsAsync();

        // Friday: a ninth block cleaned weekly; its order in the week of 8 March is late for the programme.
        Clock.Advance(Duration.FromDays(1));
        await ApplyEightBlocksAsync(Config(3), more: 8, asOf: new LocalDate(2027, 3, 5));
        var added = (await WeekAsync()).Select(o => o.Split('|')).Single(o => parts.All(p => !p.Split('|')[2].Split(' ').Contains(o[0])));
        await Dispatcher(Config(3), Smtp(server.Port)).DispatchDueAsync(500);

        Assert.Equal(parts, await ProgrammeRowsAsync());
        Assert.Equal([$"order/{added[1]}/0|sent"], await OutboxRowsAsync("idempotency_key || '|' || status", $"work_order_ids @> ARRAY[{added[0]}]::bigint[]"));
        Assert.Single(server.Messages, m => m.MessageId == $"order/{added[1]}/0@estate-scheduler");
    }

    [Fact]
    public async Task Enqueue_WhileAnotherWriterHoldsTheWeek_WaitsAndThenWritesNothing()
    {
        // One writer has written the week whole and not yet committed; another, with a smaller maximum, would write it in
        // parts under other keys. It must wait for the first (the week's advisory lock), then see its programme.
        await ApplyEightBlocksAsync(Config(2));
        var week = await WeekAsync();
        Clock.Reset(Thursday);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.Equal(1, await OutboxProgrammes.EnqueueProgrammeAsync(
            connection, transaction, "sparkle", ProgrammeWeek.Of(new LocalDate(2027, 3, 8), TestEstate.Calendar), week.Count, key => $"{key}@estate-scheduler", Clock.GetCurrentInstant()));

        var second = Dispatcher(Config(2), Smtp(1)).EnqueueWeeklyAsync();
        while (!second.IsCompleted && await Database.DataSource.ScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 0)
        {
            await Task.Delay(10);
        }

        Assert.False(second.IsCompleted, "the second writer finished while the first still held the week");
        await transaction.CommitAsync();
        await second;

        Assert.Equal([$"{Week}|{Week}@estate-scheduler|{string.Join(' ', week.Select(o => o.Split('|')[0]))}|-|pending"], await ProgrammeRowsAsync());
        Assert.Equal(0, await CountAsync($"kind <> 'contractor-programme' AND work_order_ids && '{{{string.Join(',', week.Select(o => o.Split('|')[0]))}}}'::bigint[]"));
    }

    [Fact]
    public async Task Enqueue_AgainAfterTheWriteWasLost_WritesTheSameParts()
    {
        await ApplyEightBlocksAsync(Config(3));
        Clock.Reset(Thursday);
        var dispatcher = Dispatcher(Config(3), Smtp(1));
        await dispatcher.EnqueueWeeklyAsync();
        var first = await ProgrammeRowsAsync();
        Assert.True(first.Count > 1, $"{first.Count} part(s)");

        // As if the writing transaction had never committed (a crash): the next round writes the same parts.
        Assert.Equal(first.Count, await Database.DataSource.ScalarAsync<long>(
            "WITH gone AS (DELETE FROM outbox_messages WHERE kind = 'contractor-programme' AND recipient_id = 'sparkle' RETURNING 1) SELECT count(*) FROM gone"));
        await Dispatcher(Config(3), Smtp(1), seed: 2).EnqueueWeeklyAsync();

        Assert.Equal(first, await ProgrammeRowsAsync());
    }

    [Fact]
    public async Task Dispatch_PartsDead_TheirOrdersWaitForTheOperatorAndARevivedPartGoesOnce()
    {
        await ApplyEightBlocksAsync(Config(2, TestSmtpServer.Rejected));
        Clock.Reset(Thursday);
        await using var server = TestSmtpServer.Start();
        await Dispatcher(Config(2, TestSmtpServer.Rejected), Smtp(server.Port)).DispatchDueAsync(500);
        var parts = await OutboxRowsAsync("id, status, array_to_string(work_order_ids, ' ')", "kind = 'contractor-programme' AND recipient_id = 'sparkle'");
        Assert.True(parts.Count > 1, $"{parts.Count} part(s)");
        Assert.All(parts, p => Assert.Equal("dead", p.Split('|')[1]));

        // The next days: the orders stay planned and nothing new names them.
        var before = await CountAsync("true");
        for (var day = 0; day < 2; day++)
        {
            Clock.Advance(Duration.FromDays(1));
            await Dispatcher(Config(2, TestSmtpServer.Rejected), Smtp(server.Port)).DispatchDueAsync(500);
        }

        Assert.Equal(before, await CountAsync("true"));
        Assert.Equal(0, await CountAsync("kind <> 'contractor-programme' AND work_order_ids && (SELECT array_agg(x) FROM outbox_messages, unnest(work_order_ids) x WHERE kind = 'contractor-programme' AND recipient_id = 'sparkle')"));
        Assert.Equal(0, await Database.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM work_orders WHERE contractor_id = 'sparkle' AND target_date BETWEEN '2027-03-08' AND '2027-03-14' AND status <> 'planned'"));

        // The operator mends the address and revives part 1: it goes, once, with its own Message-Id; only its orders are issued.
        await Database.DataSource.ScalarAsync<int>("UPDATE contractors SET email = 'jobs@sparkle.example' WHERE id = 'sparkle' RETURNING 1");
        var id = long.Parse(parts[0].Split('|')[0], System.Globalization.CultureInfo.InvariantCulture);
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(OutboxRetryResult.Revived, await OutboxAdmin.RetryAsync(db, id, Clock.GetCurrentInstant()));
        }

        var revived = await Dispatcher(Config(2), Smtp(server.Port)).DispatchDueAsync(500);
        Assert.Equal((1, 0), (revived.Sent, revived.Enqueued));
        Assert.Single(server.Messages, m => m.MessageId == $"{Week}/1@estate-scheduler");
        Assert.Equal(
            parts[0].Split('|')[2].Split(' ').Order(StringComparer.Ordinal),
            (await Database.DataSource.RowsAsync("SELECT id FROM work_orders WHERE contractor_id = 'sparkle' AND status = 'issued'")).Order(StringComparer.Ordinal));
    }
}
