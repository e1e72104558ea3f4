using System.Text.RegularExpressions;
using NodaTime;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;
using Scheduler.Worker.Outbox;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Letters;

/// <summary>
/// Letters are dated, and posted letters go in the batch of the day they are posted (session 29). Before, a letter had no
/// date, and the batch file was named after the day the dispatcher ran, Saturdays, Sundays and bank holidays included,
/// though no post goes on them. Now an email is dated the London day it is sent; a printed letter the day of its batch,
/// the first working day after it was written (the organisation's bank-holiday calendar), so a batch is complete when its
/// day begins and is collected and posted that day.
/// </summary>
public sealed partial class TenantLetterDispatchTests
{
    [Fact]
    public async Task Dispatch_PostLettersWrittenFridaySaturdayAndSunday_ShareMondaysBatch_EachDatedMonday_EmailsDatedTheDayTheyGo()
    {
        await using var server = TestSmtpServer.Start();
        var posted = new List<string>();
        var emailed = new List<string>();
        Clock.Reset(Instant.FromUtc(2027, 3, 5, 9, 0)); // Friday
        foreach (var day in new[] { "Friday", "Saturday", "Sunday" })
        {
            posted.Add(await EnqueueAsync("T2", GasFirst with { HomeId = "H4" }));
            emailed.Add(await EnqueueAsync("T1", GasFirst));
            var summary = await Dispatcher(Config(), Smtp(server.Port) with { LetterBatchDirectory = _batchFolder }).DispatchDueAsync(50);
            Assert.True(summary.Sent == 2, $"{day}: {summary}");
            Clock.Advance(Duration.FromDays(1));
        }

        Assert.Equal(["2027-03-08.html"], Directory.GetFiles(_batchFolder).Select(Path.GetFileName));
        Assert.Equal(3, await CountAsync("delivered_via = 'post:2027-03-08.html' AND status = 'sent'"));
        var file = await File.ReadAllTextAsync(Path.Join(_batchFolder, "2027-03-08.html"));
        Assert.Contains("<title>Letters for posting, 2027-03-08</title>", file, StringComparison.Ordinal);
        foreach (var key in posted)
        {
            // Under the address block, before the greeting: the day it is posted.
            Assert.Equal("8 March 2027", DateLine(PrintedPage.Read(file, MessageIds.FromKey(key)).Section));
        }

        var sent = server.Messages.ToDictionary(m => m.MessageId!, StringComparer.Ordinal);
        Assert.Equal(
            ["5 March 2027", "6 March 2027", "7 March 2027"],
            emailed.Select(key => sent[MessageIds.FromKey(key)]).Select(m => TextDateLine(m.TextBody)));
        Assert.Equal("7 March 2027", DateLine(sent[MessageIds.FromKey(emailed[^1])].HtmlBody!));
    }

