using NodaTime;

namespace Scheduler.Domain.Calendars;

/// <summary>
/// <see cref="PerMonth"/> visits in each of the listed <see cref="Months"/> (config:
/// <c>{ months: [Apr, May], perMonth: 2 }</c>; <c>perMonth</c> defaults to 1, which is the "listed months"
/// pattern of hedges and residual spray). Each month is split into <see cref="PerMonth"/> consecutive
/// windows at days 30·i/K: two visits give 1st–15th and 16th–end, three give 1–10, 11–20, 21–end.
/// </summary>
public sealed record MonthsRule : FixedRecurrenceRule
{
    private readonly bool[] _inMonth = new bool[13];

    /// <summary>Creates the rule. Months are 1–12; <paramref name="perMonth"/> is 1 to 4.</summary>
    public MonthsRule(IReadOnlyList<int> months, int perMonth = 1, TargetPlacement target = TargetPlacement.Start)
    {
        ArgumentNullException.ThrowIfNull(months);
        if (months.Count == 0)
        {
            throw new ArgumentException("At least one month is needed.", nameof(months));
        }

        foreach (var m in months)
        {
            Check.InRange(m, 1, 12, nameof(months));
            _inMonth[m] = true;
        }

        Check.InRange(perMonth, 1, 4, nameof(perMonth));
        Months = [.. months.Distinct().Order()];
        PerMonth = perMonth;
        Target = target == TargetPlacement.Invalid ? TargetPlacement.Start : target;
    }

    /// <summary>The months (1–12) with visits, ascending.</summary>
    public IReadOnlyList<int> Months { get; }

    /// <summary>Visits in each listed month.</summary>
    public int PerMonth { get; }

    /// <summary>Where in each window the visit is aimed.</summary>
    public TargetPlacement Target { get; }

    /// <summary>True when <paramref name="month"/> (1–12) has visits.</summary>
    public bool HasVisitIn(int month) => month is >= 1 and <= 12 && _inMonth[month];

    /// <inheritdoc />
    public override IEnumerable<DatedWindow> Windows(LocalDate from, LocalDate to)
    {
        for (var first = new LocalDate(from.Year, from.Month, 1); first <= to; first = first.PlusMonths(1))
        {
            if (!_inMonth[first.Month])
            {
                continue;
            }

            var length = first.Calendar.GetDaysInMonth(first.Year, first.Month);
            var startDay = 1;
            for (var part = 1; part <= PerMonth; part++)
            {
                var endDay = part == PerMonth ? length : Math.Min(length, 30 * part / PerMonth);
                var window = new ServiceWindow(first.PlusDays(startDay - 1), first.PlusDays(endDay - 1));
                if (window.End >= from && window.Start <= to)
                {
                    yield return new DatedWindow(window, Placement.Preferred(window, Target));
                }

                startDay = endDay + 1;
            }
        }
    }
}
