using System.Globalization;
using MimeKit;
using NodaTime;
using NodaTime.Text;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Gas;
using Scheduler.Persistence.Register;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;
using Scheduler.Worker.Tests.Reports;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// A weekly gas contractor's programme lists an order booked with the tenant under the day of its appointment, not its
/// target date (branch <c>prog28</c>): in the week or outside it (a day marked "after this week"), the order's lines and
/// its appointment line as before, the days' counts saying how many are there for their appointment, the lead sentence
/// saying what the list is ordered by; a part names the days it lists; the <c>.csv</c>'s rows and the <c>.ics</c>'s
/// events follow the email. An order booked after its programme went gets a changed-appointment notice, not a second
/// programme. Real apply, booking, PostgreSQL, dispatcher and SMTP server; the twelve gas homes of the notice tests
/// (north: one engineer, AM 08:00-12:00 and PM without hours; each order aimed at its window's first working day, and
/// booked from two weeks after the booking), warmfix on weekly dispatch (programme day Thursday), clock Monday 1 March 2027.
/// </summary>
public sealed class ContractorAppointmentProgrammeTests : OutboxTestBase
{
    private const string Engineer = "jobs@warmfix.example";

    private const string ByDay = "listed below by day: an order booked with the tenant under the day of its appointment, any other under its target date.";

    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static EstateConfiguration Weekly(int maxOrders = Contractor.DefaultProgrammeMaxOrders)
    {
        var gas = ContractorAppointmentNoticeTests.GasConfig();
        return gas with
        {
            Contractors = [.. gas.Contractors.Select(c => c.Id == "warmfix" ? c with { Dispatch = DispatchMode.Weekly, ProgrammeMaxOrders = maxOrders } : c)],
        };
    }

    private async Task ApplyGasAsync(EstateConfiguration config)
    {
        await new RegisterImporter(Database.DataSource, Clock).ImportAsync(Ahead.LetterAheadDispatchTests.GasHomes(), "test", AsOf);
        await ApplyAsync(config);
    }

    private async Task BookAsync(EstateConfiguration config, LocalDate on) =>
        Assert.Equal(12, (await new GasAppointmentBooking(Database.DataSource, config, TestEstate.Calendar, Clock).BookAsync(on)).Booked.Count);

    /// <summary>The booked orders: reference, target date, appointment day and slot, by target date then reference.</summary>
    private async Task<List<(string Reference, LocalDate Target, LocalDate Appointment, string Slot)>> BookedAsync()
    {
        var rows = await Database.DataSource.RowsAsync(
            """
            SELECT w.reference, w.target_date::text, a.date::text, a.slot
            FROM gas_appointments a JOIN work_orders w ON w.id = a.work_order_id
            WHERE a.status = 'booked' ORDER BY w.target_date, w.reference
            """);
        return [.. rows.Select(r => r.Split('|')).Select(c => (c[0], Iso(c[1]), Iso(c[2]), c[3]))];
    }

    /// <summary>
    /// Applies and books, and returns the first week after the apply's whose orders are booked for a day of a later week
    /// (both of that week's orders, by target date).
    /// </summary>
    private async Task<(LocalDate Week, List<(string Reference, LocalDate Target, LocalDate Appointment, string Slot)> Orders)> BookedAfterTheirWeekAsync(EstateConfiguration config)
    {
        await ApplyGasAsync(config);
        await BookAsync(config, AsOf);
        var booked = await BookedAsync();
        var week = booked.Where(b => Monday(b.Target) > Monday(AsOf) && Monday(b.Appointment) > Monday(b.Target)).Min(b => Monday(b.Target));
        var orders = booked.Where(b => Monday(b.Target) == week).ToList();
        Assert.Equal(2, orders.Count);
        return (week, orders);
    }

    /// <summary>Applies (no booking) and returns the first week after the apply's with orders.</summary>
    private async Task<LocalDate> FirstWeekAfterTheApplysAsync(EstateConfiguration config)
    {
        await ApplyGasAsync(config);
        return Iso(await Database.DataSource.ScalarAsync<string>(
            "SELECT min(date_trunc('week', target_date))::date::text FROM work_orders WHERE contractor_id = 'warmfix' AND target_date > '2027-03-07'"));
    }

    private static LocalDate Iso(string text) => LocalDatePattern.Iso.Parse(text).Value;

    private static LocalDate Monday(LocalDate day) => day.PlusDays(1 - (int)day.DayOfWeek);

