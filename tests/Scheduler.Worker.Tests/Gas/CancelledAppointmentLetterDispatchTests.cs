using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// The cancelled-appointment letter as the tenant gets it (docs/gas-safety.md, When a visit the tenant was told of is
/// cancelled). H1 (deadline 20 May 2027) is applied and booked on Monday 1 March 2027, its tenant's letter sent; on
/// Friday 12 March the register says its check was made on Wednesday 10 March: the apply cancels the order
/// (<c>check-made</c>), the booking its visit, and the tenant, who holds a letter for that visit, is told at once not to
/// wait in for it, by email or in the post batch of its posting day, in English or in Polish large print. A new
/// dispatcher composes it from its row alone. Real register import, apply, booking, PostgreSQL, dispatcher, SMTP server
/// and batch folder.
/// </summary>
public sealed class CancelledAppointmentLetterDispatchTests : GasLetterDispatchTestBase
{
    private static readonly LocalDate Recorded = new(2027, 3, 12);

    private Task<ImportSummary> ImportAsync(Tenant tenant, LocalDate lastCheck, LocalDate day) => new RegisterImporter(Database.DataSource, Clock).ImportAsync(
        new EstateRegister(
            [new Area("north", "North patch"), new Area("south", "South patch")], [TestEstate.Site("S1")], [TestEstate.Block("B1", "S1", "weekly")],
            [TestEstate.Home("H1", "B1", "S1", lastCheck)], [tenant]),
        "test",
        day);

    /// <summary>
    /// H1 booked and its letter sent on 1 March; the check recorded in the register, applied and booked on 12 March (the
    /// visit cancelled); a new dispatcher runs. Returns the cancelled visit's day.
    /// </summary>
    private async Task<string> CheckRecordedAfterTheLetterWentAsync(Tenant tenant, TestSmtpServer server)
    {
        var ds = Database.DataSource;
        Clock.Reset(AsOf.At(new LocalTime(9, 0)).InZoneStrictly(London).ToInstant());
        await ImportAsync(tenant, new LocalDate(2026, 5, 20), AsOf);
        await ApplyAsync(Config, AsOf);
        await new GasAppointmentBooking(ds, Config, TestEstate.Calendar, Clock).BookAsync(AsOf);
        await Dispatcher(Config, Mail(server.Port)).DispatchDueAsync(500);
        Assert.Equal(1, await CountAsync("kind = 'tenant-letter' AND status = 'sent' AND payload->>'letter' = 'appointment-first'"));
        var day = await ds.ScalarAsync<string>("SELECT date::text FROM gas_appointments WHERE home_id = 'H1'");

        Clock.Reset(Recorded.At(new LocalTime(9, 0)).InZoneStrictly(London).ToInstant());
        await ImportAsync(tenant, new LocalDate(2027, 3, 10), Recorded);
        await ApplyAsync(Config, Recorded);
        await new GasAppointmentBooking(ds, Config, TestEstate.Calendar, Clock).BookAsync(Recorded);
        Assert.Equal([$"{day}|cancelled"], await ds.RowsAsync("SELECT date::text || '|' || status FROM gas_appointments WHERE home_id = 'H1' AND date < '2027-12-31'"));
        return day;
    }

