using System.Diagnostics;

using BenchmarkDotNet.Attributes;
using Ical.Net.CalendarComponents;
using NodaTime;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;

namespace Scheduler.Benchmarks.Expansion;

/// <summary>
/// A year (2027) of every shipped schedule over the synthetic estate: the domain's
/// <see cref="OccurrenceExpander"/> against Ical.Net expanding the equivalent RRULEs, one event per asset and rule.
/// Each method returns the number of occurrences it produced; the count is deterministic, so the rate is
/// count / mean time and the allocation per occurrence is allocated bytes / count (see <see cref="ExpandCommand"/>).
/// </summary>
[MemoryDiagnoser]
public class ExpansionBenchmarks
{
    /// <summary>The year expanded: first and last target date (inclusive), and "today" for gas safety.</summary>
    public static readonly LocalDate From = new(2027, 1, 1), To = new(2027, 12, 31), AsOf = From;

    private EstateConfiguration _config = null!;
    private WorkingDayCalendar _calendar = null!;
    private EstateRegister _register = null!;
    private IcalNetEstate _ical = null!;
    private List<CalendarEvent> _icalEvents = null!;

    /// <summary>
    /// Every n-th matching asset of each schedule goes to Ical.Net (1 = all). In the benchmark process it comes
    /// from <see cref="ExpandCommand.SampleVariable"/>, set on the job by <see cref="ExpandCommand"/>.
    /// </summary>
    public int IcalSampleEvery { get; set; } = SampleFromEnvironment();

    /// <summary>Ical.Net events expanded per call.</summary>
    public int IcalEvents => _icalEvents.Count;

    /// <summary>The distinct RRULEs Ical.Net expands.</summary>
    public IReadOnlyList<string> IcalRules => _ical.Rules;

    [GlobalSetup(Targets = [nameof(Domain), nameof(IcalNetFromRegister)])]
    public void SetUp()
    {
        _register = SyntheticEstate.Build(From.Year - 1);
        _config = ShippedSchedules.Configuration(_register.Areas);
        _calendar = EnglandAndWalesHolidays.Calendar();
        _ical = new IcalNetEstate(_config, _register, From, To, IcalSampleEvery);
    }

    [GlobalSetup(Target = nameof(IcalNet))]
    public void SetUpIcalNetEvents()
    {
        SetUp();
        _icalEvents = [.. _ical.Events()];
    }

    /// <summary>The domain expander over the whole estate, a new expander per call (as each worker run makes one).</summary>
    [Benchmark]
    public int Domain()
    {
        var expander = new OccurrenceExpander(_config, _calendar);
        var count = 0;
        foreach (var occurrence in expander.Expand(_register, From, To, AsOf))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Ical.Net expanding the same schedules and assets (or the fixed sample), its events built in setup: only
    /// the RRULE expansion is timed, the most favourable reading for Ical.Net.
    /// </summary>
    [Benchmark(Baseline = true)]
    public int IcalNet() => IcalNetEstate.Expand(_icalEvents, From, To.PlusDays(1));

    /// <summary>
    /// Ical.Net end to end, like the domain: each call reads the register (filters, last gas check), builds
    /// each asset's event and expands it.
    /// </summary>
    [Benchmark]
    public int IcalNetFromRegister() => IcalNetEstate.Expand(_ical.Events(), From, To.PlusDays(1));

    /// <summary>
    /// Occurrences per schedule on each side (the domain's include follow-ups), to check that both expand the
    /// same calendar. Not a benchmark.
    /// </summary>
    public IReadOnlyList<(string Schedule, int Domain, int IcalNet)> CountBySchedule()
    {
        var expander = new OccurrenceExpander(_config, _calendar);
        return
        [
            .. _config.Schedules.Select(schedule => (
                schedule.Id,
                expander.Expand(_register, From, To, AsOf, new ExpansionFilter(schedule.Id)).Count(),
                IcalNetEstate.Expand(
                    new IcalNetEstate(_config with { Schedules = [schedule] }, _register, From, To, IcalSampleEvery).Events(),
                    From,
                    To.PlusDays(1)))),
        ];
    }

    /// <summary>
    /// A rough per-schedule split of the time (best of <paramref name="repeats"/> Stopwatch runs in this process;
    /// Ical.Net from events built beforehand), to show where the time goes. Not a benchmark.
    /// </summary>
    public IReadOnlyList<(string Schedule, int Domain, double DomainMs, int IcalNet, double IcalNetMs)> TimeBySchedule(int repeats)
    {
        var rows = new List<(string, int, double, int, double)>();
        foreach (var schedule in _config.Schedules)
        {
            var filter = new ExpansionFilter(schedule.Id);
            var (domain, domainMs) = Best(repeats, () => new OccurrenceExpander(_config, _calendar).Expand(_register, From, To, AsOf, filter).Count());
            List<CalendarEvent> events = [.. new IcalNetEstate(_config with { Schedules = [schedule] }, _register, From, To, IcalSampleEvery).Events()];
            var (ical, icalMs) = Best(repeats, () => IcalNetEstate.Expand(events, From, To.PlusDays(1)));
            rows.Add((schedule.Id, domain, domainMs, ical, icalMs));
        }

        return rows;
    }

    private static (int Count, double Milliseconds) Best(int repeats, Func<int> run)
    {
        var count = run(); // warm-up (and JIT)
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            count = run();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return (count, best);
    }

    private static int SampleFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(ExpandCommand.SampleVariable), out var every) && every > 0 ? every : 1;
}
