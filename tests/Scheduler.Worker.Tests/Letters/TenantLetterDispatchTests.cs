using System.Text.RegularExpressions;
using MimeKit;
using NodaTime;
using Scheduler.Domain.WorkingDays;
using Scheduler.Persistence.Outbox;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Letters;
using Scheduler.Worker.Outbox;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Letters;

/// <summary>
/// Tenant letters end to end: <c>tenant-letter</c> rows in a real database (test estate: T1 at H1 by email, T2 at H4 by
/// post; more tenants added per test), the real dispatcher, a real SMTP server in process, and the day's letter batch
/// file on disk. Clock: Monday 1 March 2027, 09:00 UTC, so the batch file is <c>2027-03-02.html</c>: Tuesday's, the day
/// the letters written on Monday are posted (since session 29; it was the day they were written).
/// </summary>
public sealed partial class TenantLetterDispatchTests : OutboxTestBase, IDisposable
{
    private static readonly TenantLetterPayload GasFirst =
        new(TenantLetterKinds.AppointmentFirst, "H1", "WO-2027-000042", "gas-safety", new LocalDate(2027, 3, 9), "AM");

    private readonly string _batchFolder = Path.Join(Path.GetTempPath(), "letter-batch-" + Guid.NewGuid().ToString("N"));

    private string PostingFile => Path.Join(_batchFolder, "2027-03-02.html");

    public void Dispose()
    {
        if (Directory.Exists(_batchFolder))
        {
            Directory.Delete(_batchFolder, recursive: true);
        }
    }

