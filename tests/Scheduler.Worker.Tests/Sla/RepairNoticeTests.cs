using MimeKit;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Sla;

/// <summary>
/// A repair raised from a defect is sent to its contractor with the promise it carries and the moment it is due by
/// (docs/sla.md, "What the contractor is told"): the email's lead, its details (text and HTML) and its calendar entry
/// say it, in Europe/London. Until branch review28 the notice of an emergency ("attend and make safe within 4 hours")
/// read like routine work: "Please do this work within the window below", a window of one whole day, no hour and no
/// word that it was an emergency. Real recorder, RepairFromDefectEffect, PostgreSQL, dispatcher and SMTP server.
/// </summary>
public sealed partial class RepairNoticeTests : OutboxTestBase
{
    private const string Visited = "WO-2027-900001";

    private static EstateConfiguration Config(DispatchMode repairs = DispatchMode.PerOrder) => TestEstate.Config(contractors:
    [
        TestEstate.Cleaner(),
        TestEstate.Grounds(),
        new("warmfix", "Warmfix Heating", "jobs@warmfix.example", ["gas-safety", "gas-repair"], ["north", "south"], DispatchMode.PerOrder),
        new("fixit", "Fixit Repairs", "jobs@fixit.example", ["repairs"], ["north", "south"], repairs),
    ]);

    /// <summary>Reports a defect of <paramref name="category"/> on a gas order at home H1 at <paramref name="reported"/>,
    /// dispatches, and returns the one notice the repair's contractor got. The report's <paramref name="note"/> describes the
    /// defect; <paramref name="imported"/> records it as a CSV import does (<c>RecordManyAsync</c>), else as the API does.</summary>
    private async Task<MimeMessage> RepairNoticeAsync(
        string category, Instant reported, string contractorEmail, DispatchMode repairs = DispatchMode.PerOrder, Instant? dispatchAt = null,
        string? note = null, bool imported = false)
    {
        var config = Config(repairs);
        await InsertIssuedGasOrderAsync(Visited);
        Clock.Reset(reported);
        var recorder = new CompletionRecorder(Database.DataSource, Clock, config.Organisation.Zone, [new RepairFromDefectEffect(config, TestEstate.Calendar, Clock)]);
        var day = reported.InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        var result = imported
            ? Assert.Single(await recorder.RecordManyAsync([new CompletionReport(Visited, "warmfix", VisitOutcome.Defect, day, CompletionSources.Csv, category, note)]))
            : await recorder.RecordAsync(new CompletionReport(Visited, "warmfix", VisitOutcome.Defect, day, CompletionSources.Api, category, note));
        Assert.Equal(CompletionStatus.Recorded, result.Status);

        Clock.Reset(dispatchAt ?? reported);
        await using var server = TestSmtpServer.Start();
        await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(50);
        return Assert.Single(server.Messages, m => m.To.Mailboxes.Single().Address == contractorEmail);
    }

    private static string Unfolded(string ics) => ics.Replace("\r\n ", string.Empty, StringComparison.Ordinal);

    /// <summary>Each of <paramref name="parts"/> is in <paramref name="text"/>.</summary>
    private static void AssertHas(string? text, params string[] parts) =>
        Assert.All(parts, part => Assert.Contains(part, text, StringComparison.Ordinal));

