using Scheduler.Domain;
using NodaTime;

namespace Scheduler.Worker.Email;

/// <summary>
/// A visit that follows a work order (e.g. a path sweep after a grass cut), shown on the parent's email so the
/// contractor plans both.
/// </summary>
/// <param name="Reference">The follow-up's own work order reference.</param>
/// <param name="ServiceName">Its service's name from config, e.g. "Path sweeping after a grass cut".</param>
/// <param name="Window">When it may happen; inclusive at both ends.</param>
/// <param name="TargetDate">The working day it is aimed at.</param>
public sealed record FollowUpView(string Reference, string ServiceName, ServiceWindow Window, LocalDate TargetDate);
