using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;
using TestEstate = Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Worker.Tests.Programmes;

/// <summary>
/// A weekly contractor hears of an order in time to do it within its window (branch prog29; real apply, dispatchers
/// and SMTP server): the summer hedge cut, window Sunday 1 – Tuesday 31 August 2027 and aimed at its end, is in the
/// programme of 2–8 August (sent Thursday 29 July), listed under Tuesday 31 August "(after this week)" with a line
/// saying why it comes now; not in the programme of the week before (its window is not open), and not again in that of
/// 30 August. One created after its opening week's programme went gets a notice of its own at once, not in its target's
/// week. On main the programme of 2–8 August does not name it (by target date: the programme of 30 August, sent 26
/// August, two working days before the window closes), and the late one waits for its target's week.
/// </summary>
public sealed class ProgrammeWindowTests : OutboxTestBase
{
    private static readonly Instant July22 = Instant.FromUtc(2027, 7, 22, 8, 0);   // Thursday: programme of 26 July – 1 August
    private static readonly Instant July29 = Instant.FromUtc(2027, 7, 29, 8, 0);   // Thursday: programme of 2–8 August
    private static readonly Instant August26 = Instant.FromUtc(2027, 8, 26, 8, 0); // Thursday: programme of 30 August – 5 September

    private static Schedule HedgeCut() => new(
        "hedge-cut", "hedge-cut", AssetKind.Site, new Dictionary<string, string>(),
        [new MonthsRule([2]), new MonthsRule([8], 1, TargetPlacement.End)], []);

    private static EstateConfiguration Config(bool hedges, string version = "v1") => TestEstate.Config(
        hedges ? [.. TestEstate.AllSchedules(), HedgeCut()] : TestEstate.AllSchedules(),
        [TestEstate.Cleaner(), TestEstate.Grounds() with { Services = ["grass-cut", "path-sweep", "hedge-cut"] }, TestEstate.GasEngineer()],
        version,
        horizonWeeks: 12);

    private Task<List<string>> HedgeMessagesAsync() => Database.DataSource.RowsAsync("""
        SELECT w.reference || '|' || o.kind || '|' || o.idempotency_key
        FROM work_orders w JOIN outbox_messages o ON o.work_order_ids @> ARRAY[w.id] AND o.recipient_kind = 'contractor'
        WHERE w.schedule_id = 'hedge-cut' AND w.window_start = '2027-08-01'
        ORDER BY w.reference, o.id
        """);

    private Task<List<string>> HedgeReferencesAsync() => Database.DataSource.RowsAsync(
        "SELECT reference FROM work_orders WHERE schedule_id = 'hedge-cut' AND window_start = '2027-08-01' ORDER BY reference");

