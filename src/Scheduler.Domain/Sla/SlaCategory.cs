namespace Scheduler.Domain.Sla;

/// <summary>The service a target belongs to, as the landlord's commitments group them.</summary>
public enum SlaCategory
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>Responsive repairs to a home: emergency, routine, external and major.</summary>
    Repairs,

    /// <summary>Gas heating repairs: attend, combi boiler, solid fuel/oil/solar thermal, non-urgent.</summary>
    GasHeating,

    /// <summary>Anti-social behaviour cases, high and low risk.</summary>
    AntiSocialBehaviour,

    /// <summary>Complaints: acknowledgement and written response.</summary>
    Complaints,

    /// <summary>Customer-service queries passed to another team.</summary>
    CustomerService,

    /// <summary>Awaab's Law (Hazards in Social Housing (Prescribed Requirements) (England) Regulations 2025): statutory.</summary>
    AwaabsLaw,
}
