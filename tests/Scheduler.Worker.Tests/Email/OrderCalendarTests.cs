using System.Text;
using Ical.Net;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Preview;

namespace Scheduler.Worker.Tests.Email;

/// <summary>The .ics a contractor gets: one VEVENT per order, stable UIDs, REQUEST and CANCEL.</summary>
public sealed class OrderCalendarTests
{
    private static readonly OrderCalendar Calendar = EmailTestData.Calendar();

    [Fact]
    public void Write_NewOrders_IsARequestWithOneAllDayEventPerOrder()
    {
        var orders = new[] { EmailTestData.Order(1), EmailTestData.Order(2, WorkOrderStatus.Changed, 4) };

        var file = Calendar.Write(orders, EmailTestData.Contractor(), EmailTestData.Stamp);

        Assert.Equal(CalendarMethod.Request, file.Method);
        var properties = IcsTestReader.Properties(file.Text);
        Assert.Contains(properties, p => p is { Name: "METHOD", Value: "REQUEST" });
        var events = IcsTestReader.Events(properties);
        Assert.Equal(2, events.Count);
        Assert.Equal("WO-2027-000001@estate-scheduler", events[0]["UID"].Value);
        Assert.Equal("WO-2027-000002@estate-scheduler", events[1]["UID"].Value);
        Assert.Equal(["0", "4"], events.Select(e => e["SEQUENCE"].Value));
        Assert.All(events, e =>
        {
            Assert.Equal(("VALUE=DATE", "20270510"), (e["DTSTART"].Parameters, e["DTSTART"].Value));
            Assert.Equal(("VALUE=DATE", "20270522"), (e["DTEND"].Parameters, e["DTEND"].Value));
            Assert.Equal("20270501T080000Z", e["DTSTAMP"].Value);
            Assert.Equal("CONFIRMED", e["STATUS"].Value);
            Assert.Equal("mailto:orders@examplehomes.example", e["ORGANIZER"].Value);
            Assert.Equal("mailto:jobs@greenscape.example", e["ATTENDEE"].Value);
            Assert.Contains("Target date: Wednesday 12 May 2027", IcsTestReader.UnescapeText(e["DESCRIPTION"].Value), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Write_CancelledOrder_IsACancelWithTheSameUidAndAHigherSequence()
    {
        var request = Calendar.Write([EmailTestData.Order(7, WorkOrderStatus.Changed, 1)], EmailTestData.Contractor(), EmailTestData.Stamp);
        var cancel = Calendar.Write([EmailTestData.Order(7, WorkOrderStatus.Cancelled, 2)], EmailTestData.Contractor(), EmailTestData.Stamp);

        Assert.Equal("CANCEL", cancel.MethodName);
        var before = Assert.Single(IcsTestReader.Events(IcsTestReader.Properties(request.Text)));
        var after = Assert.Single(IcsTestReader.Events(IcsTestReader.Properties(cancel.Text)));
        Assert.Equal(before["UID"].Value, after["UID"].Value);
        Assert.True(int.Parse(after["SEQUENCE"].Value, System.Globalization.CultureInfo.InvariantCulture) > int.Parse(before["SEQUENCE"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("CANCELLED", after["STATUS"].Value);
        Assert.Contains("\r\nMETHOD:CANCEL\r\n", cancel.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HostileText_IsEscapedFoldedAndReadBackTheSame()
    {
        var address = "Flat 1; Block A, \"The Green\"\\ " + new string('é', 60) + "\r\nX-Injected: yes";
        var order = EmailTestData.Order(address: address, assetName: address, checklist: ["Sweep, then; mop\nand dry"]);

        var file = Calendar.Write([order], EmailTestData.Contractor(name: "Green; \"Grounds\", Ltd\r\n"), EmailTestData.Stamp);

        Assert.All(IcsTestReader.PhysicalLines(file.Text), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
        var ev = Assert.Single(IcsTestReader.Events(IcsTestReader.Properties(file.Text)));
        Assert.Equal($"{address}, LS1 1AA", IcsTestReader.UnescapeText(ev["LOCATION"].Value).Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Contains("- Sweep, then; mop\nand dry", IcsTestReader.UnescapeText(ev["DESCRIPTION"].Value), StringComparison.Ordinal);
        Assert.Equal("CN=\"Green;  Grounds , Ltd  \";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE", ev["ATTENDEE"].Parameters);
        Assert.DoesNotContain(IcsTestReader.Properties(file.Text), p => p.Name == "X-INJECTED");

        var parsed = Ical.Net.Calendar.Load(file.Text)!;
        var parsedEvent = Assert.Single(parsed.Events)!;
        Assert.Equal($"{address}, LS1 1AA".Replace("\r\n", "\n", StringComparison.Ordinal), parsedEvent.Location);
        Assert.Equal(new DateOnly(2027, 5, 10), DateOnly.FromDateTime(parsedEvent.DtStart!.Value));
        Assert.False(parsedEvent.DtStart.HasTime);
    }

    [Fact]
    public void Write_SameOrderTwice_GivesTheSameFile()
    {
        var order = EmailTestData.Order();

        Assert.Equal(
            Calendar.Write([order], EmailTestData.Contractor(), EmailTestData.Stamp),
            Calendar.Write([order], EmailTestData.Contractor(), EmailTestData.Stamp));
    }

    [Fact]
    public void MethodFor_CancelledAndLiveOrdersTogether_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            OrderCalendar.MethodFor([EmailTestData.Order(1), EmailTestData.Order(2, WorkOrderStatus.Cancelled, 1)]));

        Assert.Contains("one METHOD per file", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OrderCalendar.MethodFor([]));
    }

    [Theory]
    [InlineData("WO 2027/1")]
    [InlineData("WO-1\r\nUID:x")]
    public void UidOf_ReferenceThatCannotBeAUid_IsRefused(string reference)
    {
        Assert.Throws<ArgumentException>(() => Calendar.UidOf(EmailTestData.Order() with { Reference = reference }));
    }

    [Theory]
    [InlineData("Europe/London", "20270512T070000Z", "20270512T110000Z")] // 08:00-12:00 BST
    [InlineData("Asia/Tokyo", "20270511T230000Z", "20270512T030000Z")] // 08:00-12:00 JST (UTC+9): the evening before in UTC
    public void Write_AppointmentWithHours_IsTimedInTheOrganisationsZone(string zone, string start, string end)
    {
        // Until branch zone29 a slot's hours were read as London's whatever organisation.timeZone said.
        var organisation = EmailTestData.Organisation() with { TimeZone = zone };
        var calendar = new OrderCalendar("estate-scheduler", organisation, "orders@examplehomes.example");
        var morning = new SlotHours(new LocalTime(8, 0), new LocalTime(12, 0));
        var order = EmailTestData.Order(1) with { Appointment = new OrderAppointment(new LocalDate(2027, 5, 12), "AM", morning) };

        var ev = Assert.Single(IcsTestReader.Events(IcsTestReader.Properties(calendar.Write([order], EmailTestData.Contractor(), EmailTestData.Stamp).Text)));

        Assert.Equal((string.Empty, start), (ev["DTSTART"].Parameters, ev["DTSTART"].Value));
        Assert.Equal((string.Empty, end), (ev["DTEND"].Parameters, ev["DTEND"].Value));
    }

    [Fact]
    public void Write_ParsedByIcalNet_HasMethodUidSequenceAndExclusiveEnd()
    {
        var file = Calendar.Write([EmailTestData.Order(3, WorkOrderStatus.Changed, 5)], EmailTestData.Contractor(), EmailTestData.Stamp);

        var calendar = Ical.Net.Calendar.Load(file.Text)!;

        Assert.Equal("REQUEST", calendar.Method);
        var ev = Assert.Single(calendar.Events)!;
        Assert.Equal("WO-2027-000003@estate-scheduler", ev.Uid);
        Assert.Equal(5, ev.Sequence);
        Assert.Equal(new LocalDate(2027, 5, 22), LocalDate.FromDateTime(ev.DtEnd!.Value));
    }
}
