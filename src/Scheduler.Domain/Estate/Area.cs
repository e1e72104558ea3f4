namespace Scheduler.Domain.Estate;

/// <summary>A management area (patch). Contractors are assigned per area.</summary>
public sealed record Area(string Id, string Name);
