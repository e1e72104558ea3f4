using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

using Scheduler.Domain.Configuration;

namespace Scheduler.Domain.Sla;

/// <summary>
/// The landlord's service-level targets by id: the published commitments and Awaab's Law as <see cref="Defaults"/>,
/// each replaceable from config (<see cref="WithOverrides"/>). Immutable and thread-safe.
/// </summary>
public sealed class SlaCatalog
{
    private static readonly Lazy<SlaCatalog> s_defaults = new(() => new SlaCatalog(DefaultTargets()));

    private readonly ReadOnlyDictionary<string, SlaTarget> _byId;

    private SlaCatalog(IReadOnlyList<SlaTarget> targets)
    {
        Targets = targets;
        _byId = targets.ToDictionary(t => t.Id, StringComparer.Ordinal).AsReadOnly();
    }

    /// <summary>The published targets (customer commitments, Awaab's Law), in the order <c>docs/sla.md</c> lists them.</summary>
    public static SlaCatalog Defaults => s_defaults.Value;

    /// <summary>Every target, in a stable order (the order of <see cref="Defaults"/>).</summary>
    public IReadOnlyList<SlaTarget> Targets { get; }

    /// <summary>The target with id <paramref name="id"/> (ordinal, case-sensitive).</summary>
    /// <exception cref="KeyNotFoundException">No target has that id; the message lists the ids there are.</exception>
    public SlaTarget this[string id] => TryFind(id, out var target)
        ? target
        : throw new KeyNotFoundException($"There is no SLA target '{id}'. Known targets: {KnownIds}.");

    /// <summary>Looks up a target by id (ordinal, case-sensitive); false when there is none.</summary>
    public bool TryFind(string? id, [NotNullWhen(true)] out SlaTarget? target)
    {
        target = null;
        return id is not null && _byId.TryGetValue(id, out target);
    }

    /// <summary>The target for a repair of <paramref name="category"/> (see <see cref="RepairClassifier.Classify"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="category"/> is <see cref="RepairCategory.Invalid"/> or unknown.</exception>
    public SlaTarget ForRepair(RepairCategory category) => this[category switch
    {
        RepairCategory.Emergency => SlaIds.RepairsEmergency,
        RepairCategory.Routine => SlaIds.RepairsRoutine,
        RepairCategory.External => SlaIds.RepairsExternal,
        RepairCategory.Major => SlaIds.RepairsMajor,
        RepairCategory.GasHeatingAttend => SlaIds.GasHeatingAttend,
        RepairCategory.GasHeatingCombiBoiler => SlaIds.GasHeatingCombiBoiler,
        RepairCategory.GasHeatingSolidFuelOilSolar => SlaIds.GasHeatingSolidFuelOilSolar,
        RepairCategory.GasHeatingNonUrgent => SlaIds.GasHeatingNonUrgent,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Not a repair category."),
    }];

    /// <summary>
    /// Why config may not set target <paramref name="id"/> to <paramref name="target"/>, or null when it may. Refused:
    /// an unknown id; an invalid duration; for a statutory target, a different unit or a longer count than the law's
    /// (a landlord may promise better than Awaab's Law, never worse). For a config loader that reports each key with
    /// its file and line.
    /// </summary>
    public string? CheckOverride(string id, FriendlyDuration target)
    {
        if (!TryFind(id, out var current))
        {
            return $"'{id}' is not an SLA target; known targets: {KnownIds}.";
        }

        if (target.Unit == DurationUnit.Invalid || !Enum.IsDefined(target.Unit) || target.Count < 1)
        {
            return $"'{id}' needs {FriendlyDuration.AcceptedForms}.";
        }

        var law = Defaults.TryFind(id, out var d) ? d : current;
        return law.IsStatutory && (target.Unit != law.Target.Unit || target.Count > law.Target.Count)
            ? $"'{id}' is set by law at {law.Target}; it may be shortened (same unit, a smaller number) but not lengthened or changed to '{target}'."
            : null;
    }

