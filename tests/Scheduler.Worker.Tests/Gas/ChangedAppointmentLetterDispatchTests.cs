using MimeKit;
using NodaTime;
using Scheduler.Domain.Compliance;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// The changed-appointment letter as the tenant gets it (docs/gas-safety.md, When the tenant's visit moves). H9 is overdue
/// on Tuesday 6 April 2027, its urgent visit aimed at Tuesday 13 April (the day the booking can book it, branch gasproj38);
/// the next check's order (window 14 February - 12 April 2028) is booked for Tuesday 15 February 2028 AM and the tenant's
/// first letter goes that day. The urgent visit is made a week late (20 April), which brings the next order to the legal
/// window (21 February - 19 April 2028, branch gas37): the visit moves to Monday 21 February AM,
/// and the tenant, who holds the letter for 15 February, gets the changed letter naming both days, by email or in the post
/// batch of its posting day, in English or in Polish large print. The dispatcher that sends it is a new one (a restart
/// between the report and the dispatch): everything the letter says comes from its row. Real apply, completion recorder,
/// PostgreSQL, dispatcher, SMTP server and batch folder.
/// </summary>
public sealed class ChangedAppointmentLetterDispatchTests : GasLetterDispatchTestBase
{
    private static readonly LocalDate Day1 = new(2027, 4, 6);

    private static readonly LocalDate Visited = new(2027, 4, 20);

