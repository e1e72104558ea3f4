using NodaTime;
using Scheduler.Persistence.Gas;

namespace Scheduler.Persistence.Tests.Gas;

/// <summary>
/// The spans of days whose taken slots the nightly booking reads (branch <c>book30</c>): merged per area where they
/// overlap or touch, so that each appointment is counted once. That the plan from them is the full plan is the domain's
/// property test (<c>Plan_SlotsTakenOutsideEveryHomesBookableDaysChangeNothing</c>) and <see cref="GasBookingNightsTests"/>
/// against the reference booking.
/// </summary>
public class TakenSpansTests
{
    private static LocalDate D(int month, int day) => new(2027, month, day);

    [Fact]
    public void Merge_JoinsOverlappingAndTouchingSpansOfAnAreaOnly()
    {
        var merged = GasAppointmentStore.Merge(
        [
            ("north", D(3, 10), D(3, 20)),
            ("south", D(3, 1), D(3, 5)),
            ("north", D(3, 1), D(3, 12)), // overlaps the first
            ("north", D(3, 21), D(3, 25)), // touches it
            ("north", D(6, 1), D(7, 31)), // apart
            ("north", D(6, 10), D(6, 20)), // inside the one before
            ("south", D(3, 7), D(3, 9)), // a day apart from the first south span: kept apart
            ("east", D(4, 2), D(4, 1)), // empty (a home too late to book): dropped
        ]);

        Assert.Equal(
            [("north", D(3, 1), D(3, 25)), ("north", D(6, 1), D(7, 31)), ("south", D(3, 1), D(3, 5)), ("south", D(3, 7), D(3, 9))],
            merged);
    }

    [Fact]
    public void Merge_NoSpans_IsEmpty() => Assert.Empty(GasAppointmentStore.Merge([]));
}
