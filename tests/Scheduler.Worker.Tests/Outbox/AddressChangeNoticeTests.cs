using System.Text.Json;
using MimeKit;
using Npgsql;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Persistence;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Feedback;
using Scheduler.Worker.Tests.Email;

namespace Scheduler.Worker.Tests.Outbox;

/// <summary>
/// A contractor already sent an open order is told when a register import changes where it is (branch <c>addr35</c>): a
/// work order stores no address (every message reads its asset's from the register when it is composed), so until then
/// the email, <c>.ics</c> LOCATION and <c>.csv</c> the contractor holds kept the old one. One changed-address notice per
/// open order its contractor was sent (a <c>contractor-order</c> row, key <c>order/{reference}/address/{import run}</c>,
/// written in the import's transaction) at a SEQUENCE above the order's earlier messages on the same UID, saying the new
/// address; none for an order not sent yet (its notice reads the new address), one closed, or an import that changed no
/// address (which reads no order at all); the same file imported twice writes nothing more; a site renamed reaches the
/// orders of its blocks; a weekly contractor whose programme carried the order gets a message of its own; an order
/// reported, or its address changed again, before the notice went makes it superseded; an appointed gas order's notice
/// keeps its appointment. Real import, apply, booking, completion recorder, PostgreSQL, dispatcher and SMTP server; the
/// calendar parsed with Ical.Net. Test estate: S1 (grass; blocks B1 weekly, B2 fortnightly), S2 (B3, no cleaning), gas
/// homes H1, H2 (in B1) and H4 (a street property).
/// </summary>
public sealed partial class AddressChangeNoticeTests : OutboxTestBase
{
    private const string AddressChanges = "kind = 'contractor-order' AND idempotency_key LIKE 'order/%/address/%'";

    private const string Open = "status IN ('planned', 'issued', 'appointed')";

    private static EstateRegister Changed(
        EstateRegister register, Func<Site, Site>? site = null, Func<Block, Block>? block = null, Func<Home, Home>? home = null, Func<Tenant, Tenant>? tenant = null) =>
        new(
            register.Areas,
            [.. register.Sites.Select(s => site?.Invoke(s) ?? s)],
            [.. register.Blocks.Select(b => block?.Invoke(b) ?? b)],
            [.. register.Homes.Select(h => home?.Invoke(h) ?? h)],
            [.. register.Tenants.Select(t => tenant?.Invoke(t) ?? t)]);

    private static EstateRegister HomeMoved(string id, string address, string postcode) =>
        Changed(TestEstate.Estate(), home: h => h.Id == id ? h with { Address = address, Postcode = postcode } : h);

    private Task<ImportSummary> ImportAsync(EstateRegister register) =>
        new RegisterImporter(Database.DataSource, Clock).ImportAsync(register, "test", AsOf);

