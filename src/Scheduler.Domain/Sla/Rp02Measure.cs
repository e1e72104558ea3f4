namespace Scheduler.Domain.Sla;

/// <summary>One half of RP02: how many repairs were completed in the period, and how many of those within target.</summary>
/// <param name="Completed">Repairs completed in the period (the denominator).</param>
/// <param name="WithinTarget">Of those, completed at or before their deadline (the numerator).</param>
public readonly record struct Rp02Measure(int Completed, int WithinTarget)
{
    /// <summary>
    /// <see cref="WithinTarget"/> as a percentage of <see cref="Completed"/>, rounded to one decimal place with halves
    /// away from zero (2 of 3 is 66.7; 1 of 8 is 12.5; 1 of 16 is 6.3), as the regulator's TSM returns report it.
    /// Null when nothing was completed: no proportion exists, and 0 % or 100 % would both mislead.
    /// </summary>
    public decimal? Percentage => Completed == 0
        ? null
        : Math.Round(100m * WithinTarget / Completed, 1, MidpointRounding.AwayFromZero);

    /// <inheritdoc />
    public override string ToString() => Percentage is { } p
        ? FormattableString.Invariant($"{WithinTarget} of {Completed} ({p:0.0}%)")
        : FormattableString.Invariant($"{WithinTarget} of {Completed}");
}
