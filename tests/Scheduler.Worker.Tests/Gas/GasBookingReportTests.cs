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
}
