using NodaTime;

namespace Scheduler.Persistence.Gas;

/// <summary>A gas work order as booking and the completion effect need it: ids, status, the home's area and the deadline.</summary>
internal sealed record GasOrder(long Id, string Reference, string Service, string ScheduleId, string HomeId, string AreaId, string Status, LocalDate? Deadline);
