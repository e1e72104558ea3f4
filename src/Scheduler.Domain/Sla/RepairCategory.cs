namespace Scheduler.Domain.Sla;

/// <summary>
/// The kind of a responsive repair, which picks its target (<see cref="SlaCatalog.ForRepair"/>) and its side of the
/// regulator's RP02 measure (<see cref="RepairClassifier.IsEmergency"/>).
/// </summary>
public enum RepairCategory
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>Risk to life, threat of serious injury or damage to the property: attend and make safe within 4 hours.</summary>
    Emergency,

    /// <summary>Any other repair to the home: complete within 17 days.</summary>
    Routine,

    /// <summary>External works such as guttering and fencing not covered by the home MOT: complete within 30 days.</summary>
    External,

    /// <summary>Work taking more than a day or costing over £500: complete within 60 days.</summary>
    Major,

    /// <summary>No heating or hot water, an uncontrollable water leak or a reported gas leak: attend within 6 hours.</summary>
    GasHeatingAttend,

    /// <summary>A combi boiler repair not finished at the first visit: complete within 5 days.</summary>
    GasHeatingCombiBoiler,

    /// <summary>A solid fuel, oil or solar thermal repair not finished at the first visit: complete within 10 days.</summary>
    GasHeatingSolidFuelOilSolar,

    /// <summary>A non-urgent heating repair such as a room thermostat or radiator valve: complete within 15 days.</summary>
    GasHeatingNonUrgent,
}
