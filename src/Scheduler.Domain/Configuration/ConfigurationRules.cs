using System.Globalization;

using Scheduler.Domain.Calendars;
using Scheduler.Domain.Estate;

namespace Scheduler.Domain.Configuration;

/// <summary>
/// Rules about a whole configuration that no single key can check: the nesting-season guard, the
/// same-contractor rule for follow-ups, and (given a register) that exactly one contractor serves every
/// schedule wherever it has assets. Pure; every problem is located at the config line to change.
/// </summary>
public static class ConfigurationRules
{
    /// <summary>First month of the main bird-nesting season (March; DOMAIN.md §7).</summary>
    public const int NestingSeasonFirstMonth = 3;

    /// <summary>Last month of the main bird-nesting season (August, to 31 August inclusive).</summary>
    public const int NestingSeasonLastMonth = 8;

    private static readonly string[] MonthNames =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// Checks the rules that need no register, returning every problem found (empty when all is well):
    /// <list type="bullet">
    /// <item>a schedule of a nesting-sensitive service may place no window in 1 March–31 August (a weekly or
    /// floating rule always can) unless its <c>nestingSeason.allow</c> lists those months; each offending rule is
    /// reported at its own location;</item>
    /// <item>a <c>nestingSeason</c> override needs a reason, and may only list months of the nesting season;</item>
    /// <item>a follow-up is done by the parent visit's contractor, so every contractor serving the parent's service
    /// must also serve the follow-up's.</item>
    /// </list>
    /// References to services that do not exist are skipped here (the loader reports them where they are written).
    /// </summary>
    public static IReadOnlyList<ConfigProblem> Check(EstateConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = new List<ConfigProblem>();
        foreach (var schedule in config.Schedules)
        {
            CheckOverride(schedule, problems);
            if (config.FindService(schedule.Service) is { NestingSensitive: true })
            {
                CheckNestingSeason(schedule, problems);
            }

            foreach (var followUp in schedule.FollowUps)
            {
                CheckSameContractor(config, schedule, followUp, problems);
            }
        }

        return problems;
    }

