using System.Globalization;
using Scheduler.Persistence.Gas;

namespace Scheduler.Worker.Commands;

/// <summary>Prints what the gas appointment booking did after an apply: <c>booked N</c>, then each home it could not book, with the reason.</summary>
internal static class GasBookingReport
{
    /// <summary>
    /// <c>booked N gas appointment(s)</c> and, when some could not be booked or were escalated, one line each (home ids,
    /// areas and dates only: no tenant details), each visit booked at short notice because its letter goes by post and the
    /// deadline left no room (<see cref="GasBookedAppointment.ShortNotice"/>); then one line for each order the booking cancelled because the check for
    /// its deadline was made elsewhere (<see cref="GasBookingResult.Closed"/>).
    /// </summary>
    public static void WriteText(GasBookingResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"booked {result.Booked.Count} gas appointment(s)"));
        foreach (var problem in result.Unbooked)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  not booked: {problem.HomeId} ({problem.AreaId}), attempt {problem.AttemptNumber}: {problem.Reason}"));
        }

        foreach (var booked in result.Booked.Where(b => b.ShortNotice))
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  short notice: {booked.HomeId}, {booked.Reference} on {booked.Date:uuuu-MM-dd} {booked.Slot}: its letter goes by post and reaches the tenant by {booked.LetterReaches:uuuu-MM-dd}; the deadline {booked.Deadline:uuuu-MM-dd} left no later slot, so ring the tenant to confirm"));
        }

        foreach (var home in result.Escalated)
        {
            output.WriteLine($"  escalated: {home} (every allowed attempt failed for no access)");
        }

        foreach (var reference in result.Closed)
        {
            output.WriteLine($"  cancelled: {reference} (its window passed unvisited; the check for its deadline was made on another order or recorded in the register)");
        }
    }
}
