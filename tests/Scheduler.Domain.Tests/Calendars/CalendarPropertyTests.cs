using CsCheck;
using NodaTime;
using Scheduler.Domain.Calendars;
using static Scheduler.Domain.Tests.TestCalendars;

namespace Scheduler.Domain.Tests.Calendars;

/// <summary>Properties that must hold for any rule and any range, checked on generated cases.</summary>
public class CalendarPropertyTests
{
    private static readonly int[] DivisorsOfTwelve = [1, 2, 3, 4, 6, 12];

    private static readonly Gen<IsoDayOfWeek> Weekday = Gen.Int[1, 5].Select(i => (IsoDayOfWeek)i);

    private static readonly Gen<LocalDate> DateIn2026To2028 = Gen.Int[0, 1000].Select(d => D("2026-01-01").PlusDays(d));

    private static readonly Gen<FixedRecurrenceRule> AnyRule = Gen.OneOf<FixedRecurrenceRule>(
        Gen.Select(Gen.Int[1, 4], Weekday, DateIn2026To2028, (n, day, from) => new WeeklyRule(n, day, from)),
        Gen.Select(Gen.Int[0, 5], Gen.Int[1, 12], (i, from) => new MonthlyRule(DivisorsOfTwelve[i], from, TargetPlacement.Start)),
        Gen.Select(Gen.Int[1, 4095], Gen.Int[1, 4], Gen.Int[1, 3], (mask, k, place) =>
            new MonthsRule([.. Enumerable.Range(1, 12).Where(m => (mask & (1 << (m - 1))) != 0)], k, (TargetPlacement)place)));

    [Fact]
    public void Windows_OfOneRuleNeverOverlapAndComeInOrder() =>
        Gen.Select(AnyRule, DateIn2026To2028, Gen.Int[0, 400]).Sample((rule, from, days) =>
        {
            var windows = rule.Windows(from, from.PlusDays(days)).Select(w => w.Window).ToList();
            for (var i = 1; i < windows.Count; i++)
            {
                Assert.True(windows[i - 1].End < windows[i].Start, $"{rule}: {windows[i - 1]} overlaps {windows[i]}");
            }
        }, iter: 2000);

    [Fact]
    public void Windows_PreferredDateIsInsideItsWindowAndWindowsMeetTheRange() =>
        Gen.Select(AnyRule, DateIn2026To2028, Gen.Int[0, 400]).Sample((rule, from, days) =>
        {
            var to = from.PlusDays(days);
            foreach (var w in rule.Windows(from, to))
            {
                Assert.True(w.Window.Contains(w.Preferred), $"{rule}: {w.Preferred} outside {w.Window}");
                Assert.True(w.Window.End >= from && w.Window.Start <= to, $"{rule}: {w.Window} misses {from}..{to}");
            }
        }, iter: 2000);

    [Fact]
    public void Targets_AreWorkingDaysInsideTheirWindows() =>
        Gen.Select(AnyRule, DateIn2026To2028).Sample((rule, from) =>
        {
            foreach (var w in rule.Windows(from, from.PlusDays(200)))
            {
                var target = EnglandAndWales.TargetWithin(w.Window, w.Preferred);
                if (w.Window.Days >= 5)
                {
                    // A window of 5 or more consecutive days always holds a working day (no 5-day holiday runs in the UK).
                    Assert.NotNull(target);
                }

                if (target is { } t)
                {
                    Assert.True(w.Window.Contains(t) && EnglandAndWales.IsWorkingDay(t), $"{rule}: {t} in {w.Window}");
                }
            }
        }, iter: 2000);

    [Fact]
    public void YearlyCounts_MatchTheRule() =>
        Gen.Select(AnyRule, Gen.Int[2026, 2028]).Sample((rule, year) =>
        {
            var jan1 = new LocalDate(year, 1, 1);
            var dec31 = new LocalDate(year, 12, 31);
            var count = rule.Windows(jan1, dec31).Count(w => w.Preferred >= jan1 && w.Preferred <= dec31);
            switch (rule)
            {
                case MonthsRule m:
                    Assert.Equal(m.Months.Count * m.PerMonth, count);
                    break;
                case MonthlyRule m:
                    Assert.Equal(12 / m.EveryMonths, count);
                    break;
                case WeeklyRule w:
                    // Independent count: walk every Monday; a week is in phase when its distance from the anchor's
                    // week is a multiple of N; the anchor week's visit is the anchor date itself when the rule's
                    // weekday falls before it (and the anchor is a weekday).
                    var expected = 0;
                    var anchorMonday = (w.From ?? jan1).With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
                    for (var monday = jan1.PlusDays(-7).With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday)); monday <= dec31; monday = monday.PlusDays(7))
                    {
                        var weeks = Period.DaysBetween(anchorMonday, monday) / 7;
                        if (w.From is not null && (monday < anchorMonday || weeks % w.EveryWeeks != 0))
                        {
                            continue;
                        }

                        var visit = monday.PlusDays((int)w.Day - 1);
                        if (w.From is { } anchor && visit < anchor)
                        {
                            visit = anchor;
                        }

                        if (visit <= monday.PlusDays(4) && visit >= jan1 && visit <= dec31)
                        {
                            expected++;
                        }
                    }

                    Assert.Equal(expected, count);
                    break;
            }
        }, iter: 2000);

    [Fact]
    public void Floating_ProjectionNeverOverlapsAndKeepsEveryVisitBeforeItsDeadline() =>
        Gen.Select(DateIn2026To2028, Gen.Int[-500, 400]).Sample((asOf, lastOffset) =>
        {
            var rule = Scheduler.Domain.Compliance.GasSafetyRecord.Rule;
            var expander = new OccurrenceExpander(SeedConfiguration.Build(), EnglandAndWales);
            var last = asOf.PlusDays(lastOffset - 365);
            var visits = expander.Project(rule, last, asOf, asOf.PlusYears(3), asOf).ToList();
            Assert.NotEmpty(visits);
            var deadline = rule.Deadline(last);
            for (var i = 0; i < visits.Count; i++)
            {
                var (window, target) = visits[i];
                Assert.True(window.Contains(target) && EnglandAndWales.IsWorkingDay(target), $"{target} in {window}");
                Assert.True(target >= asOf);
                if (i > 0)
                {
                    Assert.True(visits[i - 1].Window.End < window.Start);
                    Assert.True(target < deadline, $"visit {target} on or after deadline {deadline}");
                }

                deadline = rule.Deadline(rule.EffectiveDate(deadline, target));
            }
        }, iter: 2000);
}
