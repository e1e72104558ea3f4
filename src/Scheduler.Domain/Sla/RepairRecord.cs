using NodaTime;

namespace Scheduler.Domain.Sla;

/// <summary>One responsive repair as the RP02 measure sees it.</summary>
/// <param name="Category">Its category; <see cref="RepairClassifier.IsEmergency"/> picks its side of RP02.</param>
/// <param name="Raised">When it was reported.</param>
/// <param name="Completed">When it was completed; null while it is still open.</param>
/// <param name="Due">Its inclusive deadline, from the landlord's own target (<see cref="SlaClock.Due"/>).</param>
public readonly record struct RepairRecord(RepairCategory Category, Instant Raised, Instant? Completed, Instant Due);
