using NodaTime;

using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Domain.Sla;

/// <summary>
/// A service-level clock: a target such as <c>4 hours</c>, <c>17 days</c> or <c>2 working days</c>, and the rule
/// that turns the moment a case was raised into the moment it is due. Immutable.
/// </summary>
/// <remarks>
/// <para><b>Hours</b> are elapsed time, counted on <see cref="Instant"/>s: a 4-hour clock raised at 00:30 GMT on the
/// last Sunday of March is due at 05:30 BST (4 hours later, although the wall clock moved 5). The zone and the calendar
/// play no part.</para>
/// <para><b>Day-based</b> clocks (days, working days, weeks, months, years) count whole local dates in the landlord's
/// zone. The day the case was raised is day 0, whatever the time and whatever kind of day it is; counting starts the
/// day after; the case is due by the <b>end</b> of the last day (midnight at its close, in local time).</para>
/// <list type="bullet">
/// <item>days: calendar days, weekends and bank holidays included; <c>17 days</c> from Mon 1 Mar 2027 14:00 is due by the
/// end of Thu 18 Mar 2027. A last day that falls on a weekend or bank holiday is <b>not</b> moved.</item>
/// <item>working days: only working days of the <see cref="WorkingDayCalendar"/> count; <c>1 working day</c> from
/// Fri 16:00 is due by the end of Monday (Tuesday after a bank-holiday Monday). A case raised on a Saturday, a bank
/// holiday or at 23:59 on a Friday is day 0 on that date, so its first working day is the next working day.</item>
/// <item>weeks: 7 calendar days each; months and years: calendar arithmetic (1 month from 31 January is 28 or 29 February).</item>
/// </list>
/// <para>This is the cautious reading: the clock starts when the landlord is told, not when its office next opens, and
/// a deadline is never stretched to the next working day. It never reports a late case as on time.</para>
/// </remarks>
public readonly record struct SlaClock
{
    /// <summary>Creates a clock for <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> has an invalid unit or a count below 1.</exception>
    public SlaClock(FriendlyDuration target)
    {
        if (target.Unit == DurationUnit.Invalid || !Enum.IsDefined(target.Unit) || target.Count < 1)
        {
            throw new ArgumentException("An SLA target must be a whole number of at least 1 and a unit (hours, days, working days, weeks, months or years).", nameof(target));
        }

        Target = target;
    }

    /// <summary>The target, as configured.</summary>
    public FriendlyDuration Target { get; }

    /// <summary>True for an hours clock, which counts elapsed time; false for a clock that counts local dates.</summary>
    public bool IsElapsedTime => Target.Unit == DurationUnit.Hours;

    /// <summary>
    /// The deadline for a case raised at <paramref name="raised"/>. It is <b>inclusive</b>: a case completed at or before
    /// the returned instant is on time (<see cref="SlaEvaluation.Evaluate"/>). For an hours clock it is
    /// <paramref name="raised"/> plus the hours; for a day-based clock it is the end of <see cref="DueDate"/> in
    /// <paramref name="zone"/>: midnight at its close, which is the first instant of the following local day (so 24:00 on
    /// the last day still counts). Judge a completion known only by its date with
    /// <see cref="SlaEvaluation.DateOnlyCompletion"/>, never the start of that day.
    /// </summary>
    /// <param name="raised">When the landlord was told (the report, the awareness, the end of an investigation).</param>
    /// <param name="zone">The landlord's zone (<see cref="Configuration.Organisation.Zone"/>) in which dates are counted.</param>
    /// <param name="calendar">Working days of the configured nation; only working-day clocks read it.</param>
    public Instant Due(Instant raised, DateTimeZone zone, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(calendar);
        if (IsElapsedTime)
        {
            return raised + Target.ToDuration();
        }

        var lastDay = DueDate(raised.InZone(zone).Date, calendar);
        return zone.AtStartOfDay(lastDay.PlusDays(1)).ToInstant();
    }

    /// <summary>
    /// The last day on which a case raised on <paramref name="raisedOn"/> is on time (<b>inclusive</b>): a completion on
    /// that date or earlier meets the target. <paramref name="raisedOn"/> is day 0 (see the remarks on <see cref="SlaClock"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">For an hours clock, which needs the time of day: use <see cref="Due"/>.</exception>
    public LocalDate DueDate(LocalDate raisedOn, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Target.Unit switch
        {
            DurationUnit.WorkingDays => calendar.AddWorkingDays(raisedOn, Target.Count),
            DurationUnit.Hours => throw new InvalidOperationException(
                $"'{Target}' is elapsed time and has no due date without a time of day: use Due(instant, zone, calendar)."),
            _ => raisedOn.Plus(Target.ToPeriod()),
        };
    }

    /// <inheritdoc />
    public override string ToString() => Target.ToString();
}
