using System.Globalization;
using NodaTime;

namespace Scheduler.Domain.Planning;

/// <summary>
/// What the planner needs to know about a work order already stored: its natural key (the
/// <see cref="Occurrence.Key"/> it was created for), what it is for, when, its status and contractor.
/// </summary>
public sealed record StoredOrder
{
    // A re-apply holds every stored order at once (669,066 at 300,000 homes) from the read to the end of the compare,
    // long enough for the collector to copy each twice on its way to the oldest generation; so an order is one small
    // object: the reference as a number when it is in the usual form, and the fields most orders do not have (a key
    // not the usual one, a reference not in the usual form, a parent) in one object of their own, shared by copies.
    private readonly long _number; // the reference's year and number (PackedYear), when _rare.Reference is null
    private readonly Rare? _rare;

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
        ArgumentNullException.ThrowIfNull(Reference);
        _rare = Rare.Of(TryPack(Reference, out _number) ? null : Reference, Key, ParentKey, ParentTargetDate);
        this.ScheduleId = ScheduleId;
        this.Service = Service;
        this.AssetId = AssetId;
        this.Window = Window;
        this.TargetDate = TargetDate;
        this.Status = Status;
        this.ContractorId = ContractorId;
    }

    /// <summary>
    /// A stored order from <see cref="StoredOrderTable"/>'s columns: <paramref name="number"/> is the packed reference
    /// (<see cref="TryPack"/>) or 0 when <paramref name="reference"/> holds it.
    /// </summary>
    internal StoredOrder(
        long number, string? reference, string? key, string scheduleId, string service, string assetId, ServiceWindow window,
        LocalDate targetDate, WorkOrderStatus status, string? contractorId, string? parentKey, LocalDate? parentTargetDate, LocalDate? deadline)
    {
        _number = number;
        Deadline = deadline;
        _rare = Rare.Of(reference, key, parentKey, parentTargetDate);
        ScheduleId = scheduleId;
        Service = service;
        AssetId = assetId;
        Window = window;
        TargetDate = targetDate;
        Status = status;
        ContractorId = contractorId;
    }

    /// <summary>The stable human reference, e.g. <c>WO-2027-000123</c>.</summary>
    public string Reference
    {
        get => _rare?.Reference ?? FormatReference(_number);
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var packed = TryPack(value, out _number);
            _rare = Rare.Of(packed ? null : value, _rare?.Key, _rare?.ParentKey, _rare?.ParentTargetDate);
        }
    }

    /// <summary>
    /// The occurrence key: schedule, asset, window start and service. A stored order created with a null key has the
    /// key those give (<see cref="Occurrence.Key"/>'s format), made into a string only when asked for.
    /// </summary>
    public string Key
    {
        get => _rare?.Key ?? OrderKey.Format(ScheduleId, AssetId, Window.Start, Service);
        init => _rare = Rare.Of(_rare?.Reference, value, _rare?.ParentKey, _rare?.ParentTargetDate);
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

    /// <summary>
    /// For a floating visit (gas), the statutory deadline it is booked for (<c>work_orders.deadline</c>); null for other
    /// orders, for one of a home never checked, and for one stored before the column existed. The planner tells from it
    /// whether a check recorded in the register is this visit's (<see cref="Calendars.FloatingRule.Covers"/>).
    /// </summary>
    public LocalDate? Deadline { get; init; }

    /// <summary>For a follow-up, the occurrence key of the order it follows; otherwise null.</summary>
    public string? ParentKey
    {
        get => _rare?.ParentKey;
        init => _rare = Rare.Of(_rare?.Reference, _rare?.Key, value, _rare?.ParentTargetDate);
    }

    /// <summary>For a follow-up, the target date of the order it follows (a follow-up of a visit aimed before as-of is history); otherwise null.</summary>
    public LocalDate? ParentTargetDate
    {
        get => _rare?.ParentTargetDate;
        init => _rare = Rare.Of(_rare?.Reference, _rare?.Key, _rare?.ParentKey, value);
    }

    /// <summary>True for a follow-up (it has a parent).</summary>
    public bool IsFollowUp => _rare is { } rare && (rare.ParentKey is not null || rare.ParentTargetDate is not null);

    /// <summary>True when the order was given a key (not left to be made from its values).</summary>
    internal bool HasOwnKey => _rare?.Key is not null;

    /// <summary>The key as the planner compares it.</summary>
    internal OrderKey OrderKey => _rare?.Key is { } key ? OrderKey.Parse(key) : OrderKey.Of(ScheduleId, AssetId, Window.Start, Service);

    // WO-{year}-{number}: four digits of year, at least six of number, no more leading zeros than six digits need
    // (as the writers make it): packed as year * 10^14 + number + 1, so 0 is "not packed".
    private const long PackedYear = 100_000_000_000_000;

    internal static bool TryPack(string reference, out long packed)
    {
        packed = 0;
        var s = reference.AsSpan();
        if (s.Length < 14 || s.Length > 22 || !s.StartsWith("WO-", StringComparison.Ordinal) || s[7] != '-')
        {
            return false;
        }

        var digits = s[8..];
        if (!IsDigits(s[3..7]) || !IsDigits(digits) || (digits.Length > 6 && digits[0] == '0'))
        {
            return false;
        }

        packed = (long.Parse(s[3..7], NumberStyles.None, CultureInfo.InvariantCulture) * PackedYear)
            + long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) + 1;
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange('0', '9');

    internal static string FormatReference(long packed) =>
        string.Create(CultureInfo.InvariantCulture, $"WO-{(packed - 1) / PackedYear:0000}-{(packed - 1) % PackedYear:000000}");

    /// <summary>
    /// What few orders have: a reference not in the usual form, a key not the usual one, a parent. Never changed once
    /// made (a with-expression's copy shares its original's, and an init accessor replaces it).
    /// </summary>
    private sealed record Rare(string? Reference, string? Key, string? ParentKey, LocalDate? ParentTargetDate)
    {
        /// <summary>The fields as given; null when all are null (most orders).</summary>
        public static Rare? Of(string? reference, string? key, string? parentKey, LocalDate? parentTargetDate) =>
            reference is null && key is null && parentKey is null && parentTargetDate is null ? null : new Rare(reference, key, parentKey, parentTargetDate);
    }
}
