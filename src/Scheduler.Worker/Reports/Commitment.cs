namespace Scheduler.Worker.Reports;

/// <summary>One line of the yearly report: a published commitment the landlord measures itself against.</summary>
/// <param name="Id">Stable id used in the CSV: a service id (<c>grass-cut</c>), <c>block-clean-weekly</c> and its
/// siblings for cleaning by frequency, or an SLA target id (<c>repairs-emergency</c>) for repairs.</param>
/// <param name="Name">A short name for readers, e.g. "Grass cutting".</param>
/// <param name="Promise">What was promised, in plain words, e.g. "Attend and make safe within 4 hours".</param>
/// <param name="IsRepair">True for a repair timed by an SLA clock: planned means reported in the year, on time means completed by its deadline instant.</param>
public sealed record Commitment(string Id, string Name, string Promise, bool IsRepair);
