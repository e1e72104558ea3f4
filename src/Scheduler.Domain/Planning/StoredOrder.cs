using NodaTime;

namespace Scheduler.Domain.Planning;

/// <summary>
/// What the planner needs to know about a work order already stored: its natural key (the
/// <see cref="Occurrence.Key"/> it was created for), what it is for, when, its status and contractor.
/// </summary>
public sealed record StoredOrder
{
    // Null when the key is the one ScheduleId, AssetId, Window.Start and Service give (OrderKey: not held as a string;
    // a re-apply reads hundreds of thousands of orders and compares them by those values).
    private readonly string? _key;

    /// <summary>Creates a stored order.</summary>
    /// <param name="Reference">The stable human reference, e.g. <c>WO-2027-000123</c>.</param>
    /// <param name="Key">The occurrence key: schedule, asset, window start and service.</param>
    /// <param name="ScheduleId">The schedule that created it (for a follow-up, the parent's schedule).</param>
    /// <param name="Service">The service, e.g. <c>grass-cut</c> or <c>path-sweep</c>.</param>
    /// <param name="AssetId">The site, block or home id.</param>
    /// <param name="Window">The service window; inclusive at both ends.</param>
    /// <param name="TargetDate">The working day the visit is aimed at.</param>
    /// <param name="Status">Where the order is in its life.</param>
    /// <param name="ContractorId">The contractor it is (or will be) sent to; null when none was resolved.</param>
    /// <param name="ParentKey">For a follow-up, the occurrence key of the order it follows; otherwise null.</param>
    /// <param name="ParentTargetDate">For a follow-up, the target date of the order it follows (a follow-up of a visit aimed before as-of is history); otherwise null.</param>
#pragma warning disable CA1707, SA1313 // the parameters keep the names of the properties they set, as a positional record's do
    public StoredOrder(
        string Reference,
        string? Key,
        string ScheduleId,
        string Service,
        string AssetId,
        ServiceWindow Window,
        LocalDate TargetDate,
        WorkOrderStatus Status,
        string? ContractorId,
        string? ParentKey = null,
        LocalDate? ParentTargetDate = null)
#pragma warning restore CA1707, SA1313
    {
        this.Reference = Reference;
        _key = Key;
        this.ScheduleId = ScheduleId;
        this.Service = Service;
        this.AssetId = AssetId;
        this.Window = Window;
        this.TargetDate = TargetDate;
        this.Status = Status;
        this.ContractorId = ContractorId;
        this.ParentKey = ParentKey;
        this.ParentTargetDate = ParentTargetDate;
    }

    /// <summary>The stable human reference, e.g. <c>WO-2027-000123</c>.</summary>
    public string Reference { get; init; }

    /// <summary>
    /// The occurrence key: schedule, asset, window start and service. A stored order created with a null key has the
    /// key those give (<see cref="Occurrence.Key"/>'s format), made into a string only when asked for.
    /// </summary>
    public string Key
    {
        get => _key ?? OrderKey.Format(ScheduleId, AssetId, Window.Start, Service);
        init => _key = value;
    }

    /// <summary>The schedule that created it (for a follow-up, the parent's schedule).</summary>
    public string ScheduleId { get; init; }

    /// <summary>The service, e.g. <c>grass-cut</c> or <c>path-sweep</c>.</summary>
    public string Service { get; init; }

    /// <summary>The site, block or home id.</summary>
    public string AssetId { get; init; }

    /// <summary>The service window; inclusive at both ends.</summary>
    public ServiceWindow Window { get; init; }

    /// <summary>The working day the visit is aimed at.</summary>
    public LocalDate TargetDate { get; init; }

    /// <summary>Where the order is in its life.</summary>
    public WorkOrderStatus Status { get; init; }

    /// <summary>The contractor it is (or will be) sent to; null when none was resolved.</summary>
    public string? ContractorId { get; init; }

    /// <summary>For a follow-up, the occurrence key of the order it follows; otherwise null.</summary>
    public string? ParentKey { get; init; }

    /// <summary>For a follow-up, the target date of the order it follows (a follow-up of a visit aimed before as-of is history); otherwise null.</summary>
    public LocalDate? ParentTargetDate { get; init; }

    /// <summary>True for a follow-up (it has a parent).</summary>
    public bool IsFollowUp => ParentKey is not null || ParentTargetDate is not null;

    /// <summary>The key as the planner compares it.</summary>
    internal OrderKey OrderKey => _key is null ? OrderKey.Of(ScheduleId, AssetId, Window.Start, Service) : OrderKey.Parse(_key);
}
