using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using static Scheduler.Persistence.Tests.TestEstate;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// A visit whose letter goes by post is booked the post's delivery time (<c>postDays</c>, default 3 working days) later
/// than one whose letter is emailed, through the real booking and the completion effect's rebooking (both routes): the
/// home's first active tenant's channel is read with the candidates and with the reported orders (branch
/// <c>rebook29</c>; docs/gas-safety.md, Letters by post). On main every home was booked as if its letter were emailed.
/// </summary>
public class LettersByPostBookingTests : GasTestBase
{
    private static readonly LocalDate BookOn = new(2027, 3, 15); // a Monday

    // N01's tenant is emailed, N02's asked for post, N03's has no email address (post), N04 is void (no letter at all).
    private static EstateRegister Estate(LocalDate lastCheck) => new(
        [new Area("north", "North patch"), new Area("south", "South patch")],
        [Site("S1")],
        [Block("B1", "S1", "weekly")],
        [.. new[] { "N01", "N02", "N03", "N04" }.Select(id => Home(id, "B1", "S1", lastCheck))],
        [
            Tenant("T-N01", "N01"),
            Tenant("T-N02", "N02", ContactChannel.Post) with { Email = "n02@tenant.example" },
            Tenant("T-N03", "N03", ContactChannel.Post),
        ]);

    private static EstateConfiguration TwoEngineers() =>
        Config([GasSafety() with { Appointment = Policy with { Engineers = new Dictionary<string, int> { ["north"] = 2 } } }], [GasEngineer()]);

    [Fact]
    public async Task BookAsync_OverdueHomes_ThoseWrittenToByPostAreBookedThePostsDeliveryTimeLater()
    {
        var ds = Database.DataSource;
        await ImportAsync(Estate(new LocalDate(2025, 12, 1)), BookOn);
        await ApplyAsync(BookOn, TwoEngineers());

        var result = await Booking(TwoEngineers()).BookAsync(BookOn);

        // Deadline 1 Dec 2026 passed: 5 working days on (Mon 22 Mar) when emailed or void; 8 by post (Thu 25 Mar).
        Assert.Equal(
            ["N01|2027-03-22|2027-03-15", "N02|2027-03-25|2027-03-15", "N03|2027-03-25|2027-03-15", "N04|2027-03-22|2027-03-15"],
            await ds.RowsAsync("SELECT home_id, date::text, letter_on::text FROM gas_appointments ORDER BY home_id"));
        Assert.Equal(4, result.Booked.Count);
        Assert.All(result.Booked, b => Assert.False(b.ShortNotice));
        var letters = (await ds.RowsAsync("SELECT payload::text FROM outbox_messages WHERE kind = 'tenant-letter' ORDER BY recipient_id"))
            .Select(TenantLetterPayload.FromJson).Select(l => $"{l.HomeId} {l.Date:uuuu-MM-dd}");
        Assert.Equal(["N01 2027-03-22", "N02 2027-03-25", "N03 2027-03-25"], letters);
    }

    [Fact]
    public async Task BookAsync_DeadlineLeavesNoRoomForThePost_BooksTheLatestSlotBeforeItAndSaysSo()
    {
        // Checked 25 Mar 2026: deadline Thu 25 Mar 2027, window 26 Jan – 24 Mar. Booked Mon 8 Mar: emailed, 14 days → Mon
        // 22 Mar. By post the letter arrives Thu 11 Mar, and 14 days later is the deadline day: the latest slot that beats
        // it, Wed 24 Mar (PM, then AM for the second such home), marked short notice.
        var ds = Database.DataSource;
        var on = new LocalDate(2027, 3, 8);
        await ImportAsync(Estate(new LocalDate(2026, 3, 25)), on);
        await ApplyAsync(on, GasConfig());

        var result = await Booking().BookAsync(on);

        Assert.Equal(
            ["N01|2027-03-22|AM", "N02|2027-03-24|PM", "N03|2027-03-24|AM", "N04|2027-03-22|PM"],
            await ds.RowsAsync("SELECT home_id, date::text, slot FROM gas_appointments ORDER BY home_id"));
        Assert.Equal(["N02", "N03"], result.Booked.Where(b => b.ShortNotice).Select(b => b.HomeId).Order());
        Assert.Empty(result.Unbooked);

        // Stored as such (migration ShortNoticeBookings), with the day each letter reaches the tenant: the digest reads them.
        Assert.Equal(
            ["N01|false|2027-03-08", "N02|true|2027-03-11", "N03|true|2027-03-11", "N04|false|2027-03-08"],
            await ds.RowsAsync("SELECT home_id, short_notice::text, letter_reaches::text FROM gas_appointments ORDER BY home_id"));
        Assert.Equal(
            ["N03|2027-03-24|AM|2027-03-11|2027-03-25", "N02|2027-03-24|PM|2027-03-11|2027-03-25"],
            (await GasShortNotice.UpcomingAsync(ds, on)).Select(v => $"{v.HomeId}|{v.Date:uuuu-MM-dd}|{v.Slot}|{v.LetterReaches:uuuu-MM-dd}|{v.Deadline:uuuu-MM-dd}"));
        Assert.Empty(await GasShortNotice.UpcomingAsync(ds, new LocalDate(2027, 3, 25)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NoAccess_RebookingOfAHomeWrittenToByPost_IsThePostsDeliveryTimeLater(bool many)
    {
        var ds = Database.DataSource;
        await ImportAsync(Estate(new LocalDate(2026, 6, 10)), BookOn);
        await ApplyAsync(BookOn, TwoEngineers());
        await Booking(TwoEngineers()).BookAsync(BookOn);
        var visits = await ds.RowsAsync("SELECT w.reference, a.date::text FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id ORDER BY a.home_id");
        var day = NodaTime.Text.LocalDatePattern.Iso.Parse(visits[0].Split('|')[1]).Value;
        Assert.All(visits, v => Assert.EndsWith(day.ToString("uuuu-MM-dd", null), v, StringComparison.Ordinal)); // all on the window's first day

        SetClock(day);
        var reports = visits.Select(v => new CompletionReport(v.Split('|')[0], "warmfix", VisitOutcome.NoAccess, day, CompletionSources.Csv, null, null)).ToList();
        var recorder = new CompletionRecorder(ds, Clock, Config().Organisation.Zone, [Effect(TwoEngineers())]);
        if (many)
        {
            Assert.All(await recorder.RecordManyAsync(reports), r => Assert.Equal(CompletionStatus.Recorded, r.Status));
        }
        else
        {
            foreach (var report in reports)
            {
                Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(report)).Status);
            }
        }

        // The second attempt: 5 working days after the failed visit when emailed (or void), 8 by post; the letter goes at once.
        var email = Calendar.AddWorkingDays(day, GasAppointmentPlanner.RebookWorkingDays);
        var post = Calendar.AddWorkingDays(day, GasAppointmentPlanner.RebookWorkingDays + AppointmentPolicy.DefaultPostWorkingDays);
        Assert.Equal(
            [$"N01|{email:uuuu-MM-dd}|{day:uuuu-MM-dd}", $"N02|{post:uuuu-MM-dd}|{day:uuuu-MM-dd}", $"N03|{post:uuuu-MM-dd}|{day:uuuu-MM-dd}", $"N04|{email:uuuu-MM-dd}|{day:uuuu-MM-dd}"],
            await ds.RowsAsync("SELECT home_id, date::text, letter_on::text FROM gas_appointments WHERE attempt = 2 ORDER BY home_id"));
    }
}
