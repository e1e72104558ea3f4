using NodaTime;

using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;

using YamlDotNet.RepresentationModel;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// Reads a schedule's <c>recurrence</c>: one rule, or a list of rules that combine. Each rule is one of
/// <list type="bullet">
/// <item><c>{ every: N weeks, on: Weekday, from: date? }</c> → <see cref="WeeklyRule"/> (<c>from</c> required from 2 weeks up);</item>
/// <item><c>{ every: N months, from: Month?, target: start|middle|end? }</c> → <see cref="MonthlyRule"/> (N divides 12);</item>
/// <item><c>{ months: [..], perMonth: K?, target: start|middle|end? }</c> → <see cref="MonthsRule"/>;</item>
/// <item><c>{ after: duration, earlyWindow: duration, lastDone: column? }</c> → <see cref="FloatingRule"/>.</item>
/// </list>
/// A floating rule stands alone: it cannot be mixed with fixed rules in one list.
/// </summary>
internal static class RecurrenceSection
{
    /// <summary>The keys of an <c>every:</c> rule (<c>on</c> for weeks only, <c>target</c> for months only).</summary>
    public static readonly string[] EveryKeys = ["every", "on", "from", "target"];

    /// <summary>The keys of a <c>months:</c> rule.</summary>
    public static readonly string[] MonthsKeys = ["months", "perMonth", "target"];

    /// <summary>The keys of a floating <c>after:</c> rule.</summary>
    public static readonly string[] AfterKeys = ["after", "earlyWindow", "lastDone"];

    /// <summary>Config words for <see cref="TargetPlacement"/>.</summary>
    public static readonly IReadOnlyDictionary<string, TargetPlacement> Targets = new Dictionary<string, TargetPlacement>(StringComparer.Ordinal)
    {
        ["start"] = TargetPlacement.Start,
        ["middle"] = TargetPlacement.Middle,
        ["end"] = TargetPlacement.End,
    };

    private const string AcceptedShapes =
        "{ every: N weeks, on: Weekday, from: date }, { every: N months, from: Month, target: start|middle|end }, "
        + "{ months: [Mon, ...], perMonth: 1-4, target: start|middle|end }, { after: duration, earlyWindow: duration, lastDone: column }";

    private static readonly string[] ShapeKeys = ["every", "months", "after"];

    /// <summary>The rules, or null when any is wrong (every problem reported).</summary>
    public static IReadOnlyList<RecurrenceRule>? Read(ConfigNode node, string what)
    {
        var before = node.Source.ProblemCount;
        List<RecurrenceRule?> rules;
        switch (node.Node)
        {
            case YamlMappingNode:
                rules = [ReadRule(node, what)];
                break;
            case YamlSequenceNode sequence when sequence.Children.Count == 0:
                node.Error($"{what} is an empty list; give at least one rule", null, AcceptedShapes);
                return null;
            case YamlSequenceNode:
                rules = [.. node.AsList(what)!.Select(item => ReadRule(item, what))];
                break;
            default:
                node.Error($"{what} must be a rule (a mapping) or a list of rules, but this is {ConfigNode.Describe(node.Node)}", node.ValueText, AcceptedShapes);
                return null;
        }

        var floating = rules.OfType<FloatingRule>().Count();
        if (floating > 0 && rules.Count > 1)
        {
            node.Error(
                floating == rules.Count
                    ? $"{what} has {floating} floating rules (after:); a schedule floats from one rule only"
                    : $"{what} mixes a floating rule (after:) with fixed rules; a floating schedule has one rule only, so put fixed visits in a schedule of their own");
        }

        return node.Source.ProblemCount > before ? null : [.. rules.Select(r => r!)];
    }

    private static RecurrenceRule? ReadRule(ConfigNode node, string what)
    {
        if (node.Node is not YamlMappingNode mapping)
        {
            node.Error($"each rule of {what} must be a mapping, but this is {ConfigNode.Describe(node.Node)}", node.ValueText, AcceptedShapes);
            return null;
        }

        var present = ShapeKeys
            .Where(k => mapping.Children.Keys.OfType<YamlScalarNode>().Any(key => key.Value == k))
            .ToList();
        if (present.Count != 1)
        {
            node.Error(
                present.Count == 0
                    ? $"a rule of {what} needs one of 'every', 'months' or 'after'"
                    : $"a rule of {what} has {string.Join(" and ", present.Select(k => $"'{k}'"))}; a rule is one of these, so write a list of rules to combine them",
                null,
                AcceptedShapes);
            return null;
        }

        var rule = present[0] switch
        {
            "every" => ReadEvery(node.AsMap($"an 'every' rule of {what}", EveryKeys)!, what),
            "months" => ReadMonths(node.AsMap($"a 'months' rule of {what}", MonthsKeys)!, what),
            _ => ReadAfter(node.AsMap($"a floating rule of {what}", AfterKeys)!, what),
        };
        return rule is null ? null : rule with { Origin = node.Location };
    }