    [Fact]
    public async Task Programme_HedgeCutAimedAtTheEndOfAugust_IsInTheProgrammeOfTheWeekItsWindowOpensOnly()
    {
        Clock.Reset(Instant.FromUtc(2027, 7, 19, 9, 0));
        await ApplyAsync(Config(hedges: true), new LocalDate(2027, 7, 19));
        var hedges = await HedgeReferencesAsync();
        Assert.Equal(2, hedges.Count);   // sites S1 and S2
        await using var server = TestSmtpServer.Start();

        // 22 July: the programme of 26 July – 1 August does not invite the cut (its window opens on the Sunday, a day
        // the contractor does not work; the nesting season allows August only).
        Clock.Reset(July22);
        await Dispatcher(Config(hedges: true), Smtp(server.Port)).DispatchDueAsync(500);
        Assert.Empty(await HedgeMessagesAsync());

        // 29 July: the programme of 2–8 August carries both, three weeks before their target.
        Clock.Reset(July29);
        await Dispatcher(Config(hedges: true), Smtp(server.Port)).DispatchDueAsync(500);
        Assert.Equal(
            hedges.Select(r => $"{r}|contractor-programme|programme/greenscape/2027-08-02"),
            await HedgeMessagesAsync());
        var programme = Assert.Single(server.Messages, m => m.MessageId == "programme/greenscape/2027-08-02@estate-scheduler");
        var text = programme.TextBody!.ReplaceLineEndings("\n");
        Assert.Contains("2 of them are aimed at a day after this week: their windows open by this week, so we send them now, and no later programme lists them again.", text, StringComparison.Ordinal);
        Assert.Contains("\nTuesday 31 August 2027 (after this week): 2 orders\n", text, StringComparison.Ordinal);
        var afterWeek = text[text.IndexOf("Tuesday 31 August 2027 (after this week)", StringComparison.Ordinal)..];
        Assert.All(hedges, r => Assert.Contains($"\n- {r}: ", afterWeek, StringComparison.Ordinal));

        Assert.Equal(2, CountOf(afterWeek, "  Its window opens by this week, so it is in this programme and no later one: plan it for Tue 31 Aug, its target date, or any day of its window.\n"));
        Assert.Equal(2, CountOf(programme.HtmlBody!, "<br><strong>Plan it for Tue 31 Aug</strong> (its target date) or any day of its window: it is in this programme and no later one"));
        Assert.Contains("Tuesday 31 August 2027 (after this week): 2 orders</h2>", programme.HtmlBody, StringComparison.Ordinal);

        // 26 August: the programme of 30 August does not list them again, and no notice of their own.
        Clock.Reset(August26);
        await Dispatcher(Config(hedges: true), Smtp(server.Port)).DispatchDueAsync(500);
        Assert.Equal(1, await CountAsync("idempotency_key = 'programme/greenscape/2027-08-30'"));
        Assert.Equal(
            hedges.Select(r => $"{r}|contractor-programme|programme/greenscape/2027-08-02"),
            await HedgeMessagesAsync());
    }

    [Fact]
    public async Task Late_HedgeCutMadeAfterItsOpeningWeeksProgrammeWent_GetsItsNoticeAtOnce()
    {
        // The programme of 2–8 August goes on 29 July before the hedge cut is in config; the apply of 30 July makes it.
        Clock.Reset(Instant.FromUtc(2027, 7, 19, 9, 0));
        await ApplyAsync(Config(hedges: false), new LocalDate(2027, 7, 19));
        await using var server = TestSmtpServer.Start();
        Clock.Reset(July29);
        await Dispatcher(Config(hedges: false), Smtp(server.Port)).DispatchDueAsync(500);
        Assert.Equal(1, await CountAsync("idempotency_key = 'programme/greenscape/2027-08-02'"));

        Clock.Reset(Instant.FromUtc(2027, 7, 30, 1, 30));
        await ApplyAsync(Config(hedges: true, "v2"), new LocalDate(2027, 7, 30));
        var hedges = await HedgeReferencesAsync();
        Assert.Equal(2, hedges.Count);

        // 30 July: no programme can carry them any more (the one of their opening week has gone), so each gets a notice
        // of its own now, a month before the window closes; none is carried again on 26 August.
        Clock.Reset(Instant.FromUtc(2027, 7, 30, 8, 0));
        await Dispatcher(Config(hedges: true, "v2"), Smtp(server.Port)).DispatchDueAsync(500);
        var notices = hedges.Select(r => $"{r}|contractor-order|order/{r}/0").ToList();
        Assert.Equal(notices, await HedgeMessagesAsync());
        Assert.All(hedges, r => Assert.Single(server.Messages, m => m.MessageId == $"order/{r}/0@estate-scheduler"));

        Clock.Reset(August26);
        await Dispatcher(Config(hedges: true, "v2"), Smtp(server.Port)).DispatchDueAsync(500);
        Assert.Equal(notices, await HedgeMessagesAsync());
    }

    private static int CountOf(string text, string value)
    {
        var (count, at) = (0, 0);
        while ((at = text.IndexOf(value, at, StringComparison.Ordinal)) >= 0)
        {
            count++;
            at += value.Length;
        }

        return count;
    }
}
