using Scheduler.Persistence.Gas;
using Scheduler.Worker.Commands;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>What <c>apply</c> prints after its booking: the orders the booking cancelled because their check was made elsewhere.</summary>
public class GasBookingReportTests
{
    [Fact]
    public void WriteText_ClosedOrders_OneLineEachAfterTheCount()
    {
        var output = new StringWriter { NewLine = "\n" };

        GasBookingReport.WriteText(new GasBookingResult([], [], []) { Closed = ["WO-2027-000012", "WO-2027-000040"] }, output);

        Assert.Equal(
            "booked 0 gas appointment(s)\n"
            + "  cancelled: WO-2027-000012 (its window passed unvisited; the check for its deadline was made on another order or recorded in the register)\n"
            + "  cancelled: WO-2027-000040 (its window passed unvisited; the check for its deadline was made on another order or recorded in the register)\n",
            output.ToString());
    }

    [Fact]
    public void WriteText_ShortNotice_OneLinePerVisitBookedShortBecauseTheLetterGoesByPost()
    {
        var output = new StringWriter { NewLine = "\n" };
        var shortNotice = new GasBookedAppointment("WO-2027-000007", "P1", 2, new NodaTime.LocalDate(2027, 2, 9), "PM", new NodaTime.LocalDate(2027, 2, 10), false)
        {
            ShortNotice = true,
            LetterReaches = new NodaTime.LocalDate(2027, 2, 4),
        };
        var full = new GasBookedAppointment("WO-2027-000008", "P2", 1, new NodaTime.LocalDate(2027, 1, 21), "AM", new NodaTime.LocalDate(2027, 2, 10), false);

        GasBookingReport.WriteText(new GasBookingResult([full, shortNotice], [], []), output);

        Assert.Equal(
            "booked 2 gas appointment(s)\n"
            + "  short notice: P1, WO-2027-000007 on 2027-02-09 PM: its letter goes by post and reaches the tenant by 2027-02-04; the deadline 2027-02-10 left no later slot, so ring the tenant to confirm\n",
            output.ToString());
    }
}
