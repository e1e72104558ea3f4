using NodaTime;
using Scheduler.Domain;
using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Domain.WorkingDays;
using Scheduler.Worker.Configuration;

namespace Scheduler.Benchmarks;

/// <summary>
/// Checks that the benchmark still measures what ships: <see cref="ShippedSchedules"/> against
/// <c>config/*.yaml</c> read by the real loader (same schedules in the same order, and the same occurrences over
/// the benchmark estate), and <see cref="EnglandAndWalesHolidays"/> against the shipped bank-holiday catalogue.
/// </summary>
internal static class ShippedConfigCheck
{
    /// <summary>Every difference found; empty when the benchmark mirrors the shipped config and holidays.</summary>
    public static IReadOnlyList<string> Differences(EstateRegister register, LocalDate from, LocalDate to)
    {
        ArgumentNullException.ThrowIfNull(register);
        var differences = new List<string>();
        var calendar = EnglandAndWalesHolidays.Calendar();

        var shipped = BankHolidayCatalog.Snapshot.Holidays(BankHolidayRegion.EnglandAndWales, from.Year, to.Year + 1).Select(h => h.Date);
        var ours = EnglandAndWalesHolidays.Holidays().Select(h => h.Date);
        if (!shipped.SequenceEqual(ours))
        {
            differences.Add($"bank holidays {from.Year}-{to.Year + 1} differ from the shipped catalogue: "
                + $"shipped [{string.Join(", ", shipped)}], benchmark [{string.Join(", ", ours)}]");
        }

        if (BenchEnvironment.TryRepositoryRoot() is not { } root)
        {
            differences.Add($"no EstateScheduler.sln above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}: config/*.yaml not compared");
            return differences;
        }

        var loaded = ConfigLoader.Load(Path.Join(root, "config"));
        if (loaded.Configuration is not { } config)
        {
            differences.Add("config/*.yaml did not load: " + string.Join("; ", loaded.Problems));
            return differences;
        }

        var mine = ShippedSchedules.Configuration(register.Areas);
        var shippedIds = config.Schedules.Select(s => s.Id).ToArray();
        var benchIds = mine.Schedules.Select(s => s.Id).ToArray();
        if (!shippedIds.SequenceEqual(benchIds))
        {
            differences.Add($"schedules differ: config/*.yaml has [{string.Join(", ", shippedIds)}], the benchmark [{string.Join(", ", benchIds)}]");
        }

        // Contractors are synthetic, so compare everything else each occurrence says.
        var yaml = new OccurrenceExpander(config, calendar);
        var bench = new OccurrenceExpander(mine, calendar);
        foreach (var id in shippedIds.Intersect(benchIds))
        {
            var filter = new ExpansionFilter(id);
            var expected = yaml.Expand(register, from, to, from, filter).Select(Visit);
            if (!expected.SequenceEqual(bench.Expand(register, from, to, from, filter).Select(Visit)))
            {
                differences.Add($"schedule '{id}' expands differently from config/*.yaml over the benchmark estate");
            }
        }

        return differences;
    }

    private static (string Service, string AssetId, ServiceWindow Window, LocalDate Target, LocalDate? ParentTarget) Visit(Occurrence o) =>
        (o.Service, o.AssetId, o.Window, o.TargetDate, o.Parent?.TargetDate);
}
