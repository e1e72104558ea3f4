using System.Text.RegularExpressions;
using MimeKit;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Feedback;
using Scheduler.Persistence;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Outbox;
using Scheduler.Worker.Reports;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Zone;

/// <summary>
/// Local dates follow the configuration's <c>organisation.timeZone</c> (<see cref="Organisation.Zone"/>), not a zone
/// written in the code: here Asia/Tokyo (UTC+9 all year), whose day starts 9 hours (GMT) or 8 hours (BST) before
/// London's. Until branch zone29 the recorder's today and its date-only completion time, an issue-ahead release
/// (both writers), a notice's feedback links and a timed appointment's calendar entry were London's whatever the
/// config said. Real recorder, apply, PostgreSQL, dispatcher and pickup folder; test estate as <see cref="OutboxTestBase"/>.
/// </summary>
public sealed partial class OrganisationZoneTests : OutboxTestBase
{
    private const string Visited = "WO-2027-900001";
    private const string Other = "WO-2027-900002";

    private static readonly DateTimeZone Tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];

    /// <summary><paramref name="config"/> with its organisation in Asia/Tokyo.</summary>
    private static EstateConfiguration InTokyo(EstateConfiguration config) =>
        config with { Organisation = config.Organisation with { TimeZone = "Asia/Tokyo" } };

    private static CompletionReport Done(string reference, LocalDate on) =>
        new(reference, "warmfix", VisitOutcome.Done, on, CompletionSources.Api, null, null);

    [Fact]
    public void Organisation_Zone_IsTheConfiguredZone_AlsoAfterAWith()
    {
        var london = TestEstate.Organisation;
        var tokyo = london with { TimeZone = "Asia/Tokyo" };

        Assert.Same(DateTimeZoneProviders.Tzdb["Europe/London"], london.Zone);
        Assert.Same(Tokyo, tokyo.Zone);
        Assert.Equal("Asia/Tokyo", tokyo.TimeZone);
        Assert.NotEqual(london, tokyo);
        Assert.Throws<InvalidOperationException>(() => (london with { TimeZone = "Europe/Londres" }).Zone);
    }

    [Fact]
    public async Task Recorder_InTokyo_TodayIsTokyosDate_AndADateOnlyReportIsDoneAtItsMidnightThere()
    {
        await InsertIssuedGasOrderAsync(Visited);
        await InsertIssuedGasOrderAsync(Other);

        // 20:00 UTC on Thu 4 March 2027: still the 4th in London, already 05:00 on Fri 5 March in Tokyo.
        Clock.Reset(Instant.FromUtc(2027, 3, 4, 20, 0));
        var friday = new LocalDate(2027, 3, 5);
        var inTokyo = new CompletionRecorder(Database.DataSource, Clock, InTokyo(TestEstate.Config()).Organisation.Zone, []);
        var inLondon = new CompletionRecorder(Database.DataSource, Clock, TestEstate.Config().Organisation.Zone, []);

        // London's recorder refuses Friday as a day still to come; Tokyo's records it, one report at a time and in an upload.
        Assert.Equal(CompletionRefusal.DateInFuture, (await inLondon.RecordAsync(Done(Visited, friday))).Refusal);
        Assert.Equal(CompletionStatus.Recorded, (await inTokyo.RecordAsync(Done(Visited, friday))).Status);
        Assert.Equal(CompletionRefusal.DateInFuture, (await inTokyo.RecordAsync(Done(Other, friday.PlusDays(1)))).Refusal);
        Assert.Equal(CompletionStatus.Recorded, (await inTokyo.RecordManyAsync([Done(Other, friday)])).Single().Status);

        // completed_on is the day reported; completed_at, with no time given, 00:00 of it in Tokyo (15:00 UTC on the 4th).
        Assert.Equal(
            [$"{Visited} completed 2027-03-05 2027-03-04T15:00:00Z", $"{Other} completed 2027-03-05 2027-03-04T15:00:00Z"],
            await Database.DataSource.RowsAsync(
                "SELECT reference || ' ' || status || ' ' || completed_on::text || ' ' || to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM work_orders ORDER BY reference"));
    }

    [Fact]
    public async Task IssueAheadNotice_InTokyo_ReleasedAtTokyoMidnightDatedThen_ItsLinksStopAtTokyoMidnightAfterTheirLastDay()
    {
        var config = InTokyo(TestEstate.Config(
            contractors:
            [
                TestEstate.Cleaner() with { Dispatch = DispatchMode.PerOrder, IssueAhead = Period.FromWeeks(4) },
                TestEstate.Grounds(),
                TestEstate.GasEngineer(),
            ],
            horizonWeeks: 16));
        await ApplyAsync(config);

        // Every deferred notice is due at 00:00 in Tokyo of its window's first day less 4 weeks (the set-based writer
        // agrees: IssueAheadDispatchTests).
        var deferred = await Database.DataSource.RowsAsync(
            """
            SELECT w.window_start::text || ' ' || to_char(o.release_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
            FROM outbox_messages o JOIN work_orders w ON w.id = o.work_order_ids[1]
            WHERE o.release_at IS NOT NULL ORDER BY o.id
            """);
        Assert.NotEmpty(deferred);
        Assert.All(deferred, row =>
        {
            var parts = row.Split(' ');
            var release = Day(parts[0]).PlusDays(-28).AtStartOfDayInZone(Tokyo).ToInstant();
            Assert.Equal(InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss").Format(release), parts[1]);
        });

        // At the first release, the notices released then go, dated then; their links work to the end of their last day
        // in Tokyo and not a second longer.
        var release = await Database.DataSource.ScalarAsync<Instant>("SELECT min(release_at) FROM outbox_messages");
        Assert.Equal(LocalTime.Midnight, release.InZone(Tokyo).TimeOfDay);
        Clock.Reset(release);
        var links = new FeedbackLinks(new FeedbackOptions { SigningKey = Feedback.FeedbackHost.SigningKey, BaseUrl = "https://feedback.example.org/" });
        var folder = Directory.CreateTempSubdirectory("zone-mail-").FullName;
        try
        {
            var dispatcher = new OutboxDispatcher(
                Database.DataSource, config, EmailTestData.Renderer(), Pickup(folder), Clock, RetryPolicy.Default(new Random(1)), DispatchOptions.Default, feedbackLinks: links);
            await dispatcher.DispatchDueAsync(500);
            var notice = Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))
                .First(m => m.Date == release.ToDateTimeOffset() && m.MessageId!.StartsWith("order/", StringComparison.Ordinal));

            var reference = ReferencePattern().Match(notice.MessageId!).Value;
            var windowEnd = Day((await Database.DataSource.RowsAsync($"SELECT window_end::text FROM work_orders WHERE reference = '{reference}'")).Single());
            var lastDay = windowEnd.PlusDays(new FeedbackOptions().LinkDaysAfterWindow);
            var stops = lastDay.PlusDays(1).AtStartOfDayInZone(Tokyo).ToInstant();
            var token = LinkPattern().Match(notice.TextBody ?? string.Empty).Groups[1].Value;
            Assert.True(links.Verify(token, stops - Duration.FromSeconds(1)).IsValid);
            Assert.Equal(FeedbackTokenStatus.Expired, links.Verify(token, stops).Status);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Report_InTokyo_ARepairReportedOnNewYearsDayThereCountsInTheNewYear()
    {
        // A defect reported at 16:00 UTC on 31 December 2027: 01:00 on 1 January 2028 in Tokyo (16:00 on the 31st in London).
        var london = TestEstate.Config(contractors:
        [
            TestEstate.Cleaner(),
            TestEstate.Grounds(),
            new("warmfix", "Warmfix Heating", "jobs@warmfix.example", ["gas-safety", "gas-repair"], ["north", "south"], DispatchMode.PerOrder),
            new("fixit", "Fixit Repairs", "jobs@fixit.example", ["repairs"], ["north", "south"], DispatchMode.PerOrder),
        ]);
        var tokyo = InTokyo(london);
        await InsertIssuedGasOrderAsync(Visited);
        Clock.Reset(Instant.FromUtc(2027, 12, 31, 16, 0));
        var recorder = new CompletionRecorder(Database.DataSource, Clock, tokyo.Organisation.Zone, [new RepairFromDefectEffect(tokyo, TestEstate.Calendar, Clock)]);
        var recorded = await recorder.RecordAsync(
            new CompletionReport(Visited, "warmfix", VisitOutcome.Defect, new LocalDate(2028, 1, 1), CompletionSources.Api, "repairs-routine", null));
        Assert.Equal(CompletionStatus.Recorded, recorded.Status);

        // The repair's window starts on its report's day in Tokyo.
        Assert.Equal(
            ["repairs-routine 2028-01-01"],
            await Database.DataSource.RowsAsync("SELECT sla_category || ' ' || window_start::text FROM work_orders WHERE sla_category IS NOT NULL"));

        await using var db = EstateDatabase.CreateContext(Database.DataSource);
        static int Repairs(PerformanceReport report) => report.Figures.Where(f => f.Commitment == "repairs-routine").Sum(f => f.Planned);
        Assert.Equal(1, Repairs(await PerformanceReportBuilder.LoadAsync(db, tokyo, 2028, CancellationToken.None)));
        Assert.Equal(0, Repairs(await PerformanceReportBuilder.LoadAsync(db, tokyo, 2027, CancellationToken.None)));
        Assert.Equal(1, Repairs(await PerformanceReportBuilder.LoadAsync(db, london, 2027, CancellationToken.None)));
    }

    private static LocalDate Day(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();

    [GeneratedRegex("WO-[0-9]{4}-[0-9]{6}")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex("https://feedback\\.example\\.org/feedback/([A-Za-z0-9_.-]+)\\?outcome=done")]
    private static partial Regex LinkPattern();
}
