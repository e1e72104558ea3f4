using BenchmarkDotNet.Attributes;
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

    /// <summary>
    /// Every n-th matching asset of each schedule goes to Ical.Net (1 = all). In the benchmark process it comes
    /// from <see cref="ExpandCommand.SampleVariable"/>, set on the job by <see cref="ExpandCommand"/>.
    /// </summary>
    public int IcalSampleEvery { get; set; } = SampleFromEnvironment();

    /// <summary>Ical.Net events built by <see cref="SetUpIcalNet"/>.</summary>
    public int IcalEvents => _ical.EventCount;

    /// <summary>The distinct RRULEs Ical.Net expands.</summary>
    public IReadOnlyList<string> IcalRules => _ical.Rules;

    [GlobalSetup(Target = nameof(Domain))]
    public void SetUpDomain()
    {
        _register = SyntheticEstate.Build(From.Year - 1);
        _config = ShippedSchedules.Configuration(_register.Areas);
        _calendar = EnglandAndWalesHolidays.Calendar();
    }

    [GlobalSetup(Target = nameof(IcalNet))]
    public void SetUpIcalNet()
    {
        var register = SyntheticEstate.Build(From.Year - 1);
        _ical = IcalNetEstate.Build(ShippedSchedules.Configuration(register.Areas), register, From, To, IcalSampleEvery);
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

    /// <summary>Ical.Net over the same schedules and assets (or the fixed sample), events built in setup.</summary>
    [Benchmark(Baseline = true)]
    public int IcalNet() => _ical.Expand(From, To.PlusDays(1));

    private static int SampleFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(ExpandCommand.SampleVariable), out var every) && every > 0 ? every : 1;
}