    /// <summary>
    /// Checks the configuration against the estate register: for every schedule and every area holding at least
    /// one asset the schedule applies to (its kind, filtered by <c>where</c>), exactly one contractor must serve
    /// the schedule's service there. None leaves work without anyone to do it; two or more make the choice
    /// ambiguous. Also reports contractor areas that the register does not have. Problems are located at the
    /// schedule (or contractor) in config.
    /// </summary>
    public static IReadOnlyList<ConfigProblem> CheckCoverage(EstateConfiguration config, EstateRegister register)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(register);
        var problems = new List<ConfigProblem>();
        var areaIds = register.Areas.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var contractor in config.Contractors)
        {
            foreach (var area in contractor.Areas.Where(a => !areaIds.Contains(a)))
            {
                problems.Add(new ConfigProblem(
                    contractor.Origin,
                    $"contractor '{contractor.Id}' covers area '{area}', which is not in the estate register",
                    area,
                    string.Join(", ", register.Areas.Select(a => a.Id))));
            }
        }

        foreach (var schedule in config.Schedules)
        {
            if (schedule.AppliesTo == AssetKind.Invalid)
            {
                continue;
            }

            var assetsByArea = register.AssetsOf(schedule.AppliesTo)
                .Where(a => a.Matches(schedule.Where))
                .CountBy(a => a.AreaId, StringComparer.Ordinal)
                .OrderBy(p => p.Key, StringComparer.Ordinal);
            foreach (var (area, count) in assetsByArea)
            {
                var serving = config.ContractorsFor(schedule.Service, area).Select(c => c.Id).ToList();
                var assets = Plural(count, schedule.AppliesTo);
                if (serving.Count == 0)
                {
                    problems.Add(new ConfigProblem(
                        schedule.Origin,
                        $"schedule '{schedule.Id}': no contractor serves {schedule.Service} in area {area} ({assets}); add {schedule.Service} and {area} to one contractor's services and areas"));
                }
                else if (serving.Count > 1)
                {
                    problems.Add(new ConfigProblem(
                        schedule.Origin,
                        $"schedule '{schedule.Id}': {serving.Count} contractors serve {schedule.Service} in area {area} ({assets}): {string.Join(", ", serving)}; exactly one may, so every work order has one contractor",
                        string.Join(", ", serving)));
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// Checks that a reactive trade raised from visits has someone to send it to: when <paramref name="config"/>
    /// declares the service <paramref name="service"/> (e.g. <c>repairs</c>, raised from a defect reported on a
    /// visit), every area holding an asset that a schedule chosen by <paramref name="visits"/> applies to needs at
    /// least one contractor serving <paramref name="service"/> there (config order picks when several do, so two are
    /// fine). Without one, a defect reported in that area would be refused. A config that does not declare the
    /// service raises no such work and gets no problem. Problems are located at the service in config.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="register">The estate register.</param>
    /// <param name="service">The reactive service id.</param>
    /// <param name="visits">The schedules whose visits can raise it (e.g. every schedule, or the gas schedules).</param>
    public static IReadOnlyList<ConfigProblem> CheckReactiveCoverage(EstateConfiguration config, EstateRegister register, string service, Func<Schedule, bool> visits)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(visits);
        if (config.FindService(service) is not { } definition)
        {
            return [];
        }

        var visitedByArea = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var schedule in config.Schedules.Where(s => s.AppliesTo != AssetKind.Invalid && visits(s)))
        {
            foreach (var asset in register.AssetsOf(schedule.AppliesTo).Where(a => a.Matches(schedule.Where)))
            {
                if (!visitedByArea.TryGetValue(asset.AreaId, out var ids))
                {
                    visitedByArea[asset.AreaId] = ids = new HashSet<string>(StringComparer.Ordinal);
                }

                ids.Add(asset.Id);
            }
        }

        var problems = new List<ConfigProblem>();
        foreach (var (area, assets) in visitedByArea.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!config.ContractorsFor(service, area).Any())
            {
                problems.Add(new ConfigProblem(
                    definition.Origin,
                    $"service '{service}': no contractor serves it in area {area}, where {assets.Count} visited asset(s) can report a defect that raises it; add {service} and {area} to one contractor's services and areas"));
            }
        }

        return problems;
    }

    private static void CheckOverride(Schedule schedule, List<ConfigProblem> problems)
    {
        if (schedule.NestingSeason is not { } allowance)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(allowance.Reason))
        {
            problems.Add(new ConfigProblem(
                allowance.Origin,
                $"schedule '{schedule.Id}': nestingSeason.allow needs a reason, recorded for the nesting-season decision (e.g. reason: summer cut only after a recorded nest check)"));
        }

        var outside = allowance.AllowMonths.Where(m => !InNestingSeason(m)).ToList();
        if (outside.Count > 0)
        {
            problems.Add(new ConfigProblem(
                allowance.Origin,
                $"schedule '{schedule.Id}': nestingSeason.allow lists months outside the nesting season, which need no permission",
                MonthList(outside),
                "Mar, Apr, May, Jun, Jul, Aug"));
        }
    }

    private static void CheckNestingSeason(Schedule schedule, List<ConfigProblem> problems)
    {
        var allowed = schedule.NestingSeason?.AllowMonths ?? [];
        foreach (var rule in schedule.Recurrence)
        {
            var refused = NestingMonthsOf(rule).Where(m => !allowed.Contains(m)).ToList();
            if (refused.Count == 0)
            {
                continue;
            }

            var months = MonthList(refused);
            problems.Add(new ConfigProblem(
                rule.Origin,
                $"schedule '{schedule.Id}': {schedule.Service} is nesting-sensitive and may not be scheduled 1 March–31 August (bird nesting season), but this rule places work in {months}; move it, or add nestingSeason: {{ allow: [{months}], reason: ... }} to the schedule",
                months));
        }
    }

    /// <summary>The nesting-season months (3–8) in which <paramref name="rule"/> can place a window.</summary>
    private static IEnumerable<int> NestingMonthsOf(RecurrenceRule rule)
    {
        var season = Enumerable.Range(NestingSeasonFirstMonth, NestingSeasonLastMonth - NestingSeasonFirstMonth + 1);
        return rule switch
        {
            MonthsRule months => season.Where(months.HasVisitIn),
            MonthlyRule monthly => season.Where(monthly.HasVisitIn),

            // Weekly and floating rules can fall in any month.
            _ => season,
        };
    }

    private static void CheckSameContractor(EstateConfiguration config, Schedule schedule, FollowUpRule followUp, List<ConfigProblem> problems)
    {
        if (config.FindService(followUp.Service) is null)
        {
            return;
        }

        var missing = config.Contractors
            .Where(c => c.Services.Contains(schedule.Service, StringComparer.Ordinal)
                        && !c.Services.Contains(followUp.Service, StringComparer.Ordinal))
            .Select(c => c.Id)
            .ToList();
        if (missing.Count > 0)
        {
            problems.Add(new ConfigProblem(
                followUp.Origin,
                $"schedule '{schedule.Id}': the follow-up {followUp.Service} is done by the contractor of the {schedule.Service} visit, but {string.Join(", ", missing)} serve{(missing.Count == 1 ? "s" : string.Empty)} {schedule.Service} and not {followUp.Service}; add {followUp.Service} to {(missing.Count == 1 ? "its" : "their")} services",
                string.Join(", ", missing)));
        }
    }

    private static bool InNestingSeason(int month) => month is >= NestingSeasonFirstMonth and <= NestingSeasonLastMonth;

    private static string MonthList(IEnumerable<int> months) =>
        string.Join(", ", months.Order().Select(m => m is >= 1 and <= 12 ? MonthNames[m - 1] : m.ToString(CultureInfo.InvariantCulture)));

    private static string Plural(int count, AssetKind kind)
    {
        var noun = (kind, count == 1) switch
        {
            (AssetKind.Site, true) => "site",
            (AssetKind.Site, false) => "sites",
            (AssetKind.Block, true) => "block",
            (AssetKind.Block, false) => "blocks",
            (_, true) => "property",
            _ => "properties",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{count} {noun}");
    }
}
