using System.Globalization;

using Scheduler.Domain.Calendars;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;

namespace Scheduler.Worker.Configuration;

/// <summary>
/// Reads one entry of <c>schedules:</c>: <c>{ id, service, appliesTo, where?, recurrence, followUps?,
/// nestingSeason?, appointment? }</c>.
/// </summary>
internal static class ScheduleSection
{
    /// <summary>The keys a schedule accepts.</summary>
    public static readonly string[] Keys = ["id", "service", "appliesTo", "where", "recurrence", "followUps", "nestingSeason", "appointment"];

    /// <summary>The keys of a follow-up.</summary>
    public static readonly string[] FollowUpKeys = ["service", "due"];

    /// <summary>The keys of a <c>nestingSeason</c> override.</summary>
    public static readonly string[] NestingSeasonKeys = ["allow", "reason"];

    /// <summary>The keys of an <c>appointment</c> policy.</summary>
    public static readonly string[] AppointmentKeys = ["slots", "notice", "letterAhead", "postDays", "attempts", "engineers"];

    /// <summary>The keys of a slot written as a mapping (<c>{ id: AM, from: "08:00", to: "12:00" }</c>).</summary>
    public static readonly string[] SlotKeys = ["id", "from", "to"];

    /// <summary>Config words for <see cref="AssetKind"/>.</summary>
    public static readonly IReadOnlyDictionary<string, AssetKind> AssetKinds = new Dictionary<string, AssetKind>(StringComparer.Ordinal)
    {
        ["sites"] = AssetKind.Site,
        ["blocks"] = AssetKind.Block,
        ["properties"] = AssetKind.Property,
    };

    /// <summary>
    /// The schedule, or null when any part is wrong. <paramref name="id"/> has been read already;
    /// <paramref name="services"/> are the service ids defined anywhere in config.
    /// </summary>
    public static Schedule? Read(YamlMap map, string? id, ServiceIds services)
    {
        var before = map.Origin.Source.ProblemCount;
        var what = map.What;
        var service = map.Required("service") is { } serviceNode ? services.Read(serviceNode, $"{what}: service") : null;
        var appliesTo = map.Required("appliesTo")?.AsChoice($"{what}: appliesTo", AssetKinds);
        var where = map.Optional("where") is { } whereNode ? ReadWhere(whereNode, appliesTo, what) : new Dictionary<string, string>();
        var recurrence = map.Required("recurrence") is { } recurrenceNode ? RecurrenceSection.Read(recurrenceNode, $"{what}: recurrence") : null;
        var followUps = map.Optional("followUps") is { IsEmpty: false } followUpsNode ? ReadFollowUps(followUpsNode, services, what) : [];
        var nesting = map.Optional("nestingSeason") is { } nestingNode ? ReadNestingSeason(nestingNode, what) : null;
        var appointment = map.Optional("appointment") is { } appointmentNode ? ReadAppointment(appointmentNode, what) : null;
        if (map.Origin.Source.ProblemCount > before
            || id is null || service is null || appliesTo is null || where is null || recurrence is null || followUps is null)
        {
            return null;
        }

        return new Schedule(id, service, appliesTo.Value, where, recurrence, followUps)
        {
            NestingSeason = nesting,
            Appointment = appointment,
            Origin = map.Origin.Location,
        };
    }

    /// <summary>
    /// <c>where: { column: value }</c>: every column must be a contract column of the register file for
    /// <paramref name="kind"/>, and its value of that column's kind (booleans normalised to lower case).
    /// </summary>
    private static Dictionary<string, string>? ReadWhere(ConfigNode node, AssetKind? kind, string what)
    {
        var columns = kind is { } k ? RegisterColumns.For(k) : null;
        var map = node.AsMap($"{what}: where", columns ?? [.. Enum.GetValues<AssetKind>().SelectMany(RegisterColumns.For).Distinct()]);
        if (map is null)
        {
            return null;
        }

        var before = node.Source.ProblemCount;
        var where = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            var label = $"{what}: where.{entry.Key}";
            string? value = RegisterColumns.KindOf(entry.Key) switch
            {
                RegisterColumns.ValueKind.Boolean => entry.Value.AsBool(label) is { } b ? (b ? "true" : "false") : null,
                RegisterColumns.ValueKind.Cleaning => entry.Value.AsChoice(label, CleaningChoices) is { } c ? RegisterColumns.CleaningValues[c] : null,
                RegisterColumns.ValueKind.Year => entry.Value.AsInt(label, 1000, 9999)?.ToString(CultureInfo.InvariantCulture),
                RegisterColumns.ValueKind.Date => entry.Value.AsDate(label)?.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
                _ => entry.Value.AsText(label),
            };
            if (value is not null)
            {
                where[entry.Key] = value;
            }
        }