    /// <summary>H9 with its tenant, applied; its next order booked for 15 February 2028 AM and its first letter sent; then the urgent visit reported a week late.</summary>
    private async Task<string> MovedAfterTheLetterWentAsync(Tenant tenant, TestSmtpServer server)
    {
        var ds = Database.DataSource;
        Clock.Reset(Day1.At(new LocalTime(9, 0)).InZoneStrictly(London).ToInstant());
        await new RegisterImporter(ds, Clock).ImportAsync(
            new EstateRegister(
                [new Area("north", "North patch"), new Area("south", "South patch")], [TestEstate.Site("S1")], [TestEstate.Block("B1", "S1", "weekly")],
                [TestEstate.Home("H9", null, null, new LocalDate(2026, 3, 1))], [tenant]),
            "test",
            Day1);
        await ApplyAsync(Config, Day1);
        var urgent = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE asset_id = 'H9' AND deadline = '2027-03-01'");
        // Projected from the urgent visit's day, which the tenant's letter route sets: 13 April by email, 16 April by post
        // (8 working days); either way the visit below, on 20 April, moves it to the same legal window.
        var next = await ds.ScalarAsync<string>("SELECT reference FROM work_orders WHERE asset_id = 'H9' AND deadline > '2027-03-01'");
        var deadline = NodaTime.Text.LocalDatePattern.Iso.Parse(await ds.ScalarAsync<string>($"SELECT deadline::text FROM work_orders WHERE reference = '{next}'")).Value;
        await NextOrderWindowNoticeTests.BookH9ByHandAsync(ds, next, deadline, new LocalDate(2028, 2, 15), Config.Version, Day1, Clock.GetCurrentInstant(), London);

        await Dispatcher(Config, Mail(server.Port)).DispatchDueAsync(500);
        Assert.Equal(1, await CountAsync($"kind = 'tenant-letter' AND status = 'sent' AND payload->>'letter' = 'appointment-first' AND payload->>'date' = '2028-02-15'"));

        Clock.Reset(Visited.At(new LocalTime(18, 0)).InZoneStrictly(London).ToInstant());
        var recorder = CompletionEffects.Recorder(ds, Config, TestEstate.Calendar, Clock);
        Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(new CompletionReport(urgent, null, VisitOutcome.Done, Visited, CompletionSources.Cli))).Status);
        Assert.Equal(
            ["2028-02-15|AM|cancelled", "2028-02-21|AM|booked"],
            await ds.RowsAsync($"SELECT a.date::text, a.slot, a.status FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id WHERE w.reference = '{next}' ORDER BY a.id"));

        // The next morning, a new dispatcher (the worker restarted since the report).
        Clock.Reset(Visited.PlusDays(1).At(new LocalTime(7, 0)).InZoneStrictly(London).ToInstant());
        return next;
    }

    [Fact]
    public async Task ByEmail_OneChangedLetterNamingBothDays_ComposedTheSameAgain()
    {
        await using var server = TestSmtpServer.Start();
        var next = await MovedAfterTheLetterWentAsync(TestEstate.Tenant("T-H9", "H9"), server);
        var before = server.Messages.Count;

        var summary = await Dispatcher(Config, Mail(server.Port)).DispatchDueAsync(500);

        var letters = server.Messages.Skip(before).Where(m => m.To.Mailboxes.Single().Address == "T-H9@tenant.example").ToList();
        var letter = Assert.Single(letters);
        Assert.Equal("Your annual gas safety check has changed to Monday 21 February 2028", letter.Subject);
        var text = letter.TextBody!.ReplaceLineEndings("\n");
        Assert.Contains("Reference: " + next, text, StringComparison.Ordinal);
        Assert.Contains(
            "Your appointment for your annual gas safety check has changed.\n\n"
            + "We wrote to you about an appointment on Tuesday 15 February 2028, in the morning, between 8am and 12 noon. That appointment is cancelled. Please do not wait in for it.\n\n"
            + "When we will come now\nMonday 21 February 2028, in the morning, between 8am and 12 noon.\n\n"
            + "This letter replaces our earlier letter. Please keep this letter instead.\n\n"
            + "What will happen\nOur engineer will show you their identity card when they arrive.",
            text,
            StringComparison.Ordinal);
        Assert.Contains("Please make sure an adult is at home. We need to reach your boiler, cooker and any gas fire.", text, StringComparison.Ordinal);
        Assert.Contains("If this time does not suit you\nPlease tell us as soon as you can and we will book a better time.", text, StringComparison.Ordinal);
        Assert.Contains($"Quote your reference, {next}.", text, StringComparison.Ordinal);
        Assert.Contains("We can send this letter in large print, braille, audio or another language.", text, StringComparison.Ordinal);
        Assert.Contains("21 April 2027\n", text, StringComparison.Ordinal); // dated the day it is emailed
        Assert.Contains("<strong>Monday 21 February 2028, in the morning, between 8am and 12 noon.</strong>", letter.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("We wrote to you about an appointment on Tuesday 15 February 2028, in the morning, between 8am and 12 noon.", letter.HtmlBody, StringComparison.Ordinal);

        // One letter for the new visit: no first letter beside it, and the next dispatch sends nothing more to the tenant.
        Assert.Equal(
            ["sent|appointment-first|2028-02-15", "sent|appointment-changed|2028-02-21"],
            await OutboxRowsAsync("status || '|' || (payload->>'letter') || '|' || (payload->>'date')", "kind = 'tenant-letter'"));
        Assert.True(summary.Sent >= 1);
        await Dispatcher(Config, Mail(server.Port)).DispatchDueAsync(500);
        Assert.Single(server.Messages.Skip(before), m => m.To.Mailboxes.Single().Address == "T-H9@tenant.example");

        // Sent again after a crash (the row claimed afresh by another new dispatcher): the same letter.
        await SentAgainTheSameAsync(server, "appointment-changed", letter);
    }

    [Fact]
    public async Task ByPostInPolishLargePrint_InThePostingDaysBatchDatedThatDay_NamingBothDays()
    {
        await using var server = TestSmtpServer.Start();
        var tenant = TestEstate.Tenant("T-H9", "H9", ContactChannel.Post) with { Name = "Jan Kowalski", Language = "pl", LargePrint = true };
        await MovedAfterTheLetterWentAsync(tenant, server);

        await Dispatcher(Config, Mail(server.Port)).DispatchDueAsync(500);

        // Written on Wednesday 21 April, posted on Thursday 22 April: in that day's batch, dated that day.
        Assert.DoesNotContain(server.Messages, m => m.To.Mailboxes.Single().Address.StartsWith("T-H9", StringComparison.Ordinal));
        Assert.Equal(
            ["post:2027-04-07.html|appointment-first", "post:2027-04-22.html|appointment-changed"],
            await OutboxRowsAsync("delivered_via || '|' || (payload->>'letter')", "kind = 'tenant-letter'"));
        var batch = await File.ReadAllTextAsync(Path.Join(BatchFolder, "2027-04-22.html"));
        Assert.Contains("<section class=\"letter large\" lang=\"pl\"", batch, StringComparison.Ordinal);
        Assert.Contains("font-size: 18pt", batch, StringComparison.Ordinal);
        Assert.Contains("<p>22 kwietnia 2027</p>", batch, StringComparison.Ordinal);
        Assert.Contains("<strong>Zmieniliśmy termin wizyty w Państwa domu.</strong>", batch, StringComparison.Ordinal);
        Assert.Contains("Pisaliśmy do Państwa o wizycie we wtorek, 15 lutego 2028, rano, między 8:00 a 12:00. Ta wizyta jest odwołana.", batch, StringComparison.Ordinal);
        Assert.Contains("<strong>poniedziałek, 21 lutego 2028, rano, między 8:00 a 12:00.</strong>", batch, StringComparison.Ordinal);
        Assert.Contains("Prosimy zadbać, aby w domu była osoba dorosła.", batch, StringComparison.Ordinal);
        Assert.Contains("Jeśli ten termin Państwu nie odpowiada", batch, StringComparison.Ordinal);
        Assert.DoesNotContain("dużym drukiem", batch[batch.IndexOf("Zmieniliśmy", StringComparison.Ordinal)..], StringComparison.Ordinal); // large print is not offered in large print
    }
}