    [Fact]
    public async Task ByEmail_OneCancelledLetterNamingTheDayAndTheCheck_ComposedTheSameAgain()
    {
        await using var server = TestSmtpServer.Start();
        var day = await CheckRecordedAfterTheLetterWentAsync(TestEstate.Tenant("T-H1", "H1"), server);
        Assert.Equal("2027-03-22", day);
        var before = server.Messages.Count;

        await Dispatcher(Config, Mail(server.Port)).DispatchDueAsync(500);

        // The cancelled letter, and the next check's first letter (booked the same night for January 2028: another check).
        var sent = server.Messages.Skip(before).Where(m => m.To.Mailboxes.Single().Address == "T-H1@tenant.example").ToList();
        Assert.Equal(
            ["Your annual gas safety check on Monday 22 March 2027 is cancelled", "Your annual gas safety check on Tuesday 11 January 2028"],
            sent.Select(m => m.Subject).Order(StringComparer.Ordinal));
        var letter = sent.Single(m => m.Subject?.EndsWith("is cancelled", StringComparison.Ordinal) == true);
        var text = letter.TextBody!.ReplaceLineEndings("\n");
        Assert.Contains("12 March 2027\n", text, StringComparison.Ordinal); // dated the day it is emailed
        Assert.Contains(
            "Your appointment for your annual gas safety check on Monday 22 March 2027, in the morning, between 8am and 12 noon, is cancelled. Please do not wait in for it.\n\n"
            + "We have a record that your annual gas safety check was done on Wednesday 10 March 2027, so we do not need this visit.\n\n"
            + "If you have any questions, please ",
            text,
            StringComparison.Ordinal);
        Assert.Contains("Quote your reference, ", text, StringComparison.Ordinal);
        Assert.Contains("We have a record that your annual gas safety check was done on Wednesday 10 March 2027", letter.HtmlBody, StringComparison.Ordinal);

        // Once: the next dispatch sends nothing more; the first letter and this one are the tenant's letters for the visit.
        await Dispatcher(Config, Mail(server.Port)).DispatchDueAsync(500);
        Assert.Equal(2, server.Messages.Skip(before).Count(m => m.To.Mailboxes.Single().Address == "T-H1@tenant.example"));
        Assert.Equal(
            ["sent|appointment-first|2027-03-22", "sent|appointment-cancelled|2027-03-22"],
            await OutboxRowsAsync("status || '|' || (payload->>'letter') || '|' || (payload->>'date')", "kind = 'tenant-letter' AND payload->>'date' < '2027-12-31'"));

        // Sent again after a crash (claimed afresh by a new dispatcher): the same letter.
        await SentAgainTheSameAsync(server, "appointment-cancelled", letter);
    }

    [Fact]
    public async Task ByPostInPolishLargePrint_InThePostingDaysBatch_NamingTheDayAndTheCheck()
    {
        await using var server = TestSmtpServer.Start();
        var tenant = TestEstate.Tenant("T-H1", "H1", ContactChannel.Post) with { Name = "Jan Kowalski", Language = "pl", LargePrint = true };
        await CheckRecordedAfterTheLetterWentAsync(tenant, server);

        await Dispatcher(Config, Mail(server.Port)).DispatchDueAsync(500);

        // Written on Friday 12 March, posted on Monday 15 March: in that day's batch, dated that day.
        Assert.DoesNotContain(server.Messages, m => m.To.Mailboxes.Single().Address.StartsWith("T-H1", StringComparison.Ordinal));
        Assert.Equal(
            ["post:2027-03-15.html|appointment-cancelled"],
            await OutboxRowsAsync("delivered_via || '|' || (payload->>'letter')", "kind = 'tenant-letter' AND payload->>'letter' = 'appointment-cancelled'"));
        var batch = await File.ReadAllTextAsync(Path.Join(BatchFolder, "2027-03-15.html"));
        var cancelled = batch[batch.IndexOf("<p>15 marca 2027</p>", StringComparison.Ordinal)..];
        Assert.Contains("<section class=\"letter large\" lang=\"pl\"", batch, StringComparison.Ordinal);
        Assert.Contains("font-size: 18pt", batch, StringComparison.Ordinal);
        Assert.Contains("jest odwołana. Cel wizyty: coroczny przegląd instalacji gazowej. Prosimy nie czekać na nią w domu.</strong>", cancelled, StringComparison.Ordinal);
        Assert.Contains("Według naszych danych przegląd został wykonany w środę, 10 marca 2027, więc ta wizyta nie jest potrzebna.", cancelled, StringComparison.Ordinal);
        Assert.DoesNotContain("dużym drukiem", cancelled, StringComparison.Ordinal); // large print is not offered in large print
    }
}