    private async Task<List<MimeMessage>> DispatchAsync(EstateConfiguration config)
    {
        await using var server = TestSmtpServer.Start();
        await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);
        return [.. server.Messages];
    }

    private Task<List<string>> ReferencesAsync(string where) =>
        Database.DataSource.RowsAsync($"SELECT reference FROM work_orders WHERE {where} ORDER BY id");

    private static MimeMessage About(IEnumerable<MimeMessage> messages, string reference) =>
        Assert.Single(messages, m => m.Subject!.Contains($" {reference}: ", StringComparison.Ordinal));

    [Fact]
    public async Task HomeAddressChanged_OneNoticePerSentOpenOrder_SayingTheNewAddressInTheTextTheIcsAndTheCsv_AndOnceOnly()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        Assert.NotEmpty(await DispatchAsync(config));
        var h1 = await ReferencesAsync($"asset_id = 'H1' AND {Open}");
        var reference = Assert.Single(h1);

        var summary = await ImportAsync(HomeMoved("H1", "Flat 1A, High Street", "AB1 9ZZ"));
        Assert.Equal(1, summary.Updated);
        Assert.Equal(1, summary.AddressNotices);
        var key = OutboxKeys.AddressChange(reference, summary.ImportRunId);
        Assert.Equal($"order/{reference}/address/{summary.ImportRunId}", key);
        Assert.Equal(
            [$"{key}|{key}@estate-scheduler|contractor|warmfix|1|pending"],
            await OutboxRowsAsync("idempotency_key, message_id, recipient_kind, recipient_id, sequence, status", AddressChanges));
        Assert.Equal(
            new AddressChangePayload("address", summary.ImportRunId, await FingerprintAsync("Flat H1, High Street", "AB1 2CD")),
            AddressChangePayload.FromJson(Assert.Single(await OutboxRowsAsync("payload::text", AddressChanges))));

        var sent = Assert.Single(await DispatchAsync(config));
        Assert.Equal("jobs@warmfix.example", sent.To.Mailboxes.Single().Address);
        Assert.Equal($"<{key}@estate-scheduler>", $"<{sent.MessageId}>");
        Assert.Equal($"New address for work order {reference}: gas-safety at Flat 1A, High Street", sent.Subject);
        Assert.Contains("The address for this work order has changed: it is now Flat 1A, High Street, AB1 9ZZ.", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("Please go there, not to the address we sent before.", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("Where:        Flat 1A, High Street, AB1 9ZZ", sent.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Flat H1, High Street", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains(
            "<strong>The address for this work order has changed:</strong> it is now <strong>Flat 1A, High Street, AB1 9ZZ</strong>.",
            sent.HtmlBody,
            StringComparison.Ordinal);

        var calendar = Ical.Net.Calendar.Load(IcsOf(sent))!;
        Assert.Equal("REQUEST", calendar.Method);
        var ev = Assert.Single(calendar.Events)!;
        Assert.Equal($"{reference}@estate-scheduler", ev.Uid);
        Assert.Equal(1, ev.Sequence);
        Assert.Equal("Flat 1A, High Street, AB1 9ZZ", ev.Location);

        var row = CsvOf(sent).Split("\r\n")[1];
        Assert.StartsWith($"{reference},", row, StringComparison.Ordinal);
        Assert.Contains(",\"Flat 1A, High Street\",\"Flat 1A, High Street\",AB1 9ZZ,", row, StringComparison.Ordinal);
        Assert.Contains(",changed,1,", row, StringComparison.Ordinal);

        // The same file again changes nothing and writes nothing; nothing more is sent.
        var again = await ImportAsync(HomeMoved("H1", "Flat 1A, High Street", "AB1 9ZZ"));
        Assert.Equal((0, 0), (again.Updated, again.AddressNotices));
        Assert.Equal(1, await CountAsync(AddressChanges));
        Assert.Empty(await DispatchAsync(config));
    }

    [Fact]
    public async Task NoticeNotSentYet_NothingIsWritten_AndTheNoticeGoesWithTheNewAddress()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        var reference = Assert.Single(await ReferencesAsync($"asset_id = 'H1' AND {Open}"));

        var summary = await ImportAsync(HomeMoved("H1", "Flat 1A, High Street", "AB1 9ZZ"));
        Assert.Equal((1, 0), (summary.Updated, summary.AddressNotices));
        Assert.Equal(0, await CountAsync(AddressChanges));

        var notice = About(await DispatchAsync(config), reference);
        Assert.StartsWith($"Work order {reference}: ", notice.Subject, StringComparison.Ordinal);
        Assert.Contains("Where:        Flat 1A, High Street, AB1 9ZZ", notice.TextBody, StringComparison.Ordinal);
        var ev = Assert.Single(Ical.Net.Calendar.Load(IcsOf(notice))!.Events)!;
        Assert.Equal((0, "Flat 1A, High Street, AB1 9ZZ"), (ev.Sequence, ev.Location));
    }

    [Fact]
    public async Task ClosedOrder_GetsNothing_AndOneReportedBeforeItsNoticeWent_MakesItSuperseded()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        await DispatchAsync(config);
        var h1 = Assert.Single(await ReferencesAsync($"asset_id = 'H1' AND {Open}"));
        var h4 = Assert.Single(await ReferencesAsync($"asset_id = 'H4' AND {Open}"));
        var recorder = CompletionEffects.Recorder(Database.DataSource, config, TestEstate.Calendar, Clock);
        Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(new CompletionReport(h1, "warmfix", VisitOutcome.Done, AsOf, CompletionSources.Csv))).Status);

        var summary = await ImportAsync(Changed(
            TestEstate.Estate(),
            home: h => h.Id is "H1" or "H4" ? h with { Address = $"{h.Id} Mill Lane" } : h));
        Assert.Equal(2, summary.Updated);
        Assert.Equal(
            [$"order/{h4}/address/{summary.ImportRunId}|1|pending"],
            await OutboxRowsAsync("idempotency_key, sequence, status", AddressChanges));

        Assert.Equal(CompletionStatus.Recorded, (await recorder.RecordAsync(new CompletionReport(h4, "warmfix", VisitOutcome.Done, AsOf, CompletionSources.Csv))).Status);
        Assert.Empty(await DispatchAsync(config));
        Assert.Equal(
            ["superseded|not sent: the order was reported before the change went"],
            await OutboxRowsAsync("status, last_error", AddressChanges));
    }

    /// <summary>
    /// An import that changes nothing a contractor is shown (the same file; a tenant's phone; a home's kitchen year) writes
    /// no notice and does not read <c>work_orders</c>: run while another transaction holds the table locked against
    /// every read, with <c>lock_timeout</c> set, it completes. The same import changing an address waits for the lock
    /// (and fails with lock_not_available): the probe sees a read when there is one.
    /// </summary>
    [Fact]
    public async Task ImportChangingNoAddress_WritesNoNotice_AndReadsNoOrder()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        Assert.NotEmpty(await DispatchAsync(config));

        var same = await ImportAsync(TestEstate.Estate());
        Assert.Equal((0, 0, 0), (same.Updated, same.Reactivated, same.AddressNotices));

        var other = Changed(
            TestEstate.Estate(),
            home: h => h.Id == "H2" ? h with { KitchenYear = 2024 } : h,
            tenant: t => t.Id == "T1" ? t with { Phone = "07700 900123" } : t);
        await using var locked = await Database.DataSource.OpenConnectionAsync();
        await using var hold = await locked.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE work_orders IN ACCESS EXCLUSIVE MODE", locked, hold))
        {
            await command.ExecuteNonQueryAsync();
        }

        await using var impatient = EstateDatabase.CreateDataSource(Database.ConnectionString + ";Options=-c lock_timeout=2000");
        var summary = await new RegisterImporter(impatient, Clock).ImportAsync(other, "test", AsOf);
        Assert.Equal((2, 0), (summary.Updated, summary.AddressNotices));

        var moved = await Assert.ThrowsAsync<PostgresException>(() =>
            new RegisterImporter(impatient, Clock).ImportAsync(HomeMoved("H1", "Flat 1A, High Street", "AB1 9ZZ"), "test", AsOf));
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, moved.SqlState);
        await hold.RollbackAsync();
        Assert.Equal(0, await CountAsync(AddressChanges));
    }

    [Fact]
    public async Task SiteRenamed_EverySentOpenOrderOfTheSiteAndOfItsBlocks_ThenABlockRenamed_ItsOrdersOnly()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        await DispatchAsync(config);
        var s1 = await ReferencesAsync($"asset_id IN ('S1', 'B1', 'B2') AND {Open}");
        Assert.NotEmpty(s1);

        var summary = await ImportAsync(Changed(TestEstate.Estate(), site: s => s.Id == "S1" ? s with { Name = "Riverside Gardens" } : s));
        Assert.Equal(s1.Count, summary.AddressNotices);
        Assert.Equal(
            s1.Select(r => $"order/{r}/address/{summary.ImportRunId}|1"),
            await Database.DataSource.RowsAsync($"""
                SELECT o.idempotency_key, o.sequence FROM outbox_messages o JOIN work_orders w ON w.id = ANY(o.work_order_ids)
                WHERE o.{AddressChanges} ORDER BY w.id
                """));

        var sent = await DispatchAsync(config);
        Assert.Equal(s1.Count, sent.Count);
        var cut = (await ReferencesAsync($"asset_id = 'S1' AND service = 'grass-cut' AND {Open}"))[0];
        var siteOrder = About(sent, cut);
        Assert.EndsWith(" at Riverside Gardens", siteOrder.Subject, StringComparison.Ordinal);
        Assert.Contains("it is now Riverside Gardens, AB1 2CD.", siteOrder.TextBody, StringComparison.Ordinal);
        Assert.Equal("Riverside Gardens, AB1 2CD", Assert.Single(Ical.Net.Calendar.Load(IcsOf(siteOrder))!.Events)!.Location);
        var clean = (await ReferencesAsync($"asset_id = 'B1' AND {Open}"))[0];
        var blockOrder = About(sent, clean);
        Assert.StartsWith($"New address for work order {clean}: ", blockOrder.Subject, StringComparison.Ordinal);
        Assert.Contains("it is now B1 House, Riverside Gardens, AB1 2CD.", blockOrder.TextBody, StringComparison.Ordinal);
        Assert.Equal("B1 House, Riverside Gardens, AB1 2CD", Assert.Single(Ical.Net.Calendar.Load(IcsOf(blockOrder))!.Events)!.Location);

        // B2 renamed next: its orders only, each a SEQUENCE above the notice before it.
        var b2 = await ReferencesAsync($"asset_id = 'B2' AND {Open}");
        var renamed = await ImportAsync(Changed(
            TestEstate.Estate(),
            site: s => s.Id == "S1" ? s with { Name = "Riverside Gardens" } : s,
            block: b => b.Id == "B2" ? b with { Name = "Kingfisher Court" } : b));
        Assert.Equal(b2.Count, renamed.AddressNotices);
        Assert.Equal(
            b2.Select(r => $"order/{r}/address/{renamed.ImportRunId}|2"),
            await Database.DataSource.RowsAsync($"""
                SELECT o.idempotency_key, o.sequence FROM outbox_messages o JOIN work_orders w ON w.id = ANY(o.work_order_ids)
                WHERE o.{AddressChanges} AND o.idempotency_key LIKE '%/{renamed.ImportRunId}' ORDER BY w.id
                """));
        var second = await DispatchAsync(config);
        Assert.Equal(b2.Count, second.Count);
        Assert.All(second, m => Assert.Contains("it is now Kingfisher Court, Riverside Gardens, AB1 2CD.", m.TextBody, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WeeklyContractorWhoseProgrammeCarriedTheOrder_GetsTheChangeAsAMessageOfItsOwn_OrdersNotSentYetNothing()
    {
        var config = TestEstate.Config(); // sparkle and greenscape on weekly dispatch, programmes on Thursday
        await ApplyAsync(config);
        Clock.Reset(new LocalDate(2027, 3, 25).At(new LocalTime(9, 0)).InZoneStrictly(TestEstate.Zone).ToInstant());
        Assert.Contains(await DispatchAsync(config), m => m.Subject!.StartsWith("Your programme for Monday 29 March 2027", StringComparison.Ordinal));
        // Told: the orders of the week's programme, and those already under way sent as late orders (a message each).
        var inProgrammes = await ReferencesAsync($"""
            asset_id IN ('S1', 'B1', 'B2') AND {Open}
            AND EXISTS (SELECT 1 FROM outbox_messages o WHERE o.work_order_ids @> ARRAY[work_orders.id]
                        AND o.kind IN ('contractor-programme', 'contractor-order') AND o.status = 'sent')
            """);
        var byProgramme = await ReferencesAsync($"""
            asset_id IN ('S1', 'B1', 'B2') AND {Open}
            AND EXISTS (SELECT 1 FROM outbox_messages o WHERE o.work_order_ids @> ARRAY[work_orders.id] AND o.kind = 'contractor-programme' AND o.status = 'sent')
            """);
        Assert.NotEmpty(byProgramme);
        Assert.Subset(inProgrammes.ToHashSet(), byProgramme.ToHashSet());
        var all = await ReferencesAsync($"asset_id IN ('S1', 'B1', 'B2') AND {Open}");
        Assert.NotEmpty(inProgrammes);
        Assert.True(inProgrammes.Count < all.Count);

        var summary = await ImportAsync(Changed(TestEstate.Estate(), site: s => s.Id == "S1" ? s with { Name = "Riverside Gardens" } : s));
        Assert.Equal(
            inProgrammes.Select(r => $"order/{r}/address/{summary.ImportRunId}"),
            await Database.DataSource.RowsAsync($"""
                SELECT o.idempotency_key FROM outbox_messages o JOIN work_orders w ON w.id = ANY(o.work_order_ids)
                WHERE o.{AddressChanges} ORDER BY w.id
                """));

        var sent = await DispatchAsync(config);
        Assert.Equal(inProgrammes.Count, sent.Count);
        Assert.All(inProgrammes, r =>
        {
            var message = About(sent, r);
            Assert.StartsWith($"New address for work order {r}: ", message.Subject, StringComparison.Ordinal);
            Assert.Equal(1, Assert.Single(Ical.Net.Calendar.Load(IcsOf(message))!.Events)!.Sequence);
        });
    }

    [Fact]
    public async Task AddressChangedAgainBeforeTheNoticeWent_TheFirstIsSuperseded_TheSecondSaysTheLatestAtTheNextSequence()
    {
        var config = PerOrderConfig();
        await ApplyAsync(config);
        await DispatchAsync(config);
        var reference = Assert.Single(await ReferencesAsync($"asset_id = 'H1' AND {Open}"));

        var first = await ImportAsync(HomeMoved("H1", "Flat 1A, High Street", "AB1 9ZZ"));
        var second = await ImportAsync(HomeMoved("H1", "Flat 1B, High Street", "AB1 9ZZ"));
        Assert.Equal((1, 1), (first.AddressNotices, second.AddressNotices));
        Assert.Equal(
            [
                $"order/{reference}/address/{first.ImportRunId}|1|superseded|not sent: the address changed again before it went (a later import wrote its own notice)",
                $"order/{reference}/address/{second.ImportRunId}|2|pending|",
            ],
            await OutboxRowsAsync("idempotency_key, sequence, status, coalesce(last_error, '')", AddressChanges));

        var sent = Assert.Single(await DispatchAsync(config));
        Assert.Contains("it is now Flat 1B, High Street, AB1 9ZZ.", sent.TextBody, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(Ical.Net.Calendar.Load(IcsOf(sent))!.Events)!.Sequence);
    }

    [Fact]
    public async Task AppointedGasOrder_TheNoticeSaysTheNewAddressAndKeepsTheAppointment()
    {
        var gas = Gas.ContractorAppointmentNoticeTests.GasConfig();
        await ImportAsync(Ahead.LetterAheadDispatchTests.GasHomes());
        await ApplyAsync(gas);
        Assert.Equal(12, (await new GasAppointmentBooking(Database.DataSource, gas, TestEstate.Calendar, Clock).BookAsync(AsOf)).Booked.Count);
        Assert.Equal(12, (await DispatchAsync(gas)).Count(m => m.To.Mailboxes.Single().Address == "jobs@warmfix.example"));
        var reference = Assert.Single(await ReferencesAsync("asset_id = 'G00' AND status = 'appointed'"));

        var summary = await ImportAsync(Changed(Ahead.LetterAheadDispatchTests.GasHomes(), home: h => h.Id == "G00" ? h with { Address = "1 Mill Lane" } : h));
        Assert.Equal(1, summary.AddressNotices);

        var sent = About((await DispatchAsync(gas)).Where(m => m.To.Mailboxes.Single().Address == "jobs@warmfix.example"), reference);
        Assert.StartsWith($"New address for work order {reference}: ", sent.Subject, StringComparison.Ordinal);
        Assert.Contains("The address for this work order has changed: it is now 1 Mill Lane, AB1 2CD.", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains("Appointment:  ", sent.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("We have booked an appointment", sent.TextBody, StringComparison.Ordinal);
        var ev = Assert.Single(Ical.Net.Calendar.Load(IcsOf(sent))!.Events)!;
        Assert.Equal((1, "1 Mill Lane, AB1 2CD"), (ev.Sequence, ev.Location));
    }

    [Fact]
    public void Payload_RoundTripsAndIsToldApartFromTheOtherChanges()
    {
        var payload = new AddressChangePayload("address", 12);
        var json = payload.ToJson();
        Assert.Equal("""{"change":"address","importRun":12}""", json);
        Assert.True(AddressChangePayload.Is(json));
        Assert.Equal(payload, AddressChangePayload.FromJson(json));
        var held = payload with { Held = "0123456789abcdef0123456789abcdef" };
        Assert.Equal("""{"change":"address","importRun":12,"held":"0123456789abcdef0123456789abcdef"}""", held.ToJson());
        Assert.Equal(held, AddressChangePayload.FromJson(held.ToJson()));
        Assert.False(AddressChangePayload.Is(new WindowChangePayload("window", new LocalDate(2027, 4, 21), new LocalDate(2027, 4, 16), new LocalDate(2027, 4, 2)).ToJson()));
        Assert.False(AddressChangePayload.Is(new AppointmentChangePayload(26).ToJson()));
        Assert.False(WindowChangePayload.Is(json));
        Assert.Throws<JsonException>(() => AddressChangePayload.FromJson("""{"change":"address"}"""));
        Assert.Equal($"order/WO-2027-000123/address/12@{OutboxKeys.MessageIdDomain}", $"{OutboxKeys.AddressChange("WO-2027-000123", 12)}@{OutboxKeys.MessageIdDomain}");
    }
}