    [Fact]
    public async Task Dispatch_PostLetterWrittenBeforeEaster_GoesInTheBatchOfTheNextWorkingDayOfTheOrganisationsRegion()
    {
        // Thursday 25 March 2027: Good Friday follows, and in England and Wales Easter Monday; Scotland has no Easter Monday.
        await AddTenantAsync("T6", "H4", "Jan Kowalski", null, language: "pl");
        Clock.Reset(Instant.FromUtc(2027, 3, 25, 9, 0));
        var english = await EnqueueAsync("T2", GasFirst with { HomeId = "H4" });
        var polish = await EnqueueAsync("T6", GasFirst with { HomeId = "H4", Letter = TenantLetterKinds.AppointmentSecond });
        var mail = Smtp(1) with { LetterBatchDirectory = _batchFolder };
        Assert.Equal(2, (await Dispatcher(Config(), mail).DispatchDueAsync(50)).Sent);

        var scottish = await EnqueueAsync("T2", GasFirst with { HomeId = "H4", Letter = TenantLetterKinds.AppointmentThird });
        var scotland = Config() with { Organisation = Config().Organisation with { BankHolidays = BankHolidayRegion.Scotland } };
        Assert.Equal(1, (await Dispatcher(scotland, mail).DispatchDueAsync(50)).Sent);

        Assert.Equal(["2027-03-29.html", "2027-03-30.html"], Directory.GetFiles(_batchFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var tuesday = await File.ReadAllTextAsync(Path.Join(_batchFolder, "2027-03-30.html"));
        Assert.Equal("30 March 2027", DateLine(PrintedPage.Read(tuesday, MessageIds.FromKey(english)).Section));
        Assert.Equal("30 marca 2027", DateLine(PrintedPage.Read(tuesday, MessageIds.FromKey(polish)).Section));
        var monday = await File.ReadAllTextAsync(Path.Join(_batchFolder, "2027-03-29.html"));
        Assert.Equal("29 March 2027", DateLine(PrintedPage.Read(monday, MessageIds.FromKey(scottish)).Section));
    }

    [Fact]
    public async Task Dispatch_WithTheHostsCalendar_PostsOnItsWorkingDays_AndDatesByTheLondonDay()
    {
        // 23:30 UTC on Monday 1 March 2027 is still Monday in London (GMT); a calendar with Tuesday 2 March as a holiday
        // (as config/bank-holidays.json could give) puts Monday's letters in Wednesday's batch.
        Clock.Reset(Instant.FromUtc(2027, 3, 1, 23, 30));
        var holidays = new[] { new BankHoliday(new LocalDate(2027, 3, 2), "A one-off bank holiday", false, false) };
        var calendar = new WorkingDayCalendar(BankHolidayRegion.EnglandAndWales, holidays);
        var letter = await EnqueueAsync("T2", GasFirst with { HomeId = "H4" });
        await using var server = TestSmtpServer.Start();
        var email = await EnqueueAsync("T1", GasFirst);
        var dispatcher = new OutboxDispatcher(
            Database.DataSource, Config(), EmailTestData.Renderer(), Smtp(server.Port) with { LetterBatchDirectory = _batchFolder }, Clock,
            RetryPolicy.Default(new Random(1)), DispatchOptions.Default, workingDays: calendar);

        Assert.Equal(2, (await dispatcher.DispatchDueAsync(50)).Sent);

        var file = await File.ReadAllTextAsync(Path.Join(_batchFolder, "2027-03-03.html"));
        Assert.Equal("3 March 2027", DateLine(PrintedPage.Read(file, MessageIds.FromKey(letter)).Section));
        Assert.Equal("1 March 2027", TextDateLine(Assert.Single(server.Messages).TextBody));
        Assert.Equal(MessageIds.FromKey(email), server.Messages.Single().MessageId);

        // An hour later it is Tuesday in London: an email is dated Tuesday, the holiday or not.
        Clock.Advance(Duration.FromMinutes(60));
        var tuesdayEmail = await EnqueueAsync("T1", GasFirst with { Letter = TenantLetterKinds.AppointmentSecond });
        Assert.Equal(1, (await dispatcher.DispatchDueAsync(50)).Sent);
        Assert.Equal("2 March 2027", TextDateLine(server.Messages.Single(m => m.MessageId == MessageIds.FromKey(tuesdayEmail)).TextBody));
    }

    /// <summary>The date line of a rendered letter: the first paragraph of its body, under the address, before the greeting.</summary>
    private static string DateLine(string html)
    {
        var match = FirstParagraphs().Match(html);
        Assert.True(match.Success, "no date line before the greeting");
        return match.Groups[1].Value;
    }

    /// <summary>The date line of a plain-text letter: its first line, then a blank line, then the greeting.</summary>
    private static string TextDateLine(string? text)
    {
        var lines = (text ?? string.Empty).ReplaceLineEndings("\n").Split('\n');
        Assert.True(lines.Length > 2 && lines[1].Length == 0 && (lines[2].StartsWith("Dear ", StringComparison.Ordinal) || lines[2] == "Szanowni Państwo,"), text);
        return lines[0];
    }

    [GeneratedRegex(@"<div style=""[^""]*"">\n<p>([^<]*)</p>\n<p>(?:Dear |Szanowni Państwo,)")]
    private static partial Regex FirstParagraphs();
}
