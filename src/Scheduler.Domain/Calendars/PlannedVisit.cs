using NodaTime;

namespace Scheduler.Domain.Calendars;

/// <summary>
/// A visit worked out once and paired with every matching asset: its window, its target date and the dated
/// follow-ups after it (which depend only on its window and target date).
/// </summary>
internal sealed record PlannedVisit(ServiceWindow Window, LocalDate Target, PlannedFollowUp[] FollowUps);

/// <summary>A follow-up of a <see cref="PlannedVisit"/>: its service, window and target date.</summary>
internal readonly record struct PlannedFollowUp(string Service, ServiceWindow Window, LocalDate Target);
