using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>The .csv of orders a contractor gets.</summary>
public sealed class OrderCsvTests
{
    [Fact]
    public void Write_Orders_HeaderThenOneRowEach()
    {
        var csv = OrderCsv.Write([EmailTestData.Order(1), EmailTestData.Order(2, WorkOrderStatus.Changed, 3)]);

        var lines = csv.Split("\r\n");
        Assert.StartsWith("reference,service,asset,address,postcode,window_start,window_end,target_date", lines[0], StringComparison.Ordinal);
        Assert.Equal(OrderCsv.Header, lines[0]);
        Assert.Equal(
            "WO-2027-000001,Grass cutting,Oakfield Estate,Oakfield Estate,LS1 1AA,2027-05-10,2027-05-21,2027-05-12,new,0,Grass cut and edges trimmed; Hardstanding kept weed and litter free,WO-2027-000002,,,,,,",
            lines[1]);
        Assert.StartsWith("WO-2027-000002,", lines[2], StringComparison.Ordinal);
        Assert.Contains(",changed,3,", lines[2], StringComparison.Ordinal);
        Assert.Equal(string.Empty, lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Theory]
    [InlineData("Flat 1, High St", "\"Flat 1, High St\"")]
    [InlineData("The \"Green\"", "\"The \"\"Green\"\"\"")]
    [InlineData("Line\r\nbreak", "\"Line\r\nbreak\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+44 1", "'+44 1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-1", "'-1")]
    public void Write_AwkwardAddress_IsQuotedAndNeverAFormula(string address, string field)
    {
        var csv = OrderCsv.Write([EmailTestData.Order(address: address)]);

        Assert.Contains($",Oakfield Estate,{field},LS1 1AA,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OrdersWithAppointments_LastFourColumnsAreTheDaySlotAndHours_EmptyWithoutOne()
    {
        var morning = new SlotHours(new LocalTime(8, 0), new LocalTime(12, 30));
        var csv = OrderCsv.Write(
        [
            EmailTestData.Order(1) with { Appointment = new OrderAppointment(new LocalDate(2027, 7, 9), "AM", morning) },
            EmailTestData.Order(2) with { Appointment = new OrderAppointment(new LocalDate(2027, 7, 10), "=Early, late", null) },
            EmailTestData.Order(3),
        ]);

        var lines = csv.Split("\r\n");
        Assert.EndsWith(",checklist,follow_ups,appointment_date,appointment_slot,appointment_from,appointment_to,defect,due", lines[0], StringComparison.Ordinal);
        var plain = OrderCsv.Write([EmailTestData.Order(1)]).Split("\r\n")[1];
        Assert.EndsWith(",WO-2027-000002,,,,,,", plain, StringComparison.Ordinal);
        Assert.Equal(plain[..^6] + ",2027-07-09,AM,08:00,12:30,,", lines[1]);
        Assert.EndsWith(",2027-07-10,\"'=Early, late\",,,,", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",WO-2027-000004,,,,,,", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Repairs_LastTwoColumnsAreTheWholeDefectAndTheDueMoment_EmptyForCalendarWork()
    {
        // After the appointment's four, so every earlier column keeps its position (branch defect29).
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        var reported = new LocalDateTime(2027, 6, 1, 10, 0).InZoneStrictly(london);
        var emergency = new OrderRepair("repairs-emergency", "Emergency repairs", "Attend and make safe within 4 hours", true, reported, reported.PlusHours(4),
            "=Leak, \"bad\"\r\nunder the sink");
        var routine = new OrderRepair("repairs-routine", "Routine repairs", "Complete within 17 days", false, reported,
            new LocalDateTime(2027, 6, 19, 0, 0).InZoneStrictly(london));
        var longNote = string.Concat(Enumerable.Repeat("drip, ", 333)) + "ok";

        var csv = OrderCsv.Write(
        [
            EmailTestData.Order(1) with { Repair = emergency },
            EmailTestData.Order(2) with { Repair = routine },
            EmailTestData.Order(3) with { Repair = routine with { Defect = longNote } },
            EmailTestData.Order(4),
        ]);

        var lines = csv.Split("\r\n");
        Assert.EndsWith(",appointment_date,appointment_slot,appointment_from,appointment_to,defect,due", lines[0], StringComparison.Ordinal);
        var plain = OrderCsv.Write([EmailTestData.Order(1)]).Split("\r\n")[1];
        Assert.Equal(plain[..^1] + "\"'=Leak, \"\"bad\"\"", lines[1]); // quoted, formula-guarded, its line break kept: the row goes on
        Assert.Equal("under the sink\",2027-06-01T14:00+01:00", lines[2]);
        Assert.EndsWith(",,,,,no description was given,2027-06-19T00:00+01:00", lines[3], StringComparison.Ordinal);
        Assert.EndsWith($",,,,,\"{longNote}\",2027-06-19T00:00+01:00", lines[4], StringComparison.Ordinal); // whole: 2,000 characters
        Assert.Equal(2000, longNote.Length);
        Assert.EndsWith(",WO-2027-000005,,,,,,", lines[5], StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoOrders_IsTheHeaderAlone()
    {
        Assert.Equal(OrderCsv.Header + "\r\n", OrderCsv.Write([]));
    }
}