    [Fact]
    public async Task Dispatch_EmailTenants_EachLetterArrivesOnceInTheirLanguageAndPrint()
    {
        await AddTenantAsync("T3", "H1", "Ola Nowak", "t3@tenant.example", language: "pl");
        await AddTenantAsync("T4", "H1", "Lee Big", "t4@tenant.example", largePrint: true);
        await AddTenantAsync("T5", "H1", "Ali Khan", "t5@tenant.example", language: "ur");
        var keys = new Dictionary<string, string>
        {
            ["T1"] = await EnqueueAsync("T1", GasFirst),
            ["T3"] = await EnqueueAsync("T3", GasFirst),
            ["T4"] = await EnqueueAsync("T4", GasFirst with { Letter = TenantLetterKinds.AppointmentSecond }),
            ["T5"] = await EnqueueAsync("T5", new TenantLetterPayload(TenantLetterKinds.Improvement, "H1", Year: 2028, Components: ["kitchen", "boiler"])),
        };
        await using var server = TestSmtpServer.Start();

        var summary = await Dispatcher(Config(), Smtp(server.Port) with { LetterBatchDirectory = _batchFolder }).DispatchDueAsync(50);

        Assert.Equal(4, summary.Sent);
        var received = server.Messages.ToDictionary(m => m.To.Mailboxes.Single().Address, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(4, received.Count);
        foreach (var (tenant, key) in keys)
        {
            var message = received[$"{tenant.ToLowerInvariant()}@tenant.example"];
            Assert.Equal(MessageIds.FromKey(key), message.MessageId);
            Assert.NotNull(message.TextBody);
            Assert.NotNull(message.HtmlBody);
            Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        }

        Assert.Equal("Your annual gas safety check on Tuesday 9 March 2027", received["t1@tenant.example"].Subject);
        Assert.Equal(14, FontPoints(received["t1@tenant.example"].HtmlBody));
        Assert.StartsWith("Wizyta w Państwa domu", received["t3@tenant.example"].Subject, StringComparison.Ordinal);
        Assert.Contains("wtorek, 9 marca 2027", received["t3@tenant.example"].TextBody, StringComparison.Ordinal);
        Assert.Contains("lang=\"pl\"", received["t3@tenant.example"].HtmlBody, StringComparison.Ordinal);
        Assert.True(FontPoints(received["t4@tenant.example"].HtmlBody) >= 16);
        Assert.Contains("sans-serif", received["t4@tenant.example"].HtmlBody, StringComparison.Ordinal);
        Assert.Equal("Improvements to your home in 2028", received["t5@tenant.example"].Subject);
        Assert.Contains("- a new kitchen", received["t5@tenant.example"].TextBody, StringComparison.Ordinal);
        Assert.Contains("- a new boiler", received["t5@tenant.example"].TextBody, StringComparison.Ordinal);
        Assert.Contains("Other formats and languages", received["t5@tenant.example"].TextBody, StringComparison.Ordinal);
        Assert.Equal(4, await CountAsync("kind = 'tenant-letter' AND status = 'sent' AND delivered_via = 'email' AND attempts = 1"));
        Assert.False(File.Exists(PostingFile));

        var again = await Dispatcher(Config(), Smtp(server.Port) with { LetterBatchDirectory = _batchFolder }).DispatchDueAsync(50);
        Assert.Equal(0, again.Claimed);
        Assert.Equal(4, server.Messages.Count);
    }

    [Fact]
    public async Task Dispatch_PostTenant_LetterIsInItsPostingDaysBatchFileExactlyOnceEvenWhenDispatchedTwice()
    {
        await AddTenantAsync("T6", "H4", "Jan Kowalski", null, language: "pl", largePrint: true);
        var key = await EnqueueAsync("T2", GasFirst with { HomeId = "H4" });
        var polish = await EnqueueAsync("T6", GasFirst with { HomeId = "H4", Letter = TenantLetterKinds.AppointmentThird });
        await using var server = TestSmtpServer.Start();
        var mail = Smtp(server.Port) with { LetterBatchDirectory = _batchFolder };

        var first = await Dispatcher(Config(), mail).DispatchDueAsync(50);

        Assert.Equal(2, first.Sent);
        Assert.Empty(server.Messages);
        Assert.Equal(2, await CountAsync("status = 'sent' AND delivered_via = 'post:2027-03-02.html'"));
        var file = await File.ReadAllTextAsync(PostingFile);
        Assert.Equal(1, Occurrences(file, $"<!-- letter begin: {MessageIds.FromKey(key)} -->"));
        Assert.Equal(1, Occurrences(file, $"<!-- letter begin: {MessageIds.FromKey(polish)} -->"));
        Assert.Equal(2, Occurrences(file, "<section class=\"letter"));
        Assert.Contains("@page { size: A4;", file, StringComparison.Ordinal);
        Assert.Contains("break-after: page", file, StringComparison.Ordinal);
        Assert.Contains("<section class=\"letter large\" lang=\"pl\"", file, StringComparison.Ordinal);
        Assert.Contains("font-size: 18pt", file, StringComparison.Ordinal);
        Assert.Contains("<p>Jan Kowalski</p>", file, StringComparison.Ordinal);

        // The dispatcher "died" after writing the file and before recording: the rows are claimed again once the
        // lease runs out, and the letters found in the file are not added a second time.
        await Database.DataSource.ExecuteAsync(
            "UPDATE outbox_messages SET status = 'sending', sent_at = NULL, lease_until = '2027-03-01T08:00:00Z' WHERE kind = 'tenant-letter'");
        var second = await Dispatcher(Config(), mail).DispatchDueAsync(50);

        Assert.Equal(2, second.Sent);
        Assert.Equal(file, await File.ReadAllTextAsync(PostingFile));
        Assert.Equal(2, await CountAsync("status = 'sent' AND delivered_via = 'post:2027-03-02.html'"));
        Assert.Empty(server.Messages);
        Assert.Single(Directory.EnumerateFiles(_batchFolder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Dispatch_LargePrintPostLetter_EveryTextIsAtLeast16PointsAndTheWholeAddressShowsInTheWindow()
    {
        // A flat's address has four parts: with the name and postcode, six lines.
        await Database.DataSource.ExecuteAsync(
            "UPDATE homes SET address = 'Flat 1, Ashworth House, 1 Ashworth Court, Hallowby', postcode = 'ZZ1 4AS' WHERE id = 'H4'");
        await AddTenantAsync("T6", "H4", "Derek Fenwick", null, largePrint: true);
        var large = await EnqueueAsync("T6", GasFirst with { HomeId = "H4" });
        var clear = await EnqueueAsync("T2", GasFirst with { HomeId = "H4" });

        var summary = await Dispatcher(Config(), Smtp(1) with { LetterBatchDirectory = _batchFolder }).DispatchDueAsync(50);

        Assert.Equal(2, summary.Sent);
        var file = await File.ReadAllTextAsync(PostingFile);
        var largePage = PrintedPage.Read(file, MessageIds.FromKey(large));
        var clearPage = PrintedPage.Read(file, MessageIds.FromKey(clear));

        // DOMAIN §8: large print is at least 16 pt, every text of it, the address included; clear print at least 12 pt.
        Assert.Equal(16, largePage.AddressPoints);
        Assert.Equal(18, largePage.BodyPoints);
        Assert.True(largePage.SmallestPoints >= 16, $"smallest text {largePage.SmallestPoints} pt");
        Assert.True(clearPage.SmallestPoints >= 12, $"smallest text {clearPage.SmallestPoints} pt");

        // Every part of the address is in the 35 mm window, the post town and postcode on lines of their own.
        Assert.Equal(["Derek Fenwick", "Flat 1, Ashworth House", "1 Ashworth Court", "Hallowby", "ZZ1 4AS"], largePage.AddressLines);
        Assert.Equal(["Tenant T2", "Flat 1", "Ashworth House", "1 Ashworth Court", "Hallowby", "ZZ1 4AS"], clearPage.AddressLines);
        Assert.True(largePage.AddressHeightPoints <= PrintedPage.WindowPoints, $"{largePage.AddressHeightPoints} pt of address in a {PrintedPage.WindowPoints} pt window");
        Assert.True(clearPage.AddressHeightPoints <= PrintedPage.WindowPoints, $"{clearPage.AddressHeightPoints} pt of address in a {PrintedPage.WindowPoints} pt window");

        // A letter already in large print does not offer large print; it offers the other formats, as clear print does.
        Assert.Contains("We can send this letter in braille, audio or another language.", largePage.Section, StringComparison.Ordinal);
        Assert.DoesNotContain("large print", largePage.Section, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("We can send this letter in large print, braille, audio or another language.", clearPage.Section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_GasLetterUnderTheShippedServices_ListsWhatTheVisitCoversInWordsForTheTenant()
    {
        var shipped = Scheduler.Worker.Configuration.ConfigLoader.Load(RepositoryRoot.ConfigFolder).Configuration!;
        var config = Config() with { Services = shipped.Services };
        await AddTenantAsync("T3", "H1", "Ola Nowak", "t3@tenant.example");
        await EnqueueAsync("T1", GasFirst);
        await EnqueueAsync("T3", GasFirst with { Service = "block-clean" });
        await using var server = TestSmtpServer.Start();

        var summary = await Dispatcher(config, Smtp(server.Port) with { LetterBatchDirectory = _batchFolder }).DispatchDueAsync(50);

        Assert.True(summary.Sent == 2, string.Join('\n', await OutboxRowsAsync("last_error", "status <> 'sent'")));
        var gas = server.Messages.Single(m => string.Equals(m.To.Mailboxes.Single().Address, "t1@tenant.example", StringComparison.OrdinalIgnoreCase));
        var text = gas.TextBody!.ReplaceLineEndings("\n");
        Assert.Contains(
            "The visit covers:\n- We will check every gas appliance, flue and gas pipe in your home\n- We will give you a copy of the gas safety record within 28 days of the check\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("<li>We will give you a copy of the gas safety record within 28 days of the check</li>", gas.HtmlBody, StringComparison.Ordinal);
        foreach (var line in shipped.FindService("gas-safety")!.Checklist)
        {
            // The contractor's lines ("Landlord gas safety record given to the tenant within 28 days") are not the tenant's.
            Assert.DoesNotContain(line, text, StringComparison.Ordinal);
            Assert.DoesNotContain(line, gas.HtmlBody, StringComparison.Ordinal);
        }

        // A service without tenant wording lists its checklist, as before.
        var cleaning = server.Messages.Single(m => string.Equals(m.To.Mailboxes.Single().Address, "t3@tenant.example", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("- Handrails, doors and glass wiped\n", cleaning.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_LetterReclaimedOnALaterDay_GoesToTheFileItsFirstClaimChose()
    {
        var early = await EnqueueAsync("T2", GasFirst with { HomeId = "H4" });
        var mail = Smtp(1) with { LetterBatchDirectory = _batchFolder };
        await Dispatcher(Config(), mail).DispatchDueAsync(50);

        // A day later: the first letter is reclaimed (crash before recording), a new letter is written the same round.
        await Database.DataSource.ExecuteAsync($"UPDATE outbox_messages SET status = 'sending', lease_until = '2027-03-01T08:00:00Z' WHERE idempotency_key = '{early}'");
        Clock.Advance(Duration.FromDays(1));
        var late = await EnqueueAsync("T2", GasFirst with { HomeId = "H4", Letter = TenantLetterKinds.AppointmentSecond });
        var summary = await Dispatcher(Config(), mail).DispatchDueAsync(50);

        // Monday's letter was in Tuesday's batch (the day it is posted); the one written on Tuesday is in Wednesday's.
        Assert.Equal(2, summary.Sent);
        var tuesday = await File.ReadAllTextAsync(PostingFile);
        var wednesday = await File.ReadAllTextAsync(Path.Join(_batchFolder, "2027-03-03.html"));
        Assert.Equal(1, Occurrences(tuesday, "<section class=\"letter"));
        Assert.Contains(MessageIds.FromKey(early), tuesday, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(wednesday, "<section class=\"letter"));
        Assert.Contains(MessageIds.FromKey(late), wednesday, StringComparison.Ordinal);
        Assert.DoesNotContain(MessageIds.FromKey(early), wednesday, StringComparison.Ordinal);

        // The reclaimed letter, composed again on Tuesday, keeps the date of the batch it is in; the new one has its own.
        Assert.Equal("2 March 2027", DateLine(PrintedPage.Read(tuesday, MessageIds.FromKey(early)).Section));
        Assert.Equal("3 March 2027", DateLine(PrintedPage.Read(wednesday, MessageIds.FromKey(late)).Section));
    }

    [Fact]
    public async Task Dispatch_LetterReclaimedAfterItsBatchsDayBegan_NotInThatBatch_GoesToTheNextBatchDatedItsDay_TheCollectedBatchUntouched()
    {
        var posted = await EnqueueAsync("T2", GasFirst with { HomeId = "H4" });
        var lost = await EnqueueAsync("T2", GasFirst with { HomeId = "H4", Letter = TenantLetterKinds.AppointmentSecond });
        var mail = Smtp(1) with { LetterBatchDirectory = _batchFolder };
        await Database.DataSource.ExecuteAsync($"UPDATE outbox_messages SET next_attempt_at = '2027-03-02T08:00:00Z' WHERE idempotency_key = '{lost}'");
        Assert.Equal(1, (await Dispatcher(Config(), mail).DispatchDueAsync(50)).Sent);
        var tuesday = await File.ReadAllTextAsync(PostingFile);

        // Monday: a claim chose Tuesday's batch for the second letter and died before writing it (its row names the batch,
        // the letter is in no file). The dispatcher is back on Tuesday at 09:00, after the mailing house collected Tuesday's batch.
        await Database.DataSource.ExecuteAsync(
            $"UPDATE outbox_messages SET status = 'sending', lease_until = '2027-03-01T08:05:00Z', delivered_via = 'post:2027-03-02.html' WHERE idempotency_key = '{lost}'");
        Clock.Advance(Duration.FromDays(1));
        var summary = await Dispatcher(Config(), mail).DispatchDueAsync(50);

        // Tuesday's batch is as it was collected; the letter went into Wednesday's, dated Wednesday, and its row says so.
        Assert.Equal(1, summary.Sent);
        Assert.Equal(tuesday, await File.ReadAllTextAsync(PostingFile));
        Assert.DoesNotContain(MessageIds.FromKey(lost), tuesday, StringComparison.Ordinal);
        var wednesday = await File.ReadAllTextAsync(Path.Join(_batchFolder, "2027-03-03.html"));
        Assert.Equal(1, Occurrences(wednesday, "<section class=\"letter"));
        Assert.Equal("3 March 2027", DateLine(PrintedPage.Read(wednesday, MessageIds.FromKey(lost)).Section));
        Assert.Equal(1, await CountAsync($"idempotency_key = '{lost}' AND status = 'sent' AND delivered_via = 'post:2027-03-03.html' AND attempts = 1"));
        Assert.Equal(1, await CountAsync($"idempotency_key = '{posted}' AND status = 'sent' AND delivered_via = 'post:2027-03-02.html'"));

        // Claimed again (a crash after Wednesday's write): found in Wednesday's batch, not added twice.
        await Database.DataSource.ExecuteAsync($"UPDATE outbox_messages SET status = 'sending', lease_until = '2027-03-02T08:00:00Z' WHERE idempotency_key = '{lost}'");
        Assert.Equal(1, (await Dispatcher(Config(), mail).DispatchDueAsync(50)).Sent);
        Assert.Equal(wednesday, await File.ReadAllTextAsync(Path.Join(_batchFolder, "2027-03-03.html")));
        Assert.Equal(2, Directory.EnumerateFiles(_batchFolder, "*", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public async Task Dispatch_HostileNamesAndAddresses_AreEscapedAndAddNoHeaders()
    {
        await Database.DataSource.ExecuteAsync(
            $"UPDATE homes SET address = '{Quote(EmailTestData.Hostile)}, 1 High Street' WHERE id IN ('H1', 'H4')");
        await AddTenantAsync("T7", "H1", EmailTestData.Hostile, "t7@tenant.example");
        await AddTenantAsync("T8", "H4", EmailTestData.Hostile, null);
        await EnqueueAsync("T7", GasFirst);
        await EnqueueAsync("T8", GasFirst with { HomeId = "H4" });
        await using var server = TestSmtpServer.Start();

        var summary = await Dispatcher(Config(), Smtp(server.Port) with { LetterBatchDirectory = _batchFolder }).DispatchDueAsync(50);

        Assert.Equal(2, summary.Sent);
        var message = Assert.Single(server.Messages);
        Assert.Null(message.Headers[HeaderId.Bcc]);
        Assert.Empty(message.Bcc);
        var to = message.To.Mailboxes.Single();
        Assert.Equal("t7@tenant.example", to.Address);
        Assert.DoesNotContain("\n", to.Name, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", message.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; Sons", message.HtmlBody, StringComparison.Ordinal);

        var file = await File.ReadAllTextAsync(PostingFile);
        Assert.DoesNotContain("<script>", file, StringComparison.Ordinal);
        Assert.Contains("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; Sons  Bcc: victim@example.org</p>", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_PostLetterWithoutBatchFolder_IsDeadNamingTheSetting()
    {
        await EnqueueAsync("T2", GasFirst with { HomeId = "H4" });
        await using var server = TestSmtpServer.Start();

        var summary = await Dispatcher(Config(), Smtp(server.Port)).DispatchDueAsync(50);

        Assert.Equal(1, summary.Dead);
        var error = Assert.Single(await OutboxRowsAsync("last_error", "status = 'dead'"));
        Assert.Contains("Mail:LetterBatchDirectory", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_BadLetterRows_AreDeadOrSupersededAndTheRestGoOut()
    {
        await AddTenantAsync("T9", "H1", "Gone Away", "gone@tenant.example", active: false);
        await EnqueueAsync("T9", GasFirst);
        await EnqueueAsync("NOBODY", GasFirst);
        await EnqueueAsync("T1", GasFirst with { Letter = "birthday-card" });
        await EnqueueAsync("T1", GasFirst with { HomeId = "NOWHERE" });
        var good = await EnqueueAsync("T1", GasFirst with { Letter = TenantLetterKinds.AppointmentSecond });
        await using var server = TestSmtpServer.Start();

        var summary = await Dispatcher(Config(), Smtp(server.Port) with { LetterBatchDirectory = _batchFolder }).DispatchDueAsync(50);

        Assert.Equal((1, 3, 1), (summary.Sent, summary.Dead, summary.Superseded));
        Assert.Equal(MessageIds.FromKey(good), Assert.Single(server.Messages).MessageId);
        var errors = string.Join('\n', await OutboxRowsAsync("last_error", "status IN ('dead', 'superseded')"));
        Assert.Contains("no longer in the register", errors, StringComparison.Ordinal);
        Assert.Contains("Tenant 'NOBODY' is not in the database", errors, StringComparison.Ordinal);
        Assert.Contains("'birthday-card' is not a letter", errors, StringComparison.Ordinal);
        Assert.Contains("Home 'NOWHERE'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_SecondLetter_NamesTheVisitWeCouldNotGetInOn()
    {
        var key = await EnqueueAsync("T1", GasFirst with { Letter = TenantLetterKinds.AppointmentSecond, PreviousDate = new LocalDate(2027, 3, 2) });
        await using var server = TestSmtpServer.Start();

        await Dispatcher(Config(), Smtp(server.Port) with { LetterBatchDirectory = _batchFolder }).DispatchDueAsync(50);

        var message = Assert.Single(server.Messages);
        Assert.Equal(MessageIds.FromKey(key), message.MessageId);
        Assert.Contains("We could not get into your home for your appointment on Tuesday 2 March 2027.", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_LetterAboutAnOrderCancelledSinceItWasQueued_IsSupersededNotSent()
    {
        await ApplyAsync(PerOrderConfig());
        await Database.DataSource.ExecuteAsync("UPDATE outbox_messages SET status = 'sent'"); // only the letters below are due
        var rows = await Database.DataSource.RowsAsync("SELECT id, reference FROM work_orders ORDER BY id LIMIT 2");
        var ids = rows.Select(r => long.Parse(r.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var cancelledReference = rows[0].Split('|')[1];
        await Database.DataSource.ExecuteAsync($"UPDATE work_orders SET status = 'cancelled' WHERE id = {ids[0]}");
        await EnqueueAsync("T1", GasFirst, ids[0]);
        var live = await EnqueueAsync("T1", GasFirst, ids[1]);
        await using var server = TestSmtpServer.Start();

        var summary = await Dispatcher(Config(), Smtp(server.Port) with { LetterBatchDirectory = _batchFolder }).DispatchDueAsync(50);

        Assert.Equal((1, 0, 1), (summary.Sent, summary.Dead, summary.Superseded));
        Assert.Equal(MessageIds.FromKey(live), Assert.Single(server.Messages).MessageId);
        Assert.Equal(
            $"not sent: work order {cancelledReference} was cancelled before the letter went out",
            Assert.Single(await OutboxRowsAsync("last_error", "status = 'superseded'")));
    }

    [Fact]
    public async Task Dispatch_SlotHours_AreThoseOfTheConfigInForceWhenTheLetterIsComposed()
    {
        // Queued while no slot had hours (the payload stores the slot id only); composed under a config that gives AM
        // hours and leaves PM a plain name.
        await AddTenantAsync("T3", "H1", "Ola Nowak", "t3@tenant.example", language: "pl");
        await EnqueueAsync("T1", GasFirst);
        await EnqueueAsync("T3", GasFirst);
        await EnqueueAsync("T1", GasFirst with { Letter = TenantLetterKinds.AppointmentSecond, Slot = "PM" });
        var gas = Persistence.Tests.TestEstate.GasSafety() with
        {
            Appointment = new Scheduler.Domain.Configuration.AppointmentPolicy(["AM", "PM"], Period.FromDays(14), 3)
            {
                Hours = new Dictionary<string, Scheduler.Domain.Configuration.SlotHours>
                {
                    ["AM"] = new(new LocalTime(9, 0), new LocalTime(13, 0)),
                },
            },
        };
        var config = Config() with { Schedules = [.. Config().Schedules.Where(s => s.Id != "gas-safety"), gas] };
        await using var server = TestSmtpServer.Start();

        await Dispatcher(config, Smtp(server.Port) with { LetterBatchDirectory = _batchFolder }).DispatchDueAsync(50);

        Assert.Equal(3, server.Messages.Count);
        var english = server.Messages.Single(m => (m.Subject ?? string.Empty).StartsWith("Your annual", StringComparison.Ordinal));
        var polish = server.Messages.Single(m => (m.Subject ?? string.Empty).StartsWith("Wizyta", StringComparison.Ordinal));
        var afternoon = server.Messages.Single(m => (m.Subject ?? string.Empty).StartsWith("New appointment", StringComparison.Ordinal));
        Assert.NotNull(english.TextBody);
        Assert.NotNull(english.HtmlBody);
        Assert.NotNull(polish.TextBody);
        Assert.NotNull(afternoon.TextBody);
        Assert.Contains("\nTuesday 9 March 2027, in the morning, between 9am and 1pm.\n", english.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("<strong>Tuesday 9 March 2027, in the morning, between 9am and 1pm.</strong>", english.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("\nwtorek, 9 marca 2027, rano, między 9:00 a 13:00.\n", polish.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\nTuesday 9 March 2027, in the afternoon.\n", afternoon.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("between", afternoon.TextBody, StringComparison.Ordinal);
    }

    // Letters are dated, and posted letters go in the batch of the day they are posted (session 29). Before, a letter had no
    // date, and the batch file was named after the day the dispatcher ran, Saturdays, Sundays and bank holidays included,
    // though no post goes on them. Now an email is dated the London day it is sent; a printed letter the day of its batch,
    // the first working day after it was written (the organisation's bank-holiday calendar).
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

    /// <summary>The test config with the gas service named and its checklist, as the shipped services.yaml has it.</summary>
    private static Scheduler.Domain.Configuration.EstateConfiguration Config() => PerOrderConfig() with
    {
        Services = [new Scheduler.Domain.Configuration.ServiceDefinition("gas-safety", "Annual gas safety check", ["Every gas appliance, flue and pipework checked"], false)],
    };

    private async Task AddTenantAsync(string id, string home, string name, string? email, string language = "en", bool largePrint = false, bool active = true)
    {
        await Database.DataSource.ExecuteAsync($"""
            INSERT INTO tenants (id, home_id, name, email, channel, large_print, language, active, updated_at)
            VALUES ('{id}', '{home}', '{Quote(name)}', {(email is null ? "NULL" : $"'{email}'")}, '{(email is null ? "post" : "email")}',
                    {largePrint}, '{language}', {active}, now())
            """);
    }

    private int _letters;

    /// <summary>Writes a tenant-letter row as the code that causes one would, and returns its idempotency key.</summary>
    private async Task<string> EnqueueAsync(string tenant, TenantLetterPayload payload, long? order = null)
    {
        var key = $"letter/{tenant}/{payload.Letter}/{++_letters}";
        await Database.DataSource.ExecuteAsync($"""
            INSERT INTO outbox_messages (kind, idempotency_key, message_id, recipient_kind, recipient_id, work_order_ids, payload,
                                         sequence, status, attempts, next_attempt_at, created_at)
            VALUES ('tenant-letter', '{key}', '{MessageIds.FromKey(key)}', 'tenant', '{tenant}', {(order is { } id ? $"ARRAY[{id}]" : "ARRAY[]")}::bigint[], '{Quote(payload.ToJson())}'::jsonb,
                    0, 'pending', 0, '2027-03-01T08:00:00Z', '2027-03-01T08:00:00Z')
            """);
        return key;
    }

    private static string Quote(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    private static int Occurrences(string text, string part) => Regex.Count(text, Regex.Escape(part));

    private static int FontPoints(string? html) =>
        int.Parse(FontSize().Match(html ?? string.Empty).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"font-size: (\d+)pt")]
    private static partial Regex FontSize();
}