    private static RecurrenceRule? ReadEvery(YamlMap map, string what)
    {
        var every = map.Required("every")!.Value;
        var interval = every.AsDuration($"{what}: every", DurationUnit.Weeks, DurationUnit.Months);
        return interval?.Unit switch
        {
            DurationUnit.Weeks => ReadWeekly(map, interval.Value.Count, what),
            DurationUnit.Months => ReadMonthly(map, every, interval.Value.Count, what),
            _ => null,
        };
    }

    private static WeeklyRule? ReadWeekly(YamlMap map, int weeks, string what)
    {
        var before = map.Origin.Source.ProblemCount;
        map.Optional("target")?.Error($"{what}: 'target' applies to month rules; a weekly visit is aimed at its 'on' day", "target");
        var day = map.Required("on")?.AsWeekday($"{what}: on");
        var from = map.Optional("from")?.AsDate($"{what}: from");
        if (weeks > 1 && map.Optional("from") is null)
        {
            map.Origin.Error(
                $"{what}: every {weeks} weeks needs 'from', the date of the first visit, to say which weeks",
                null,
                "an ISO date yyyy-mm-dd, e.g. from: 2027-01-06");
        }

        return map.Origin.Source.ProblemCount > before || day is null ? null : new WeeklyRule(weeks, day.Value, from);
    }

    private static MonthlyRule? ReadMonthly(YamlMap map, ConfigNode every, int months, string what)
    {
        var before = map.Origin.Source.ProblemCount;
        map.Optional("on")?.Error($"{what}: 'on' applies to weekly rules; a monthly visit's window is the whole month", "on");
        if (12 % months != 0)
        {
            every.Error($"{what}: every {months} months does not repeat each year; the number of months must divide 12", every.ValueText, "1, 2, 3, 4, 6 or 12 months");
        }

        var from = map.Optional("from")?.AsMonth($"{what}: from");
        var target = map.Optional("target")?.AsChoice($"{what}: target", Targets);
        return map.Origin.Source.ProblemCount > before
            ? null
            : new MonthlyRule(months, from ?? 1, target ?? TargetPlacement.Start);
    }

    private static MonthsRule? ReadMonths(YamlMap map, string what)
    {
        var before = map.Origin.Source.ProblemCount;
        var months = map.Required("months")!.Value.AsMonthList($"{what}: months");
        var perMonth = map.Optional("perMonth")?.AsInt($"{what}: perMonth", 1, 4);
        var target = map.Optional("target")?.AsChoice($"{what}: target", Targets);
        return map.Origin.Source.ProblemCount > before || months is null
            ? null
            : new MonthsRule(months, perMonth ?? 1, target ?? TargetPlacement.Start);
    }

    private static FloatingRule? ReadAfter(YamlMap map, string what)
    {
        var before = map.Origin.Source.ProblemCount;
        var after = map.Required("after")!.Value.AsDuration($"{what}: after", DurationUnit.Months, DurationUnit.Years, DurationUnit.Weeks, DurationUnit.Days);
        var earlyNode = map.Required("earlyWindow");
        var early = earlyNode?.AsDuration($"{what}: earlyWindow", DurationUnit.Months, DurationUnit.Weeks, DurationUnit.Days);
        var lastDone = map.Optional("lastDone") is { } lastDoneNode ? Column(lastDoneNode, $"{what}: lastDone") : FloatingRule.DefaultLastDoneColumn;
        if (after is { } a && early is { } e)
        {
            var probe = new LocalDate(2001, 1, 1);
            if (probe.Plus(e.ToPeriod()) >= probe.Plus(a.ToPeriod()))
            {
                earlyNode!.Value.Error($"{what}: earlyWindow ({e}) must be shorter than the interval after: {a}", e.ToString());
            }
        }

        return map.Origin.Source.ProblemCount > before || after is null || early is null || lastDone is null
            ? null
            : new FloatingRule(after.Value.ToPeriod(), early.Value.ToPeriod(), lastDone);
    }

    private static string? Column(ConfigNode node, string what)
    {
        var text = node.AsText(what);
        if (text is not null && !text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            node.Error($"{what} must be a register column name", text, "a lower-case column name such as last_gas_check");
            return null;
        }

        return text;
    }
}
