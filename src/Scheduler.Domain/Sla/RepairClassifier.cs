namespace Scheduler.Domain.Sla;

/// <summary>Sorts a reported repair into the landlord's repair categories (customer commitments, "If something needs repairing").</summary>
public static class RepairClassifier
{
    /// <summary>Repairs costing more than this (in pounds) are major works.</summary>
    public const decimal MajorWorksCostThreshold = 500m;

    /// <summary>
    /// The category of a repair, first match wins: a risk to life (or of serious injury or damage to the property) is an
    /// <see cref="RepairCategory.Emergency"/>; work taking more than a day or costing more than £500 (£500.00 itself is
    /// not major) is <see cref="RepairCategory.Major"/>, even outside; other external work is
    /// <see cref="RepairCategory.External"/>; anything else is <see cref="RepairCategory.Routine"/>.
    /// </summary>
    /// <remarks>
    /// Major before external: "major works" is defined by the size of the job wherever it is, and a 30-day promise cannot
    /// be kept for work the landlord itself says takes 60 days. Emergency before everything: a make-safe visit is due in
    /// 4 hours whatever the eventual repair costs.
    /// </remarks>
    /// <param name="riskToLife">Risk to life, threat of serious injury or damage to the property.</param>
    /// <param name="external">External property work such as guttering and fencing.</param>
    /// <param name="moreThanADay">The work will take more than a day to complete.</param>
    /// <param name="estimatedCost">Estimated cost in pounds, VAT as the landlord budgets it; 0 when unknown.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="estimatedCost"/> is negative.</exception>
    public static RepairCategory Classify(bool riskToLife, bool external, bool moreThanADay, decimal estimatedCost)
    {
        if (estimatedCost < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(estimatedCost), estimatedCost, $"{nameof(estimatedCost)} must not be negative.");
        }

        return riskToLife ? RepairCategory.Emergency
            : moreThanADay || estimatedCost > MajorWorksCostThreshold ? RepairCategory.Major
            : external ? RepairCategory.External
            : RepairCategory.Routine;
    }

    /// <summary>
    /// True for the categories the regulator's RP02 counts as emergency repairs: <see cref="RepairCategory.Emergency"/>
    /// and <see cref="RepairCategory.GasHeatingAttend"/> (the two attend-within-hours promises); false for the rest.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="category"/> is <see cref="RepairCategory.Invalid"/> or unknown.</exception>
    public static bool IsEmergency(this RepairCategory category) => category switch
    {
        RepairCategory.Emergency or RepairCategory.GasHeatingAttend => true,
        RepairCategory.Routine or RepairCategory.External or RepairCategory.Major
            or RepairCategory.GasHeatingCombiBoiler or RepairCategory.GasHeatingSolidFuelOilSolar
            or RepairCategory.GasHeatingNonUrgent => false,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Not a repair category."),
    };
}