        return node.Source.ProblemCount > before ? null : where;
    }

    private static readonly IReadOnlyDictionary<string, int> CleaningChoices =
        RegisterColumns.CleaningValues.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);

    private static List<FollowUpRule>? ReadFollowUps(ConfigNode node, ServiceIds services, string what)
    {
        var items = node.AsList($"{what}: followUps");
        if (items is null)
        {
            return null;
        }

        var before = node.Source.ProblemCount;
        var rules = new List<FollowUpRule>();
        foreach (var item in items)
        {
            if (item.AsMap($"a follow-up of {what}", FollowUpKeys) is not { } map)
            {
                continue;
            }

            var service = map.Required("service") is { } serviceNode ? services.Read(serviceNode, $"{what}: followUps service") : null;
            var due = map.Required("due")?.AsDuration($"{what}: followUps due", DurationUnit.WorkingDays);
            if (service is not null && due is { } d)
            {
                rules.Add(new FollowUpRule(service, d.Count) { Origin = item.Location });
            }
        }

        return node.Source.ProblemCount > before ? null : rules;
    }

    /// <summary>
    /// <c>nestingSeason: { allow: [months], reason: text }</c>. A missing reason is left empty here and reported by
    /// <see cref="ConfigurationRules.Check"/>, which owns the nesting-season rules.
    /// </summary>
    private static NestingSeasonOverride? ReadNestingSeason(ConfigNode node, string what)
    {
        if (node.AsMap($"{what}: nestingSeason", NestingSeasonKeys) is not { } map)
        {
            return null;
        }

        var months = map.Required("allow")?.AsMonthList($"{what}: nestingSeason.allow");
        var reasonNode = map.Optional("reason");
        var reason = reasonNode is { IsEmpty: false } r ? r.AsText($"{what}: nestingSeason.reason") : string.Empty;
        return months is null || reason is null ? null : new NestingSeasonOverride(months, reason) { Origin = node.Location };
    }

    private static AppointmentPolicy? ReadAppointment(ConfigNode node, string what)
    {
        if (node.AsMap($"{what}: appointment", AppointmentKeys) is not { } map)
        {
            return null;
        }

        var slotsRead = map.Required("slots") is { } slotsNode ? ReadSlots(slotsNode, what) : null;
        var slots = slotsRead?.Ids;
        var notice = map.Required("notice")?.AsDuration($"{what}: appointment.notice", DurationUnit.Days, DurationUnit.Weeks);
        var letterAheadNode = map.Optional("letterAhead");
        var letterAhead = letterAheadNode?.AsDuration($"{what}: appointment.letterAhead", DurationUnit.Days, DurationUnit.Weeks);
        if (letterAhead is { } ahead && notice is { } least && Days(ahead) < Days(least))
        {
            letterAheadNode!.Value.Error(
                $"{what}: appointment.letterAhead ({ahead}) is shorter than appointment.notice ({least}): the letter must reach the tenant at least the notice before the visit",
                ahead.ToString(),
                $"at least {least}");
            return null;
        }

        // How long a letter by post takes to reach the tenant (docs/gas-safety.md, Letters by post); absent: Royal Mail second class.
        var postDaysNode = map.Optional("postDays");
        var postDays = postDaysNode?.AsDuration($"{what}: appointment.postDays", DurationUnit.WorkingDays);
        var attempts = map.Required("attempts")?.AsInt($"{what}: appointment.attempts", 1, 10);
        var engineers = map.Optional("engineers") is { } engineersNode ? ReadEngineers(engineersNode, what) : new Dictionary<string, int>(StringComparer.Ordinal);
        if (slots is not null && slots.Distinct(StringComparer.Ordinal).Count() != slots.Count)
        {
            map.Required("slots")!.Value.Error($"{what}: appointment.slots lists a slot twice", string.Join(", ", slots));
            return null;
        }

        return slots is null || notice is null || attempts is null || engineers is null || (postDaysNode is not null && postDays is null)
            ? null
            : new AppointmentPolicy(slots, notice.Value.ToPeriod(), attempts.Value)
            {
                Engineers = engineers,
                LetterAhead = letterAhead?.ToPeriod(),
                PostWorkingDays = postDays?.Count ?? AppointmentPolicy.DefaultPostWorkingDays,
                Hours = slotsRead!.Value.Hours,
            };
    }

    /// <summary>
    /// <c>slots:</c> a non-empty list whose entries are each a plain name (<c>AM</c>) or a mapping
    /// <c>{ id: AM, from: "08:00", to: "12:00" }</c> (local times; both or neither; <c>from</c> before <c>to</c>). Slots
    /// with hours must not overlap. Null after reporting every bad entry.
    /// </summary>
    private static (IReadOnlyList<string> Ids, IReadOnlyDictionary<string, SlotHours> Hours)? ReadSlots(ConfigNode node, string what)
    {
        var label = $"{what}: appointment.slots";
        var items = node.AsList(label);
        if (items is null)
        {
            return null;
        }

        if (items.Count == 0)
        {
            node.Error($"{label} is empty; list at least one");
            return null;
        }

        var before = node.Source.ProblemCount;
        var ids = new List<string>();
        var hours = new Dictionary<string, SlotHours>(StringComparer.Ordinal);
        var timed = new List<(string Id, SlotHours Hours)>();
        foreach (var item in items)
        {
            if (item.Node is YamlDotNet.RepresentationModel.YamlSequenceNode)
            {
                item.Error($"an entry of {label} must be a slot name (e.g. AM) or a mapping {{ id: AM, from: \"08:00\", to: \"12:00\" }}, but this is a list");
                continue;
            }

            if (item.Node is not YamlDotNet.RepresentationModel.YamlMappingNode)
            {
                if (item.AsText($"an entry of {label}") is { } name)
                {
                    ids.Add(name);
                }

                continue;
            }

            if (item.AsMap($"a slot of {label}", SlotKeys) is not { } slot)
            {
                continue;
            }

            var id = slot.Required("id")?.AsText($"a slot's id in {label}");
            var slotLabel = id is null ? $"a slot of {label}" : $"{label}: slot '{id}'";
            var fromNode = slot.Optional("from");
            var toNode = slot.Optional("to");
            var from = fromNode?.AsTimeOfDay($"{slotLabel}: from");
            var to = toNode?.AsTimeOfDay($"{slotLabel}: to");
            if (id is null)
            {
                continue;
            }

            ids.Add(id);
            if (fromNode is null != toNode is null)
            {
                item.Error(
                    $"{slotLabel} has '{(fromNode is null ? "to" : "from")}' but no '{(fromNode is null ? "from" : "to")}'; give both times or neither",
                    null,
                    "both from and to (e.g. from: \"08:00\", to: \"12:00\"), or neither");
                continue;
            }

            if (from is not { } start || to is not { } end)
            {
                continue;
            }

            if (start >= end)
            {
                toNode!.Value.Error(
                    $"{slotLabel} ends at {SlotHours.Clock(end)}, not after it starts at {SlotHours.Clock(start)}: 'from' must be before 'to' on the same day",
                    toNode.Value.ValueText,
                    $"a time after {SlotHours.Clock(start)}");
                continue;
            }

            var own = new SlotHours(start, end);
            if (timed.FirstOrDefault(t => t.Hours.Overlaps(own)) is { Id: not null } clash)
            {
                item.Error(
                    $"{slotLabel} ({own}) overlaps slot '{clash.Id}' ({clash.Hours}); slots must not overlap (one may end as the next starts)",
                    null,
                    $"a slot starting at or after {SlotHours.Clock(clash.Hours.To)} or ending at or before {SlotHours.Clock(clash.Hours.From)}");
                continue;
            }

            timed.Add((id, own));
            hours.TryAdd(id, own);
        }

        return node.Source.ProblemCount > before ? null : (ids, hours);
    }

    /// <summary>A days or weeks duration in days.</summary>
    private static int Days(FriendlyDuration duration) => duration.ToPeriod().Normalize().Days;

    /// <summary><c>engineers: { area: N }</c>: gas engineers per area id, each a whole number from 0 to 100.</summary>
    private static Dictionary<string, int>? ReadEngineers(ConfigNode node, string what)
    {
        if (node.AsOpenMap($"{what}: appointment.engineers") is not { } map)
        {
            return null;
        }

        var before = node.Source.ProblemCount;
        var engineers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            if (entry.Value.AsInt($"{what}: appointment.engineers.{entry.Key}", 0, 100) is { } count)
            {
                engineers[entry.Key] = count;
            }
        }

        return node.Source.ProblemCount > before ? null : engineers;
    }
}
