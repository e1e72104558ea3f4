using NodaTime;

namespace Scheduler.Domain.Calendars;

/// <summary>
/// Every <see cref="EveryMonths"/> calendar months counting from <see cref="FromMonth"/> (config:
/// <c>{ every: 2 months, from: Jan }</c> is January, March, May, July, September and November of every year).
/// The window is the whole month. <see cref="EveryMonths"/> must divide 12 so the pattern repeats each year.
/// </summary>
public sealed record MonthlyRule : FixedRecurrenceRule
{
    /// <summary>Creates the rule. <paramref name="fromMonth"/> is 1 (January) to 12.</summary>
    public MonthlyRule(int everyMonths, int fromMonth, TargetPlacement target = TargetPlacement.Start)
    {
        Check.Positive(everyMonths, nameof(everyMonths));
        Check.InRange(fromMonth, 1, 12, nameof(fromMonth));
        if (12 % everyMonths != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(everyMonths), everyMonths, "every N months must divide 12 (1, 2, 3, 4, 6 or 12).");
        }

        EveryMonths = everyMonths;
        FromMonth = fromMonth;
        Target = target == TargetPlacement.Invalid ? TargetPlacement.Start : target;
    }

    /// <summary>Months between visits.</summary>
    public int EveryMonths { get; }

    /// <summary>A month that has a visit (1–12); the others follow every <see cref="EveryMonths"/>.</summary>
    public int FromMonth { get; }

    /// <summary>Where in the month the visit is aimed.</summary>
    public TargetPlacement Target { get; }

    /// <summary>True when <paramref name="month"/> (1–12) has a visit.</summary>
    public bool HasVisitIn(int month) => ((month - FromMonth) % EveryMonths + EveryMonths) % EveryMonths == 0;

    /// <inheritdoc />
    public override IEnumerable<DatedWindow> Windows(LocalDate from, LocalDate to)
    {
        for (var first = new LocalDate(from.Year, from.Month, 1); first <= to; first = first.PlusMonths(1))
        {
            if (HasVisitIn(first.Month))
            {
                var window = new ServiceWindow(first, first.With(DateAdjusters.EndOfMonth));
                yield return new DatedWindow(window, Placement.Preferred(window, Target));
            }
        }
    }
}