    private static string Text(LocalDate day) => day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>Dispatches on the Thursday before <paramref name="monday"/> at 09:00 and returns what reached the engineer.</summary>
    private async Task<List<MimeMessage>> DispatchOnProgrammeDayAsync(EstateConfiguration config, LocalDate monday)
    {
        Clock.Reset(monday.PlusDays(-4).At(new LocalTime(9, 0)).InZoneStrictly(London).ToInstant());
        await using var server = TestSmtpServer.Start();
        await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);
        return [.. server.Messages.Where(m => m.To.Mailboxes.Single().Address == Engineer)];
    }

    private static List<MimeMessage> Programmes(IEnumerable<MimeMessage> messages) =>
        [.. messages.Where(m => m.MessageId!.StartsWith("programme/warmfix/", StringComparison.Ordinal)).OrderBy(m => m.MessageId, StringComparer.Ordinal)];

    /// <summary>The text body's lines (line ends as sent).</summary>
    private static string[] Lines(MimeMessage message) => message.TextBody!.ReplaceLineEndings("\n").Split('\n');

    /// <summary>The day heading the order's line is under in the text body, and the line after the order's line.</summary>
    private static (string Heading, string Next) ListedUnder(MimeMessage programme, string reference)
    {
        var lines = Lines(programme);
        var at = Array.FindIndex(lines, l => l.StartsWith($"- {reference}: ", StringComparison.Ordinal));
        Assert.True(at > 0, $"{reference} is not listed");
        var heading = lines.Take(at).Last(l => l.Length > 0 && !l.StartsWith("- ", StringComparison.Ordinal) && !l.StartsWith("  ", StringComparison.Ordinal));
        return (heading, lines[at + 1]);
    }

    /// <summary>The HTML's day headings, in order, each with the references of the table rows under it.</summary>
    private static List<(string Heading, List<string> References)> HtmlDays(MimeMessage programme)
    {
        var days = new List<(string, List<string>)>();
        foreach (var part in programme.HtmlBody!.Split("<h2 ").Skip(1))
        {
            var heading = part[(part.IndexOf('>', StringComparison.Ordinal) + 1)..part.IndexOf("</h2>", StringComparison.Ordinal)];
            var references = part.Split("<tr style=\"vertical-align: top;\"><td>").Skip(1).Select(r => r[..14]).ToList();
            days.Add((heading, references));
        }

        return days;
    }

    private static List<List<string>> CsvRows(MimeMessage message) =>
        [.. CsvOf(message).Split("\r\n").Skip(1).Where(l => l.Length > 0).Select(ReportCsv.Fields)];

    private static string AppointmentLine(LocalDate day, string slot) =>
        $"  Appointment: {Text(day)}, {(slot == "AM" ? "morning, between 8am and 12 noon" : "afternoon")} (booked with the tenant; keep to it or tell us)";

    [Fact]
    public async Task Programme_OrderBookedForAnotherDayOfItsWeek_IsListedUnderItsAppointmentsDay()
    {
        var config = Weekly();
        await ApplyGasAsync(config);
        await BookAsync(config, AsOf);
        // The order aimed at a day of a week (a Tuesday) and booked for another day of the same week (the Thursday).
        var (reference, target, appointment, slot) = Assert.Single(
            await BookedAsync(), b => Monday(b.Target) == Monday(b.Appointment) && b.Target != b.Appointment);
        Assert.True(appointment > target);

        var programme = Assert.Single(Programmes(await DispatchOnProgrammeDayAsync(config, Monday(target))));

        Assert.Equal($"programme/warmfix/{Monday(target):uuuu-MM-dd}@estate-scheduler", programme.MessageId);
        var (heading, next) = ListedUnder(programme, reference);
        Assert.Equal($"{Text(appointment)}: 1 order, booked with the tenant for this day", heading);
        Assert.Equal(AppointmentLine(appointment, slot), next);
        Assert.DoesNotContain(Lines(programme), l => l.StartsWith(Text(target), StringComparison.Ordinal));
        Assert.Contains($"It has 1 order, {ByDay}\n", programme.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Please do each order booked with the tenant at its appointment, and any other within its window: we have aimed it at its target date.", programme.TextBody, StringComparison.Ordinal);

        var day = Assert.Single(HtmlDays(programme));
        Assert.Equal($"{Text(appointment)}: 1 order, booked with the tenant for this day", day.Heading);
        Assert.Equal([reference], day.References);
        Assert.Contains($"It has 1 order, {ByDay}</p>", programme.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Text(target), programme.HtmlBody, StringComparison.Ordinal);

        // The .csv keeps both days; the .ics's event is on the appointment's day.
        var row = Assert.Single(CsvRows(programme));
        Assert.Equal([reference, target.ToString("R", CultureInfo.InvariantCulture)], new[] { row[0], row[7] });
        Assert.Equal(appointment.ToString("R", CultureInfo.InvariantCulture), row[12]);
        var ev = Assert.Single(Ical.Net.Calendar.Load(IcsOf(programme))!.Events)!;
        Assert.Equal($"{reference}@estate-scheduler", ev.Uid);
        Assert.Equal(appointment, LocalDate.FromDateTime(ev.DtStart!.HasTime ? ev.DtStart.AsUtc : ev.DtStart.Value));
    }

    [Fact]
    public async Task Programme_OrdersBookedForDaysAfterTheirWeek_AreListedUnderThoseDaysMarkedAfterThisWeek_CsvAndIcsInTheSameOrder()
    {
        var config = Weekly();
        var (week, orders) = await BookedAfterTheirWeekAsync(config);
        Assert.All(orders, o => Assert.True(o.Appointment > week.PlusDays(6)));
        Assert.NotEqual(orders[0].Appointment, orders[1].Appointment);

        var programme = Assert.Single(Programmes(await DispatchOnProgrammeDayAsync(config, week)));

        Assert.Contains($"It has 2 orders, {ByDay} 2 of them are booked for a day outside this week.\n", programme.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        foreach (var order in orders)
        {
            var (heading, next) = ListedUnder(programme, order.Reference);
            Assert.Equal($"{Text(order.Appointment)} (after this week): 1 order, booked with the tenant for this day", heading);
            Assert.Equal(AppointmentLine(order.Appointment, order.Slot), next);
            Assert.DoesNotContain(Lines(programme), l => l.StartsWith(Text(order.Target), StringComparison.Ordinal));
        }

        var inOrder = orders.OrderBy(o => o.Appointment).Select(o => o.Reference).ToList();
        Assert.Equal(
            orders.OrderBy(o => o.Appointment).Select(o => ($"{Text(o.Appointment)} (after this week): 1 order, booked with the tenant for this day", new List<string> { o.Reference })),
            HtmlDays(programme).Select(d => (d.Heading, d.References)));
        Assert.Equal(inOrder, CsvRows(programme).Select(r => r[0]));
        Assert.Equal(inOrder, Ical.Net.Calendar.Load(IcsOf(programme))!.Events.Select(e => e!.Uid!.Split('@')[0]));
    }

    [Fact]
    public async Task ProgrammeInParts_EachPartNamesTheDaysItListsItsOrdersUnder()
    {
        // Parts of one order: the week's two orders are cut by target date (a part each), and each part lists its order
        // under its appointment's day, the day its subject and body name.
        var config = Weekly(maxOrders: 1);
        var (week, orders) = await BookedAfterTheirWeekAsync(config);

        var parts = Programmes(await DispatchOnProgrammeDayAsync(config, week));

        Assert.Equal(2, parts.Count);
        for (var i = 0; i < 2; i++)
        {
            var day = Text(orders[i].Appointment);
            Assert.Equal($"programme/warmfix/{week:uuuu-MM-dd}/{i + 1}@estate-scheduler", parts[i].MessageId);
            Assert.Equal(
                $"Your programme for {Text(week)} to {Text(week.PlusDays(6))}, part {i + 1} of 2 ({day}): 1 order",
                parts[i].Subject);
            Assert.Contains($"this is part {i + 1} of 2, with the work for {day}.", parts[i].TextBody, StringComparison.Ordinal);
            Assert.Equal($"{day} (after this week): 1 order, booked with the tenant for this day", ListedUnder(parts[i], orders[i].Reference).Heading);
            Assert.Equal([orders[i].Reference], CsvRows(parts[i]).Select(r => r[0]));
        }
    }

    [Fact]
    public async Task ProgrammeWrittenBeforeTheBookingAndSentAfter_ListsItsOrdersUnderTheirAppointmentsDays_NoChangedNotice()
    {
        var config = Weekly();
        var week = await FirstWeekAfterTheApplysAsync(config);

        // The programme day's first step writes the programme (and the current week's notices); the orders are booked
        // before they go (the programme waiting for the mail server, say), and the programme is composed with them.
        var thursday = week.PlusDays(-4);
        Clock.Reset(thursday.At(new LocalTime(9, 0)).InZoneStrictly(London).ToInstant());
        Assert.True(await Dispatcher(config, Smtp(1)).EnqueueWeeklyAsync() > 0);
        Assert.Equal(1L, await CountAsync("kind = 'contractor-programme' AND status = 'pending'"));
        await BookAsync(config, thursday);
        var booked = (await BookedAsync()).Where(b => Monday(b.Target) == week).ToList();
        Assert.NotEmpty(booked);
        Assert.Equal(0L, await CountAsync("idempotency_key LIKE 'order/%/appointment/%'"));

        var sent = await DispatchOnProgrammeDayAsync(config, week);

        var programme = Assert.Single(Programmes(sent));
        Assert.Contains(ByDay, programme.TextBody, StringComparison.Ordinal);
        foreach (var order in booked)
        {
            var (heading, next) = ListedUnder(programme, order.Reference);
            Assert.StartsWith($"{Text(order.Appointment)}{(Monday(order.Appointment) == week ? ":" : " (after this week):")} 1 order, booked", heading, StringComparison.Ordinal);
            Assert.Equal(AppointmentLine(order.Appointment, order.Slot), next);
        }

        Assert.Equal(booked.Count, CsvRows(programme).Count);
        Assert.DoesNotContain(sent, m => m.MessageId!.Contains("/appointment/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OrdersBookedAfterTheirProgrammeWent_ProgrammeListedThemByTargetDate_EachGetsAChangedAppointmentNotice()
    {
        var config = Weekly();
        var week = await FirstWeekAfterTheApplysAsync(config);

        // The programme goes before any booking: its orders listed by target date, with no appointment.
        var programme = Assert.Single(Programmes(await DispatchOnProgrammeDayAsync(config, week)));
        Assert.Contains("listed below by target date.", programme.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Appointment", programme.TextBody, StringComparison.Ordinal);
        var listed = CsvRows(programme).Select(r => r[0]).ToList();
        Assert.NotEmpty(listed);

        // Booked that night: each of the programme's orders gets a changed-appointment notice (as each order of the
        // current week, whose notice of its own went with it), and no programme is written again.
        var night = Clock.GetCurrentInstant().InZone(London).Date;
        await BookAsync(config, night);
        var booked = (await BookedAsync()).ToDictionary(b => b.Reference, StringComparer.Ordinal);
        var sent = await DispatchOnProgrammeDayAsync(config, week);

        Assert.Empty(Programmes(sent));
        var changes = sent.Where(m => m.MessageId!.Contains("/appointment/", StringComparison.Ordinal)).ToList();
        Assert.Subset(changes.Select(c => c.MessageId!.Split('/')[1]).ToHashSet(StringComparer.Ordinal), listed.ToHashSet(StringComparer.Ordinal));
        foreach (var change in changes)
        {
            var reference = change.MessageId!.Split('/')[1];
            Assert.StartsWith($"New appointment for work order {reference}: ", change.Subject, StringComparison.Ordinal);
            Assert.Contains($"The tenant expects you on {Text(booked[reference].Appointment)}", change.TextBody, StringComparison.Ordinal);
            Assert.Equal(1, Assert.Single(Ical.Net.Calendar.Load(IcsOf(change))!.Events)!.Sequence);
        }

        Assert.Equal(1L, await CountAsync("kind = 'contractor-programme'"));
    }

    [Fact]
    public async Task OrdersOfTheCurrentWeekBookedBeforeAnyMessage_EachGetANoticeOfItsOwnWithItsAppointment()
    {
        // Orders aimed in the week of the apply (no programme can carry them), booked that night (appointed): each is a
        // late order, sent as a notice of its own with its appointment; the next programme does not carry them again.
        var config = Weekly();
        await ApplyGasAsync(config);
        await BookAsync(config, AsOf);
        var current = (await BookedAsync()).Where(b => Monday(b.Target) == Monday(AsOf)).ToDictionary(b => b.Reference, StringComparer.Ordinal);
        Assert.NotEmpty(current);
        Clock.Reset(AsOf.At(new LocalTime(9, 0)).InZoneStrictly(London).ToInstant());
        List<MimeMessage> notices;
        await using (var server = TestSmtpServer.Start())
        {
            await Dispatcher(config, Smtp(server.Port)).DispatchDueAsync(500);
            notices = [.. server.Messages.Where(m => m.To.Mailboxes.Single().Address == Engineer)];
        }

        Assert.Equal(current.Keys.Select(r => $"order/{r}/0@estate-scheduler").Order(StringComparer.Ordinal), notices.Select(n => n.MessageId).Order(StringComparer.Ordinal));
        foreach (var notice in notices)
        {
            var booked = current[notice.MessageId!.Split('/')[1]];
            Assert.Contains(AppointmentLine(booked.Appointment, booked.Slot).Replace("  Appointment: ", "Appointment:  ", StringComparison.Ordinal), notice.TextBody, StringComparison.Ordinal);
        }

        var next = Programmes(await DispatchOnProgrammeDayAsync(config, Monday(AsOf).PlusDays(7)));
        Assert.All(next, p => Assert.DoesNotContain(CsvRows(p), r => current.ContainsKey(r[0])));
    }
}