    /// <summary>
    /// A catalog with the targets named in <paramref name="overrides"/> replaced (ids, categories and descriptions kept);
    /// the others keep their value here. An empty dictionary gives an equal catalog.
    /// </summary>
    /// <exception cref="ArgumentException">Any override <see cref="CheckOverride"/> refuses; the message lists every one.</exception>
    public SlaCatalog WithOverrides(IReadOnlyDictionary<string, FriendlyDuration> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var problems = overrides
            .OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => CheckOverride(o.Key, o.Value))
            .OfType<string>()
            .ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(overrides));
        }

        return new SlaCatalog([.. Targets.Select(t => overrides.TryGetValue(t.Id, out var value) ? t with { Target = value } : t)]);
    }

    private string KnownIds => string.Join(", ", Targets.Select(t => t.Id));

    private static SlaTarget[] DefaultTargets() =>
    [
        Target(SlaIds.RepairsEmergency, SlaCategory.Repairs, "4 hours",
            "Emergency repair (risk to life, threat of serious injury or damage to the property): attend and make safe, from the report."),
        Target(SlaIds.RepairsRoutine, SlaCategory.Repairs, "17 days", "Routine repair: complete, from the report."),
        Target(SlaIds.RepairsExternal, SlaCategory.Repairs, "30 days",
            "External property works such as guttering and fencing not covered by the home MOT: complete, from the report."),
        Target(SlaIds.RepairsMajor, SlaCategory.Repairs, "60 days",
            "Major works (more than a day to complete or over £500): complete, from the report."),
        Target(SlaIds.GasHeatingAttend, SlaCategory.GasHeating, "6 hours",
            "No heating or hot water, an uncontrollable water leak or a gas leak: attend (and seek to complete), from the report."),
        Target(SlaIds.GasHeatingCombiBoiler, SlaCategory.GasHeating, "5 days", "Combi boiler repair: complete, from the report."),
        Target(SlaIds.GasHeatingSolidFuelOilSolar, SlaCategory.GasHeating, "10 days",
            "Solid or oil fuel appliance, or solar thermal system, repair: complete, from the report."),
        Target(SlaIds.GasHeatingNonUrgent, SlaCategory.GasHeating, "15 days",
            "Non-urgent heating repair such as a room thermostat or radiator valve: complete, from the report."),
        Target(SlaIds.AsbHighRiskRespond, SlaCategory.AntiSocialBehaviour, "1 working day",
            "High-risk ASB case (threats of or actual violence, criminal damage, hate crime): respond, from the report."),
        Target(SlaIds.AsbHighRiskActionPlan, SlaCategory.AntiSocialBehaviour, "2 working days",
            "High-risk ASB case: develop an action plan with the customer, from the first response contact."),
        Target(SlaIds.AsbLowRiskRespond, SlaCategory.AntiSocialBehaviour, "3 working days", "Low-risk ASB report: respond, from the report."),
        Target(SlaIds.ComplaintsAcknowledge, SlaCategory.Complaints, "2 working days", "Complaint: acknowledge, from receipt."),
        Target(SlaIds.ComplaintsRespond, SlaCategory.Complaints, "10 working days", "Complaint: respond in writing, from receipt."),
        Target(SlaIds.ReferralReply, SlaCategory.CustomerService, "48 hours",
            "Query passed to another team: the customer receives a response, from the query."),
        Target(SlaIds.AwaabEmergencyMakeSafe, SlaCategory.AwaabsLaw, "24 hours",
            "Emergency hazard: investigate and make safe, from becoming aware.", statutory: true),
        Target(SlaIds.AwaabDampMouldInvestigate, SlaCategory.AwaabsLaw, "10 working days",
            "Damp and mould (significant hazard): investigate, from becoming aware.", statutory: true),
        Target(SlaIds.AwaabWrittenSummary, SlaCategory.AwaabsLaw, "3 working days",
            "Written summary of the findings to the tenant, from the end of the investigation.", statutory: true),
        Target(SlaIds.AwaabSafetyWork, SlaCategory.AwaabsLaw, "5 working days",
            "Safety work on a significant hazard, from the end of the investigation.", statutory: true),
        Target(SlaIds.AwaabFurtherWorkStart, SlaCategory.AwaabsLaw, "12 weeks",
            "Further (preventative) work physically started, from the end of the investigation.", statutory: true),
    ];

    private static SlaTarget Target(string id, SlaCategory category, string duration, string description, bool statutory = false) =>
        FriendlyDuration.TryParse(duration, out var target)
            ? new SlaTarget(id, category, description, target, statutory)
            : throw new InvalidOperationException($"Default SLA target '{id}' has an unreadable duration '{duration}'.");
}
