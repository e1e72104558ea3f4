namespace Scheduler.Domain.Sla;

/// <summary>
/// The ids of the default targets in <see cref="SlaCatalog.Defaults"/>. Each is also the key that overrides it under
/// <c>sla:</c> in config (docs/sla.md) and the value stored on an order, so an id never changes once released.
/// </summary>
public static class SlaIds
{
    /// <summary>Emergency repair: attend and make safe, 4 hours.</summary>
    public const string RepairsEmergency = "repairs-emergency";

    /// <summary>Routine repair: 17 days.</summary>
    public const string RepairsRoutine = "repairs-routine";

    /// <summary>External works: 30 days.</summary>
    public const string RepairsExternal = "repairs-external";

    /// <summary>Major works: 60 days.</summary>
    public const string RepairsMajor = "repairs-major";

    /// <summary>Gas heating, no heating or hot water or a leak: attend, 6 hours.</summary>
    public const string GasHeatingAttend = "gas-heating-attend";

    /// <summary>Gas heating, combi boiler repair: 5 days.</summary>
    public const string GasHeatingCombiBoiler = "gas-heating-combi-boiler";

    /// <summary>Solid fuel, oil or solar thermal repair: 10 days.</summary>
    public const string GasHeatingSolidFuelOilSolar = "gas-heating-solid-fuel-oil-solar";

    /// <summary>Non-urgent heating repair: 15 days.</summary>
    public const string GasHeatingNonUrgent = "gas-heating-non-urgent";

    /// <summary>High-risk ASB: respond, 1 working day.</summary>
    public const string AsbHighRiskRespond = "asb-high-risk-respond";

    /// <summary>High-risk ASB: action plan, 2 working days from the response.</summary>
    public const string AsbHighRiskActionPlan = "asb-high-risk-action-plan";

    /// <summary>Low-risk ASB: respond, 3 working days.</summary>
    public const string AsbLowRiskRespond = "asb-low-risk-respond";

    /// <summary>Complaint: acknowledge, 2 working days.</summary>
    public const string ComplaintsAcknowledge = "complaints-acknowledge";

    /// <summary>Complaint: respond in writing, 10 working days.</summary>
    public const string ComplaintsRespond = "complaints-respond";

    /// <summary>Query passed to another team: response, 48 hours.</summary>
    public const string ReferralReply = "referral-reply";

    /// <summary>Awaab's Law emergency hazard: investigate and make safe, 24 hours.</summary>
    public const string AwaabEmergencyMakeSafe = "awaab-emergency-make-safe";

    /// <summary>Awaab's Law damp and mould: investigate, 10 working days.</summary>
    public const string AwaabDampMouldInvestigate = "awaab-damp-mould-investigate";

    /// <summary>Awaab's Law: written summary, 3 working days after the investigation.</summary>
    public const string AwaabWrittenSummary = "awaab-written-summary";

    /// <summary>Awaab's Law: safety work, 5 working days after the investigation.</summary>
    public const string AwaabSafetyWork = "awaab-safety-work";

    /// <summary>Awaab's Law: further work started, 12 weeks after the investigation.</summary>
    public const string AwaabFurtherWorkStart = "awaab-further-work-start";
}