    [Fact]
    public async Task Emergency_NoticeSaysItIsAnEmergencyDueFourHoursAfterTheReport()
    {
        // Reported Thu 4 Mar 2027 10:00 GMT: attend and make safe within 4 hours, so by 2pm; the window is the whole day.
        var notice = await RepairNoticeAsync("repairs-emergency", Instant.FromUtc(2027, 3, 4, 10, 0), "jobs@fixit.example");

        Assert.DoesNotContain("within the window", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("within the window", notice.HtmlBody, StringComparison.Ordinal);
        AssertHas(notice.TextBody, "If you cannot do this repair by that time, please reply to this email and tell us why.");
        AssertHas(notice.HtmlBody, "<p>If you cannot do this repair by that time, please reply to this email and tell us why.");
        AssertHas(
            notice.TextBody,
            "This is an emergency repair. Please do this repair by 2pm on Thursday 4 March 2027: that is the time we promised the tenant (attend and make safe within 4 hours of the report).",
            "Window:       Thursday 4 March 2027 to Thursday 4 March 2027 (both days included)",
            "Repair:       Emergency repairs: attend and make safe within 4 hours of the report",
            "Reported:     10am on Thursday 4 March 2027",
            "Due:          by 2pm on Thursday 4 March 2027");
        AssertHas(
            notice.HtmlBody,
            "<strong>This is an emergency repair.</strong> Please do this repair <strong>by 2pm on Thursday 4 March 2027</strong>",
            "<th scope=\"row\" style=\"text-align: left; padding: 0.2em 1em 0.2em 0; vertical-align: top;\">Due</th><td><strong>by 2pm on Thursday 4 March 2027</strong></td>");
        AssertHas(
            Unfolded(IcsOf(notice)),
            @"Emergency repair\, due by 2pm on Thursday 4 March 2027 (Emergency repairs: attend and make safe within 4 hours of the report\, made 10am on Thursday 4 March 2027)");
    }

    [Fact]
    public async Task Emergency_AcrossTheOctoberClockChange_IsDueAtTheLondonHourFourElapsedHoursOn()
    {
        // 00:30 BST on Sun 31 Oct 2027 (23:30 UTC on the 30th); 4 elapsed hours on is 03:30 GMT: the wall clock says 3:30am.
        var notice = await RepairNoticeAsync("repairs-emergency", Instant.FromUtc(2027, 10, 30, 23, 30), "jobs@fixit.example");

        AssertHas(notice.TextBody, "Reported:     12:30am on Sunday 31 October 2027", "Due:          by 3:30am on Sunday 31 October 2027");
    }

    [Fact]
    public async Task GasHeatingCallOut_GoesToTheGasContractorAsAnEmergencyDueSixHoursOn()
    {
        var notice = await RepairNoticeAsync("gas-heating-attend", Instant.FromUtc(2027, 3, 4, 10, 0), "jobs@warmfix.example");

        AssertHas(notice.TextBody, "This is an emergency repair. Please do this repair by 4pm on Thursday 4 March 2027", "Due:          by 4pm on Thursday 4 March 2027");
    }

    [Fact]
    public async Task Routine_NoticeSaysTheDayItIsDueByTheEndOf_NotAnEmergency()
    {
        // 17 calendar days from Thu 4 Mar 2027: by the end of Sun 21 Mar (sla_due_at 2027-03-22T00:00Z), the window's last day.
        var notice = await RepairNoticeAsync("repairs-routine", Instant.FromUtc(2027, 3, 4, 10, 0), "jobs@fixit.example");

        Assert.DoesNotContain("emergency", notice.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("midnight", notice.TextBody, StringComparison.Ordinal);
        AssertHas(
            notice.TextBody,
            "Please do this repair by the end of Sunday 21 March 2027: that is the time we promised the tenant (complete within 17 days of the report).",
            "Window:       Thursday 4 March 2027 to Sunday 21 March 2027 (both days included)",
            "Due:          by the end of Sunday 21 March 2027");
        AssertHas(Unfolded(IcsOf(notice)), @"Repair\, due by the end of Sunday 21 March 2027 (Routine repairs: complete within 17 days of the report");
    }

    [Fact]
    public async Task Routine_ToAWeeklyContractor_GetsANoticeOfItsOwnTheDayItIsReported()
    {
        // Its window opens on the day of the report, Thursday 4 March 2027, whose week's programme has gone: since prog29
        // a weekly contractor's order is in the programme of the week its window's first working day is in, so no
        // programme can carry it and it goes at once. (Before, it waited for the programme of the week it is aimed in,
        // sent on Thursday 11 March, 7 of its 17 days later.)
        var notice = await RepairNoticeAsync("repairs-routine", Instant.FromUtc(2027, 3, 4, 10, 0), "jobs@fixit.example", DispatchMode.Weekly);

        Assert.StartsWith("order/", notice.MessageId, StringComparison.Ordinal);
        AssertHas(notice.TextBody, "Please do this repair by the end of Sunday 21 March 2027", "Due:          by the end of Sunday 21 March 2027");
    }

    [Fact]
    public async Task Routine_ToAWeeklyContractor_InTheProgrammeOfTheWeekItsWindowOpensItSaysWhenItIsDue()
    {
        // Reported on Saturday 13 March 2027 (due by the end of Tuesday 30 March), first workable on Monday 15 March:
        // the first round since no dispatcher ran on Thursday 11 March writes the programme of 15 March, which carries it.
        var programme = await RepairNoticeAsync(
            "repairs-routine", Instant.FromUtc(2027, 3, 13, 10, 0), "jobs@fixit.example", DispatchMode.Weekly);

        Assert.StartsWith("programme/fixit/2027-03-15", programme.MessageId, StringComparison.Ordinal);
        Assert.Contains(
            "  Repair, due by the end of Tuesday 30 March 2027 (Routine repairs: complete within 17 days of the report, made 10am on Saturday 13 March 2027)",
            programme.TextBody, StringComparison.Ordinal);
        Assert.Contains(
            "<br><strong>Repair, due by the end of Tuesday 30 March 2027</strong> (Routine repairs: complete within 17 days of the report, made 10am on Saturday 13 March 2027)",
            programme.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalendarWork_NoticeHasNoRepairLines()
    {
        var config = Config();
        await ApplyAsync(config);
        await using var server = TestSmtpServer.Start();
        await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);

        Assert.NotEmpty(server.Messages);
        Assert.All(server.Messages, m =>
        {
            Assert.Contains("Please do this work", m.TextBody, StringComparison.Ordinal);
            Assert.Contains("If you cannot do this work within the window", m.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Due:", m.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("repair", m.TextBody, StringComparison.OrdinalIgnoreCase);
        });
    }
}
